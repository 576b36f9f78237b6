"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { canSee } from "@/components/shell/roles";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { FormError } from "@/components/ui/form-error";
import { Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { ModelVersionSelect } from "@/components/deployments/model-version-select";

const METRIC_LABELS = {
  pass_rate: "Judge pass rate",
  mean_score: "Mean judge score",
  negative_rate: "Negative-signal rate",
} as const;
type MetricName = keyof typeof METRIC_LABELS;
const METHOD_LABELS = {
  threshold: "Static threshold",
  ewma: "EWMA band around the baseline",
  cusum: "One-sided CUSUM against the baseline",
} as const;
type MethodName = keyof typeof METHOD_LABELS;
const STATE_TONE = { OK: "ok", WARNING: "warn", ALERT: "danger", NO_DATA: "neutral" } as const;

const fmt = (metric: string, v: number | null) =>
  v === null ? "—" : metric === "mean_score" ? v.toFixed(2) : `${(v * 100).toFixed(1)}%`;

function AddRule({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const [method, setMethod] = useState<MethodName>("threshold");
  const [metric, setMetric] = useState<MetricName>("pass_rate");
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess: onDone }));
  const isRate = metric !== "mean_score";
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    const num = (k: string) => (text(k) === "" ? undefined : Number(text(k)) / (isRate ? 100 : 1));
    await create
      .mutateAsync({
        projectId,
        name: text("name"),
        metric,
        method,
        modelVersionId: text("modelVersionId") || undefined,
        warnAt: method === "threshold" ? num("warnAt") : undefined,
        alertAt: method === "threshold" ? num("alertAt") : undefined,
        windowSeconds: Math.round(Number(text("windowHours") || "6") * 3600),
        minSamples: Number(text("minSamples") || "20"),
        webhookUrl: text("webhookUrl") || undefined,
      })
      .then(
        () => form.reset(),
        () => undefined,
      );
  }
  return (
    <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-2" noValidate>
      <Field label="Rule name" error={fieldError(create.error, "name")}>
        <Input name="name" placeholder="Pass rate drop" />
      </Field>
      <Field label="Metric">
        <Select value={metric} onChange={(e) => setMetric(e.target.value as MetricName)}>
          {(Object.keys(METRIC_LABELS) as MetricName[]).map((m) => (
            <option key={m} value={m}>
              {METRIC_LABELS[m]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Model version">
        <ModelVersionSelect projectId={projectId} name="modelVersionId" emptyLabel="Whichever serves production" />
      </Field>
      <Field label="Method">
        <Select value={method} onChange={(e) => setMethod(e.target.value as MethodName)}>
          {(Object.keys(METHOD_LABELS) as MethodName[]).map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </Select>
      </Field>
      {method === "threshold" ? (
        <>
          <Field
            label={`Alert threshold${isRate ? " (%)" : ""}`}
            hint={metric === "negative_rate" ? "Alert above this." : "Alert below this."}
            error={fieldError(create.error, "alertAt")}
          >
            <Input name="alertAt" type="number" step="any" />
          </Field>
          <Field label={`Warning threshold${isRate ? " (%)" : ""} (optional)`}>
            <Input name="warnAt" type="number" step="any" />
          </Field>
        </>
      ) : (
        <p className="text-xs text-zinc-500 md:col-span-2">
          Compared with a baseline snapshot of hourly values over the project&apos;s baseline window, taken now and
          whenever you reset it (and after promotions).{" "}
          {method === "ewma"
            ? "λ = 0.2, alert outside 3σ, warning outside 2σ."
            : "k = 0.5σ, alert above h = 5σ, warning above h/2."}
        </p>
      )}
      <Field label="Window (hours)" error={fieldError(create.error, "windowSeconds")}>
        <Input name="windowHours" type="number" step="any" min={0.02} defaultValue={6} />
      </Field>
      <Field label="Minimum samples in the window" hint="Fewer: the rule reports NO_DATA.">
        <Input name="minSamples" type="number" min={1} defaultValue={20} />
      </Field>
      <Field
        label="Webhook URL (optional)"
        hint='Slack-compatible: receives {"text": …}. Stored encrypted; only its host is shown.'
        error={fieldError(create.error, "webhookUrl")}
      >
        <Input name="webhookUrl" type="url" autoComplete="off" placeholder="https://hooks.slack.com/services/…" />
      </Field>
      <div className="md:col-span-2">
        <Button type="submit" disabled={create.isPending}>
          Add rule
        </Button>
      </div>
      <FormError
        error={create.error}
        fields={["name", "alertAt", "windowSeconds", "webhookUrl"]}
        className="md:col-span-2"
      />
    </form>
  );
}

export function AlertsPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const canEdit = me.data ? canSee(me.data.role, "ml_lead") : false;
  const rules = useQuery(trpc.alerts.rules.queryOptions({ projectId }, { refetchInterval: 15_000 }));
  const alerts = useQuery(trpc.alerts.list.queryOptions({ projectId, status: "all" }, { refetchInterval: 15_000 }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey({ projectId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() });
  };
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.alerts.resetBaseline.mutationOptions({ onSuccess: refresh }));
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: refresh }));
  const actionError = update.error ?? reset.error ?? acknowledge.error;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Alerts"
        description="Rules watch a quality metric per model version on the hourly rollups, after every refresh. States: OK, WARNING, ALERT, NO_DATA; an alert clears only after two OK evaluations in a row."
      />
      {actionError ? <ErrorNote>{errorMessage(actionError)}</ErrorNote> : null}
      <Card title="Rules">
        {rules.isPending ? <Loading /> : null}
        {rules.isError ? <ErrorNote>{errorMessage(rules.error)}</ErrorNote> : null}
        {rules.data?.length === 0 ? (
          <EmptyState title="No alert rules">
            <p>Add one below, e.g. “judge pass rate below 70 % over 6 hours”.</p>
          </EmptyState>
        ) : null}
        <ul aria-label="Alert rules" className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rules.data?.map((r) => (
            <li key={r.id} className="space-y-1 py-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{r.name}</span>
                <Badge tone={STATE_TONE[r.state as keyof typeof STATE_TONE] ?? "neutral"}>{r.state}</Badge>
                {r.enabled ? null : <Badge>disabled</Badge>}
                <span className="text-xs text-zinc-500">
                  {METRIC_LABELS[r.metric as MetricName] ?? r.metric} ·{" "}
                  {METHOD_LABELS[r.method as MethodName] ?? r.method}
                  {r.method === "threshold" ? ` · alert at ${fmt(r.metric, r.alertAt)}` : ""} · window{" "}
                  {(r.windowSeconds / 3600).toFixed(r.windowSeconds < 3600 ? 2 : 0)} h
                  {r.webhookHost ? ` · webhook ${r.webhookHost}` : ""}
                </span>
              </div>
              <div className="text-xs text-zinc-500">
                Last value {fmt(r.metric, r.lastValue)}
                {r.lastEvaluatedAt ? ` at ${r.lastEvaluatedAt.toLocaleString()}` : " (not evaluated yet)"}
                {r.method === "threshold"
                  ? ""
                  : r.baselineMean !== null
                    ? ` · baseline ${fmt(r.metric, r.baselineMean)} ± ${fmt(r.metric, r.baselineSigma)} (${r.baselineBuckets} hours)`
                    : " · no baseline yet (not enough hourly data in the baseline window)"}
              </div>
              {canEdit ? (
                <div className="flex flex-wrap gap-2 pt-1">
                  <Button
                    variant="ghost"
                    onClick={() => update.mutate({ projectId, ruleId: r.id, enabled: !r.enabled })}
                  >
                    {r.enabled ? "Disable" : "Enable"}
                  </Button>
                  {r.method === "threshold" ? null : (
                    <Button variant="secondary" onClick={() => reset.mutate({ projectId, ruleId: r.id })}>
                      Reset baseline
                    </Button>
                  )}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <div className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
            <AddRule projectId={projectId} onDone={refresh} />
          </div>
        ) : null}
      </Card>
      <Card title="Alert history" description="Every alert links to the Overview at the moment it opened.">
        {alerts.isPending ? <Loading /> : null}
        {alerts.data?.length === 0 ? <p className="text-sm text-zinc-500">No alerts so far.</p> : null}
        <ul aria-label="Alert history" className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {alerts.data?.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
              <Badge tone={a.status === "resolved" ? "ok" : a.status === "acknowledged" ? "warn" : "danger"}>
                {a.status}
              </Badge>
              <span>{a.title}</span>
              <span className="text-xs text-zinc-500">
                opened {a.openedAt.toLocaleString()}
                {a.resolvedAt ? ` · resolved ${a.resolvedAt.toLocaleString()}` : ""}
              </span>
              <Link
                className="text-xs underline"
                href={`/p/${projectId}/overview?at=${encodeURIComponent(a.openedAt.toISOString())}`}
              >
                View on the Overview
              </Link>
              {canEdit && a.status === "open" ? (
                <Button variant="ghost" onClick={() => acknowledge.mutate({ projectId, alertId: a.id })}>
                  Acknowledge
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
