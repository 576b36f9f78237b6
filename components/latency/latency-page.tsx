"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { MetricLineChart } from "@/components/charts/metric-line-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { Table } from "@/components/ui/table";
import { useTRPC } from "@/components/trpc";
import { formatDuration } from "./format";

const STEP_COLORS = { detect: "#0284c7", decide: "#7c3aed", train: "#d97706", ship: "#059669" } as const;
const STEP_LABELS = {
  detect: "failure → signal",
  decide: "signal → trigger",
  train: "trigger → trained",
  ship: "trained → deployed",
} as const;
const FAST_LABELS = {
  event_ingested: "event → ingested",
  ingested_judged: "ingested → judged",
  judged_queued: "judged → in a queue",
  queued_labeled: "queued → labeled",
} as const;

/** One horizontal bar per incident, split into its steps (minutes); unreached steps are simply absent. */
function Timelines({
  rows,
}: {
  rows: Array<{ title: string; steps: Record<keyof typeof STEP_COLORS, number | null> }>;
}) {
  const data = rows.map((r) => ({
    label: r.title.length > 40 ? `${r.title.slice(0, 39)}…` : r.title,
    ...Object.fromEntries(Object.entries(r.steps).map(([k, v]) => [k, v === null ? null : v / 60])),
  }));
  return (
    <div
      className="w-full"
      style={{ height: Math.max(140, data.length * 34 + 60) }}
      role="img"
      aria-label="Incident timelines"
    >
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={(v: number) => formatDuration(v * 60)}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.5}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={220}
            tick={{ fontSize: 12 }}
            stroke="currentColor"
            strokeOpacity={0.5}
          />
          <Tooltip
            formatter={(v) => (typeof v === "number" ? formatDuration(v * 60) : "—")}
            contentStyle={{ fontSize: 12 }}
          />
          <Legend
            wrapperStyle={{ fontSize: 12 }}
            itemSorter={(item) => Object.keys(STEP_COLORS).indexOf(String(item.dataKey))}
          />
          {(Object.keys(STEP_COLORS) as Array<keyof typeof STEP_COLORS>).map((k) => (
            <Bar
              key={k}
              dataKey={k}
              name={STEP_LABELS[k]}
              stackId="t"
              fill={STEP_COLORS[k]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * The product's headline: how long each stage of the loop takes, from the first failing answer to the fixed model
 * in production, per incident and over incidents, with the bottleneck; and the fast path's latencies.
 */
export function LatencyPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.latency.overview.queryOptions({ projectId }, { refetchInterval: 30_000 }));
  const data = overview.data;
  const d = data?.last30Days;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Feedback latency"
        description="Every incident's five stages: the first failing answer of the pattern (1), the first signal Tightloop received about it (2), the trigger (3), the candidate trained (4), the promotion (5)."
      />
      {overview.isPending ? <Loading /> : null}
      {overview.isError ? <ErrorNote>{errorMessage(overview.error)}</ErrorNote> : null}
      {data && d ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Stat
              label="Median failure-to-fix"
              value={formatDuration(d.total.median)}
              hint={`${d.total.n} incident(s) fixed, last 30 days`}
            />
            <Stat label="p90 failure-to-fix" value={formatDuration(d.total.p90)} hint="last 30 days" />
            <Stat label="Incidents" value={String(data.timelines.length)} hint="last 90 days (dismissed left out)" />
            <Stat
              label="Bottleneck"
              value={d.bottleneck ? STEP_LABELS[d.bottleneck] : "—"}
              hint="the step with the largest median"
            />
          </div>
          <Card
            title="Stages by step"
            description="Median and 90th percentile over the last 30 days' incidents that completed each step."
          >
            <Table columns={["Step", "Incidents", "Median", "p90", ""]}>
              {d.steps.map((s) => (
                <tr key={s.key} className={s.key === d.bottleneck ? "bg-amber-50 dark:bg-amber-950/30" : undefined}>
                  <td className="py-2 pr-4">{STEP_LABELS[s.key]}</td>
                  <td className="pr-4 tabular-nums">{s.n}</td>
                  <td className="pr-4 tabular-nums">{formatDuration(s.median)}</td>
                  <td className="pr-4 tabular-nums">{formatDuration(s.p90)}</td>
                  <td>{s.key === d.bottleneck ? <Badge tone="warn">bottleneck</Badge> : null}</td>
                </tr>
              ))}
            </Table>
          </Card>
          <Card title="Incident timelines" description="Each incident's steps as one bar, newest first.">
            {data.timelines.length === 0 ? (
              <EmptyState title="No incidents yet">
                <p>An incident opens when a failure pattern becomes statistically significant (Fine-tunes).</p>
              </EmptyState>
            ) : (
              <Timelines rows={data.timelines.slice(0, 20)} />
            )}
          </Card>
          {data.trend.length > 1 ? (
            <Card title="Trend" description="Median failure-to-fix and median training step per week of the trigger.">
              <MetricLineChart
                data={data.trend.map((w) => ({
                  at: w.week,
                  total: w.total.median === null ? null : w.total.median / 3600,
                  train:
                    (w.steps.find((s) => s.key === "train")?.median ?? null) === null
                      ? null
                      : w.steps.find((s) => s.key === "train")!.median! / 3600,
                }))}
                series={[
                  { key: "total", label: "failure-to-fix (h)", color: "#dc2626" },
                  { key: "train", label: "trigger → trained (h)", color: STEP_COLORS.train },
                ]}
                formatTime={(t) => t.toLocaleDateString(undefined, { month: "short", day: "numeric" })}
                formatValue={(v) => v.toFixed(1)}
                domain={[0, Math.max(1, ...data.trend.map((w) => (w.total.median ?? 0) / 3600))]}
              />
            </Card>
          ) : null}
          <Card
            title="Fast path"
            description="The last 7 days: how quickly feedback becomes a verdict and a human label."
          >
            <Table columns={["Step", "n", "Median", "p90"]}>
              {data.fastPath.map((s) => (
                <tr key={s.key}>
                  <td className="py-2 pr-4">{FAST_LABELS[s.key]}</td>
                  <td className="pr-4 tabular-nums">{s.n}</td>
                  <td className="pr-4 tabular-nums">{formatDuration(s.median)}</td>
                  <td className="tabular-nums">{formatDuration(s.p90)}</td>
                </tr>
              ))}
            </Table>
          </Card>
        </>
      ) : null}
    </div>
  );
}
