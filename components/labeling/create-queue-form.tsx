"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldError } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useTRPC } from "@/components/trpc";
import { PeoplePicker } from "./people-picker";

export function CreateQueueForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rubrics = useQuery(trpc.evaluation.rubrics.queryOptions({ projectId }));
  const [kind, setKind] = useState<"pointwise" | "pairwise">("pointwise");
  const [routing, setRouting] = useState(true);
  const [assignees, setAssignees] = useState<string[]>([]);
  const create = useMutation(
    trpc.labeling.createQueue.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) }),
    }),
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    await create
      .mutateAsync({
        projectId,
        name: text("name"),
        kind,
        rubricVersionId: text("rubricVersionId") || undefined,
        overlap: Number(text("overlap") || "2"),
        goldRate: Number(text("goldRate") || "0") / 100,
        showSignals: f.get("showSignals") === "on",
        assigneeIds: assignees,
        ...(routing && kind === "pointwise"
          ? {
              routing: {
                confidenceBelow: Number(text("confidenceBelow") || "60") / 100,
                signalDisagreement: true,
                signalStrength: 0.7,
                unparseable: true,
                newTopicHours: Number(text("newTopicHours") || "24"),
              },
            }
          : {}),
      })
      .then(
        () => {
          form.reset();
          setAssignees([]);
        },
        () => undefined,
      );
  }

  return (
    <Card
      title="New queue"
      description="A routing queue fills itself from judged production answers; a manual queue takes items you add by hand or by filter."
    >
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" aria-label="New queue">
        <Field label="Queue name" error={fieldError(create.error, "name")}>
          <Input name="name" required maxLength={80} placeholder="Ambiguous support answers" />
        </Field>
        <Field label="Item type">
          <Select value={kind} onChange={(e) => setKind(e.target.value as "pointwise" | "pairwise")}>
            <option value="pointwise">Pointwise: one answer, scored 1–5</option>
            <option value="pairwise">Pairwise: production vs shadow answer</option>
          </Select>
        </Field>
        <Field label="Rubric version">
          <Select name="rubricVersionId" defaultValue="">
            <option value="">None</option>
            {rubrics.data?.flatMap((r) =>
              r.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {r.name} v{v.version}
                </option>
              )),
            )}
          </Select>
        </Field>
        <Field label="Labelers per item (k)" hint="Overlap: how many people label each item.">
          <Input name="overlap" type="number" min={1} max={10} defaultValue={2} />
        </Field>
        <Field label="Gold rate (%)" hint="Share of a labeler's items drawn from gold items (known answers).">
          <Input name="goldRate" type="number" min={0} max={100} defaultValue={5} />
        </Field>
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" name="showSignals" defaultChecked /> Show the user&apos;s signals to labelers
        </label>
        {kind === "pointwise" ? (
          <>
            <label className="flex items-center gap-2 text-sm md:col-span-2">
              <input type="checkbox" checked={routing} onChange={(e) => setRouting(e.target.checked)} /> Fill from the
              routing rules (low confidence, judge vs user, unparseable, new topic)
            </label>
            {routing ? (
              <>
                <Field label="Judge confidence below (%)">
                  <Input name="confidenceBelow" type="number" min={0} max={100} defaultValue={60} />
                </Field>
                <Field label="Topic counts as new for (hours)">
                  <Input name="newTopicHours" type="number" min={0} max={2160} defaultValue={24} />
                </Field>
              </>
            ) : null}
          </>
        ) : null}
        <div className="md:col-span-2">
          <PeoplePicker projectId={projectId} label="Assignees" value={assignees} onChange={setAssignees} />
        </div>
        <div className="md:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            Create queue
          </Button>
        </div>
        <FormError error={create.error} fields={["name"]} className="md:col-span-2" />
      </form>
    </Card>
  );
}
