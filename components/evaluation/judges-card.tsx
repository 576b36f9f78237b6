"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { FormError } from "@/components/ui/form-error";
import { Field, Input, Select } from "@/components/ui/field";
import { ProgressBar } from "@/components/ui/progress";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { ModelVersionSelect } from "@/components/deployments/model-version-select";
import type { JudgeFilters } from "@/server/modules/evaluation/evaluation.schema";

function AddJudge({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const rubrics = useQuery(trpc.evaluation.rubrics.queryOptions({ projectId }));
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
  if (versions.length === 0)
    return <p className="text-sm text-zinc-500">Create a rubric first; a judge scores against one.</p>;
  return (
    <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-2" noValidate>
      <Field label="Judge name">
        <Input name="name" required placeholder="gpt-judge" />
      </Field>
      <Field label="Judge provider">
        <Select value={provider} onChange={(e) => setProvider(e.target.value as typeof provider)}>
          <option value="openai-compatible">OpenAI-compatible endpoint</option>
          <option value="simulated">Simulated judge (demo world)</option>
        </Select>
      </Field>
      <Field label="Rubric version">
        <Select name="rubricVersionId" defaultValue={versions[0]?.id}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Sampled share (%)" hint="Decided from the interaction id, so re-runs sample the same ones.">
        <Input name="samplePercent" type="number" min={0} max={100} defaultValue={100} />
      </Field>
      {provider === "openai-compatible" ? (
        <>
          <Field label="Judge base URL">
            <Input name="baseUrl" placeholder="https://api.openai.com/v1" />
          </Field>
          <Field label="Judge model">
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
        <ModelVersionSelect projectId={projectId} name="modelVersionId" emptyLabel="All versions" />
      </Field>
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input type="checkbox" name="negativeOnly" /> Only interactions with a negative user signal
      </label>
      <div className="md:col-span-2">
        <Button type="submit" disabled={create.isPending}>
          Add judge
        </Button>
      </div>
      <FormError error={create.error} className="md:col-span-2" />
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

export function Judges({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const models = useQuery(trpc.deployments.list.queryOptions({ projectId }));
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
                {j.provider === "simulated" ? "" : ` · ${j.model}${j.baseUrl ? ` @ ${j.baseUrl}` : ""}`}
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
