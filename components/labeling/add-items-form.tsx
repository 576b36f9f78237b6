"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useTRPC } from "@/components/trpc";

/** Items by hand (interaction ids) or by filter (recent production answers, optionally only those users disliked). */
export function AddItemsForm({
  projectId,
  queueId,
  pairwise,
}: {
  projectId: string;
  queueId: string;
  pairwise: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const add = useMutation(
    trpc.labeling.addItems.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.labeling.items.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) });
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const ids = String(f.get("ids") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    const hours = Number(f.get("hours") || 0);
    add.mutate({
      projectId,
      queueId,
      ...(ids.length ? { interactionIds: ids } : {}),
      ...(hours > 0
        ? {
            filter: {
              from: new Date(Date.now() - hours * 3_600_000),
              negativeSignalOnly: f.get("negativeOnly") === "on",
              limit: Number(f.get("limit") || 50),
            },
          }
        : {}),
    });
  }

  const r = add.data;
  return (
    <Card
      title="Add items"
      description={`By interaction id, or the most recent production answers${pairwise ? " that have a shadow answer" : ""}. An interaction already in the queue is not added twice.`}
    >
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-4" aria-label="Add items">
        <div className="md:col-span-4">
          <Field label="Interaction ids" hint="Separated by spaces, commas or new lines.">
            <Textarea name="ids" rows={2} />
          </Field>
        </div>
        <Field label="Or: answers from the last (hours)">
          <Input name="hours" type="number" min={0} max={2160} defaultValue={0} />
        </Field>
        <Field label="At most">
          <Input name="limit" type="number" min={1} max={1000} defaultValue={50} />
        </Field>
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" name="negativeOnly" /> Only with a negative user signal
        </label>
        <div className="self-end">
          <Button type="submit" disabled={add.isPending}>
            Add
          </Button>
        </div>
        <FormError error={add.error} className="md:col-span-4" />
      </form>
      {r ? (
        <p role="status" className="mt-3 text-sm">
          Added {r.added} of {r.requested}; {r.alreadyQueued} already in the queue; {r.unusable} without a usable
          answer.
        </p>
      ) : null}
    </Card>
  );
}
