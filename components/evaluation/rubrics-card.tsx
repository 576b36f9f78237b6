"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { FormError } from "@/components/ui/form-error";
import { Field, Input, Textarea } from "@/components/ui/field";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { criteriaText, parseCategories, parseCriteria } from "./rubric-text";

const DEFAULT_CRITERIA = [
  "Correct | pass_fail | States facts and steps that are right for our product and policies.",
  "Complete | 1-5 | Gives everything the user needs to act, without sending them elsewhere.",
  "On topic | pass_fail | Answers the question that was asked.",
].join("\n");

function RubricForm({
  projectId,
  rubricId,
  initial,
  onDone,
}: {
  projectId: string;
  rubricId?: string;
  initial?: { criteria: string; categories: string; notes: string };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [clientError, setClientError] = useState<string | null>(null);
  const create = useMutation(trpc.evaluation.createRubric.mutationOptions({ onSuccess: onDone }));
  const version = useMutation(trpc.evaluation.newRubricVersion.mutationOptions({ onSuccess: onDone }));
  const mutation = rubricId ? version : create;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const { criteria, error } = parseCriteria(String(f.get("criteria") ?? ""));
    setClientError(error);
    if (error) return;
    const content = {
      projectId,
      criteria,
      failureCategories: parseCategories(String(f.get("categories") ?? "")),
      examples: [],
      notes: String(f.get("notes") ?? "").trim() || undefined,
    };
    if (rubricId) await version.mutateAsync({ ...content, rubricId }).catch(() => undefined);
    else await create.mutateAsync({ ...content, name: String(f.get("name") ?? "") }).catch(() => undefined);
  }
  return (
    <form onSubmit={onSubmit} className="grid gap-3" noValidate>
      {rubricId ? null : (
        <Field label="Rubric name" error={fieldError(create.error, "name")}>
          <Input name="name" required placeholder="Support answer quality" />
        </Field>
      )}
      <Field
        label="Criteria"
        hint='One per line: "Name | pass_fail or 1-5 | what the judge checks".'
        error={clientError ?? fieldError(mutation.error, "criteria")}
      >
        <Textarea name="criteria" rows={4} defaultValue={initial?.criteria ?? DEFAULT_CRITERIA} />
      </Field>
      <Field
        label="Failure categories"
        hint="Comma-separated, lower case, e.g. incorrect, incomplete, off_topic, unsafe, format."
        error={fieldError(mutation.error, "failureCategories")}
      >
        <Input
          name="categories"
          defaultValue={initial?.categories ?? "incorrect, incomplete, off_topic, unsafe, format"}
        />
      </Field>
      <Field label="Notes for the judge (optional)">
        <Input name="notes" defaultValue={initial?.notes ?? ""} />
      </Field>
      <div>
        <Button type="submit" disabled={mutation.isPending}>
          {rubricId ? "Save as new version" : "Create rubric"}
        </Button>
      </div>
      <FormError error={mutation.error} fields={["name", "criteria", "failureCategories"]} />
    </form>
  );
}

export function Rubrics({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rubrics = useQuery(trpc.evaluation.rubrics.queryOptions({ projectId }));
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const refresh = () => {
    setEditing(null);
    setCreating(false);
    void queryClient.invalidateQueries({ queryKey: trpc.evaluation.rubrics.queryKey({ projectId }) });
  };
  return (
    <Card
      title="Rubrics"
      description="What the judges (and later the labelers) check. Editing a rubric makes a new version; scores keep the version they were made with."
    >
      {rubrics.isPending ? <Loading /> : null}
      {rubrics.isError ? <ErrorNote>{errorMessage(rubrics.error)}</ErrorNote> : null}
      {rubrics.data?.length === 0 && !creating ? (
        <p className="text-sm text-zinc-500">No rubric yet{canEdit ? ": create one below." : "."}</p>
      ) : null}
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {rubrics.data?.map((r) => {
          const latest = r.versions[0]!;
          return (
            <li key={r.id} className="space-y-2 py-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex items-center gap-2">
                  <span className="font-medium">{r.name}</span>
                  <Badge tone="brand">v{latest.version}</Badge>
                  {r.versions.length > 1 ? (
                    <span className="text-xs text-zinc-500">{r.versions.length} versions</span>
                  ) : null}
                </div>
                {canEdit ? (
                  <Button variant="secondary" onClick={() => setEditing(editing === r.id ? null : r.id)}>
                    {editing === r.id ? "Cancel" : "Edit (new version)"}
                  </Button>
                ) : null}
              </div>
              <ul className="list-disc pl-5 text-sm text-zinc-600 dark:text-zinc-300">
                {latest.content.criteria.map((c) => (
                  <li key={c.name}>
                    <span className="font-medium">{c.name}</span> ({c.scale === "pass_fail" ? "pass/fail" : "1–5"}):{" "}
                    {c.description}
                  </li>
                ))}
              </ul>
              <div className="flex flex-wrap gap-1">
                {latest.content.failureCategories.map((c) => (
                  <Badge key={c}>{c}</Badge>
                ))}
              </div>
              {editing === r.id ? (
                <RubricForm
                  projectId={projectId}
                  rubricId={r.id}
                  initial={{
                    criteria: criteriaText(latest.content.criteria),
                    categories: latest.content.failureCategories.join(", "),
                    notes: latest.content.notes ?? "",
                  }}
                  onDone={refresh}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {canEdit ? (
        creating ? (
          <div className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
            <RubricForm projectId={projectId} onDone={refresh} />
          </div>
        ) : (
          <Button variant="secondary" className="mt-3" onClick={() => setCreating(true)}>
            New rubric
          </Button>
        )
      ) : null}
    </Card>
  );
}
