"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { canSee } from "@/components/shell/roles";
import { useTRPC } from "@/components/trpc";
import type { JudgeFilters } from "@/server/modules/evaluation/evaluation.schema";
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
      {mutation.isError && !["name", "criteria", "failureCategories"].some((k) => fieldError(mutation.error, k)) ? (
        <ErrorNote>{errorMessage(mutation.error)}</ErrorNote>
      ) : null}
    </form>
  );
}

function Rubrics({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
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

function AddJudge({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const rubrics = useQuery(trpc.evaluation.rubrics.queryOptions({ projectId }));
  const models = useQuery(trpc.models.list.queryOptions({ projectId }));
  const [provider, setProvider] = useState<"simulated" | "openai-compatible">("openai-compatible");
  const create = useMutation(trpc.evaluation.createJudge.mutationOptions({ onSuccess: onDone }));
  const versions = (rubrics.data ?? []).flatMap((r) =>
    r.versions.map((v) => ({ id: v.id, label: `${r.name} v${v.version}` })),
  );
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    const common = {
      name: text("name"),
      rubricVersionId: text("rubricVersionId"),
      sampleRate: Number(text("samplePercent") || "100") / 100,
      filters: {
        negativeSignalOnly: f.get("negativeOnly") === "on" || undefined,
        modelVersionIds: text("modelVersionId") ? [text("modelVersionId")] : undefined,
      },
    };
    const judge =
      provider === "simulated"
        ? { ...common, provider, noise: Number(text("noisePercent") || "10") / 100 }
        : {
            ...common,
            provider,
            baseUrl: text("baseUrl"),
            model: text("model"),
            apiKey: String(f.get("apiKey") ?? "") || undefined,
            timeoutSeconds: Number(text("timeoutSeconds") || "60"),
          };
    await create.mutateAsync({ projectId, judge }).then(
      () => form.reset(),
      () => undefined,
    );
  }
  const err = (k: string) => fieldError(create.error, `judge.${k}`) ?? fieldError(create.error, k);
  if (versions.length === 0)
    return <p className="text-sm text-zinc-500">Create a rubric first; a judge scores against one.</p>;
  return (
    <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-2" noValidate>
      <Field label="Judge name" error={err("name")}>
        <Input name="name" required placeholder="gpt-judge" />
      </Field>
      <Field label="Judge provider">
        <Select value={provider} onChange={(e) => setProvider(e.target.value as typeof provider)}>
          <option value="openai-compatible">OpenAI-compatible endpoint</option>
          <option value="simulated">Simulated judge (demo world)</option>
        </Select>
      </Field>
      <Field label="Rubric version" error={err("rubricVersionId")}>
        <Select name="rubricVersionId" defaultValue={versions[0]?.id}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Sampled share (%)"
        hint="Decided from the interaction id, so re-runs sample the same ones."
        error={err("sampleRate")}
      >
        <Input name="samplePercent" type="number" min={0} max={100} defaultValue={100} />
      </Field>
      {provider === "openai-compatible" ? (
        <>
          <Field label="Judge base URL" error={err("baseUrl")}>
            <Input name="baseUrl" placeholder="https://api.openai.com/v1" />
          </Field>
          <Field label="Judge model" error={err("model")}>
            <Input name="model" placeholder="gpt-4o-mini" />
          </Field>
          <Field label="Judge API key (optional)">
            <Input name="apiKey" type="password" autoComplete="off" />
          </Field>
          <Field label="Timeout (s)">
            <Input name="timeoutSeconds" type="number" min={1} max={600} defaultValue={60} />
          </Field>
        </>
      ) : (
        <Field label="Simulated error rate (%)" hint="How often the simulated judge gets the verdict wrong.">
          <Input name="noisePercent" type="number" min={0} max={50} defaultValue={10} />
        </Field>
      )}
      <Field label="Model version filter" hint="Score only this version's answers (production and shadow).">
        <Select name="modelVersionId" defaultValue="">
          <option value="">All versions</option>
          {(models.data ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </Select>
      </Field>
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input type="checkbox" name="negativeOnly" /> Only interactions with a negative user signal
      </label>
      <div className="md:col-span-2">
        <Button type="submit" disabled={create.isPending}>
          Add judge
        </Button>
      </div>
      {create.isError && !["name", "baseUrl", "model", "rubricVersionId", "sampleRate"].some((k) => err(k)) ? (
        <ErrorNote className="md:col-span-2">{errorMessage(create.error)}</ErrorNote>
      ) : null}
    </form>
  );
}

function BackfillProgress({ projectId, backfillId }: { projectId: string; backfillId: string }) {
  const trpc = useTRPC();
  const progress = useQuery(
    trpc.evaluation.backfill.queryOptions(
      { projectId, backfillId },
      { refetchInterval: (q) => (q.state.data && q.state.data.done >= q.state.data.total ? false : 1000) },
    ),
  );
  if (!progress.data) return progress.isError ? <ErrorNote>{errorMessage(progress.error)}</ErrorNote> : <Loading />;
  const p = progress.data;
  return (
    <div className="space-y-1">
      <ProgressBar value={p.done} max={p.total} label="Backfill" />
      {p.done >= p.total ? (
        <p className="text-xs text-emerald-700 dark:text-emerald-300">
          Backfill finished: {p.counts.ok ?? 0} scored, {p.counts.unparseable ?? 0} unparseable, {p.counts.error ?? 0}{" "}
          failed.
        </p>
      ) : null}
    </div>
  );
}

/** The judge's filters in words, e.g. " · only support-v2 · negative-signal only". */
function describeFilters(f: JudgeFilters, versionNames: Map<string, string>): string {
  const parts: string[] = [];
  if (f.modelVersionIds?.length)
    parts.push(`only ${f.modelVersionIds.map((id) => versionNames.get(id) ?? "a removed version").join(", ")}`);
  if (f.topicIds?.length) parts.push(`${f.topicIds.length} topic(s)`);
  if (f.negativeSignalOnly) parts.push("negative-signal only");
  return parts.map((p) => ` · ${p}`).join("");
}

function Judges({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions({ projectId }));
  const versionNames = new Map((models.data ?? []).map((m) => [m.id, m.name]));
  const queryClient = useQueryClient();
  const judges = useQuery(trpc.evaluation.judges.queryOptions({ projectId }, { refetchInterval: 5000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.evaluation.judges.queryKey({ projectId }) });
  const update = useMutation(trpc.evaluation.updateJudge.mutationOptions({ onSuccess: refresh }));
  const backfill = useMutation(trpc.evaluation.startBackfill.mutationOptions());
  const [backfills, setBackfills] = useState<Record<string, string>>({});
  const startBackfill = async (judgeConfigId: string, hours: number) => {
    const to = new Date();
    const from = new Date(to.getTime() - hours * 3_600_000);
    const started = await backfill.mutateAsync({ projectId, judgeConfigId, from, to }).catch(() => null);
    if (started) setBackfills({ ...backfills, [judgeConfigId]: started.backfillId });
  };
  return (
    <Card
      title="Judges"
      description="Each judge scores a deterministic sample of answers — production and shadow — against a rubric version, shortly after they arrive. Failing verdicts become judge_fail signals."
    >
      {judges.isPending ? <Loading /> : null}
      {judges.isError ? <ErrorNote>{errorMessage(judges.error)}</ErrorNote> : null}
      {update.isError ? <ErrorNote>{errorMessage(update.error)}</ErrorNote> : null}
      {backfill.isError ? <ErrorNote>{errorMessage(backfill.error)}</ErrorNote> : null}
      {judges.data?.length === 0 ? (
        <EmptyState title="No judges yet">
          <p>Add a judge below: any OpenAI-compatible model, or the simulated judge in the demo world.</p>
        </EmptyState>
      ) : null}
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {judges.data?.map((j) => (
          <li key={j.id} className="space-y-2 py-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{j.name}</span>
              {j.provider === "simulated" ? <Badge tone="warn">simulated</Badge> : null}
              {j.pausedReason ? (
                <Badge tone="danger">paused</Badge>
              ) : j.enabled ? (
                <Badge tone="ok">enabled</Badge>
              ) : (
                <Badge>disabled</Badge>
              )}
              <span className="text-xs text-zinc-500">
                {j.rubricVersion.rubric.name} v{j.rubricVersion.version} · {Math.round(j.sampleRate * 100)}% sampled
                {j.provider === "simulated" ? "" : ` · ${j.model} @ ${j.baseUrl}`}
                {describeFilters(j.filters as JudgeFilters, versionNames)}
              </span>
            </div>
            <div className="text-xs text-zinc-500 tabular-nums">
              {j.counts.ok ?? 0} scored · {j.counts.unparseable ?? 0} unparseable · {j.counts.pending ?? 0} pending ·{" "}
              {j.counts.error ?? 0} failed
            </div>
            {j.pausedReason ? <ErrorNote>{j.pausedReason}</ErrorNote> : null}
            {canEdit ? (
              <div className="flex flex-wrap gap-2">
                {j.pausedReason ? (
                  <Button
                    variant="secondary"
                    onClick={() => update.mutate({ projectId, judgeConfigId: j.id, resume: true })}
                  >
                    Resume
                  </Button>
                ) : null}
                <Button
                  variant="ghost"
                  onClick={() => update.mutate({ projectId, judgeConfigId: j.id, enabled: !j.enabled })}
                >
                  {j.enabled ? "Disable" : "Enable"}
                </Button>
                <Button variant="secondary" disabled={backfill.isPending} onClick={() => void startBackfill(j.id, 24)}>
                  Backfill last 24 h
                </Button>
                <Button
                  variant="secondary"
                  disabled={backfill.isPending}
                  onClick={() => void startBackfill(j.id, 24 * 7)}
                >
                  Backfill last 7 days
                </Button>
              </div>
            ) : null}
            {backfills[j.id] ? <BackfillProgress projectId={projectId} backfillId={backfills[j.id]!} /> : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <div className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <AddJudge projectId={projectId} onDone={() => void refresh()} />
        </div>
      ) : null}
    </Card>
  );
}

export function EvaluationPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const canEdit = me.data ? canSee(me.data.role, "ml_lead") : false;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Evaluation"
        description="Rubrics and the LLM judges that score answers online. Verdicts that do not parse are kept as unparseable, never guessed; a judge that keeps failing pauses itself and says why."
      />
      <Rubrics projectId={projectId} canEdit={canEdit} />
      <Judges projectId={projectId} canEdit={canEdit} />
    </div>
  );
}
