"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldError } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Badge } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { PeoplePicker } from "./people-picker";

/** Calibration sessions: the list, and a form to draw N items from a queue for everyone to label blind. */
export function CalibrationCard({
  projectId,
  queues,
}: {
  projectId: string;
  queues: Array<{ id: string; name: string; source: string }>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.calibration.list.queryOptions({ projectId }));
  const [participants, setParticipants] = useState<string[]>([]);
  const create = useMutation(
    trpc.calibration.create.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.calibration.list.queryKey({ projectId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) });
      },
    }),
  );
  const sources = queues.filter((q) => q.source !== "calibration");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    await create
      .mutateAsync({
        projectId,
        name: String(f.get("name") ?? "").trim(),
        sourceQueueId: String(f.get("sourceQueueId") ?? ""),
        itemCount: Number(f.get("itemCount") ?? 10),
        participantIds: participants,
      })
      .then(
        () => {
          form.reset();
          setParticipants([]);
        },
        () => undefined,
      );
  }

  return (
    <Card
      title="Calibration sessions"
      description="Everyone labels the same items blind (signals hidden); then you review the disagreements, record the agreed labels and revise the rubric."
    >
      {sessions.data && sessions.data.length > 0 ? (
        <ul aria-label="Calibration sessions" className="mb-4 divide-y divide-zinc-200 dark:divide-zinc-800">
          {sessions.data.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
              <Link
                className="font-medium text-brand-600 hover:underline"
                href={`/p/${projectId}/labeling/calibration/${s.id}`}
              >
                {s.name}
              </Link>
              <Badge tone={s.status === "closed" ? "ok" : s.status === "review" ? "warn" : "brand"}>{s.status}</Badge>
              <span className="text-xs text-zinc-500">
                {s.participantIds.length} participants · {s.createdAt.toLocaleString()}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-4 text-sm text-zinc-500">No sessions yet.</p>
      )}
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-3" aria-label="New calibration session">
        <Field label="Session name" error={fieldError(create.error, "name")}>
          <Input name="name" required maxLength={80} placeholder="Refund answers, week 48" />
        </Field>
        <Field label="Items from queue">
          <Select name="sourceQueueId" required>
            {sources.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Number of items" hint="The most disputed first, then the most recent.">
          <Input name="itemCount" type="number" min={2} max={100} defaultValue={10} />
        </Field>
        <div className="md:col-span-3">
          <PeoplePicker projectId={projectId} label="Participants" value={participants} onChange={setParticipants} />
        </div>
        <div className="md:col-span-3">
          <Button type="submit" disabled={create.isPending || sources.length === 0}>
            Start session
          </Button>
        </div>
        <FormError error={create.error} fields={["name"]} className="md:col-span-3" />
      </form>
    </Card>
  );
}
