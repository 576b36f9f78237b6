"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";

export function RenameProject({ projectId, name }: { projectId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(name);
  const rename = useMutation(
    trpc.projects.rename.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await rename.mutateAsync({ projectId, name: value }).catch(() => undefined);
  }
  return (
    <Card title="Project">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Field label="Project name">
            <Input value={value} onChange={(e) => setValue(e.target.value)} maxLength={80} />
          </Field>
        </div>
        <Button type="submit" disabled={rename.isPending || value.trim() === name}>
          Rename
        </Button>
      </form>
      {rename.isError ? <ErrorNote className="mt-3">{errorMessage(rename.error)}</ErrorNote> : null}
    </Card>
  );
}
