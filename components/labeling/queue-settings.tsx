"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useTRPC } from "@/components/trpc";

/** A queue's own settings, edited where the queue is listed: labels per item (k), gold rate, priority, signals shown. */
export function QueueSettings({
  projectId,
  queue,
}: {
  projectId: string;
  queue: { id: string; overlap: number; goldRate: number; priority: number; showSignals: boolean };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.labeling.updateQueue.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) });
        void queryClient.invalidateQueries({
          queryKey: trpc.labeling.queue.queryKey({ projectId, queueId: queue.id }),
        });
      },
    }),
  );
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    save.mutate({
      projectId,
      queueId: queue.id,
      overlap: Number(f.get("overlap")),
      goldRate: Number(f.get("goldRate")) / 100,
      priority: Number(f.get("priority")),
      showSignals: f.get("showSignals") === "on",
    });
  }
  return (
    <form onSubmit={onSubmit} aria-label="Queue settings" className="flex flex-wrap items-end gap-3" noValidate>
      <Field label="Labels per item (k)">
        <Input name="overlap" type="number" min={1} max={10} defaultValue={queue.overlap} className="w-24" />
      </Field>
      <Field label="Gold rate (%)">
        <Input
          name="goldRate"
          type="number"
          min={0}
          max={100}
          defaultValue={Math.round(queue.goldRate * 100)}
          className="w-24"
        />
      </Field>
      <Field label="Priority">
        <Input name="priority" type="number" min={-100} max={100} defaultValue={queue.priority} className="w-24" />
      </Field>
      <label className="flex items-center gap-2 pb-2 text-sm">
        <input name="showSignals" type="checkbox" defaultChecked={queue.showSignals} />
        Show users&apos; signals to labelers
      </label>
      <Button type="submit" disabled={save.isPending}>
        Save settings
      </Button>
      {save.isSuccess ? (
        <span role="status" className="pb-2 text-sm text-zinc-500">
          Saved.
        </span>
      ) : null}
      <FormError error={save.error} />
    </form>
  );
}
