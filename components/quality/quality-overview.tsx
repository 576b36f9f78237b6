"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { MetricLineChart } from "@/components/charts/metric-line-chart";
import { ShareLineChart } from "@/components/charts/share-line-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { RANGE_LABELS, RangeSelect } from "@/components/ui/range-select";
import { Stat } from "@/components/ui/stat";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { Table } from "@/components/ui/table";
import { useTRPC } from "@/components/trpc";
import { LoopHealthCard } from "@/components/latency/loop-health-card";
import type { RangeName } from "@/server/modules/interactions/interactions.schema";
import { pct } from "@/server/format";

const COLORS = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2"];
const score = (v: number | null) => (v === null ? "—" : v.toFixed(2));

/** The PM's home: quality over time per model version, read from the worker's hourly rollups. */
export function QualityOverview({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<RangeName>("7d");
  // Alert notifications link here with ?at=<time>: the window is centred on that moment.
  const atParam = useSearchParams().get("at");
  const at = atParam && !Number.isNaN(Date.parse(atParam)) ? new Date(atParam) : undefined;
  const overview = useQuery(
    trpc.quality.overview.queryOptions({ projectId, range, at }, { refetchInterval: at ? false : 30_000 }),
  );
  const openAlerts = useQuery(
    trpc.alerts.list.queryOptions({ projectId, status: "open" }, { refetchInterval: 30_000 }),
  );
  const data = overview.data;
  const formatTime = (d: Date) =>
    data && data.bucketSeconds < 86_400
      ? d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit" })
      : d.toLocaleDateString([], { month: "short", day: "numeric" });

  // One row per bucket with a column per model version, for the per-version lines.
  const byVersion = (metric: "passRate" | "meanScore") => {
    const rows = new Map<number, Record<string, unknown> & { at: Date }>();
    for (const p of data?.points ?? []) {
      const row = rows.get(p.t.getTime()) ?? { at: p.t };
      row[p.modelVersionId || "none"] = p[metric];
      rows.set(p.t.getTime(), row);
    }
    return [...rows.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  };
  const markers = [
    ...(data?.markers ?? []).map((m) => ({ at: m.openedAt, label: "alert", color: "#dc2626" })),
    ...(data?.promotions ?? []).map((p) => ({
      at: p.createdAt,
      label: p.action === "rollback" ? "rollback" : "promoted",
      color: p.action === "rollback" ? "#d97706" : "#059669",
    })),
  ];
  const versionSeries = (data?.models ?? []).map((m, i) => ({
    key: m.id || "none",
    label: m.simulated ? `${m.name} (simulated)` : m.name,
    color: COLORS[i % COLORS.length]!,
  }));

  return (
    <div className="space-y-6">
      <PageHeader
        title="Overview"
        description="Quality over time per model version: the judges' pass rate and mean score, and how often users showed they were unhappy. Figures come from hourly rollups the worker keeps up to date."
        actions={<RangeSelect value={range} onChange={setRange} />}
      />
      {at ? (
        <p className="text-sm text-zinc-500">
          Centred on {at.toLocaleString()} (from an alert link).{" "}
          <Link className="underline" href={`/p/${projectId}/overview`}>
            Back to now
          </Link>
        </p>
      ) : null}
      {openAlerts.data && openAlerts.data.length > 0 ? (
        <Card title="Open alerts" description="Quality alerts that have not cleared yet.">
          <ul className="space-y-2">
            {openAlerts.data.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2 text-sm">
                <Badge tone="danger">ALERT</Badge>
                <span>{a.title}</span>
                <span className="text-xs text-zinc-500">since {a.openedAt.toLocaleString()}</span>
                <Link className="text-xs underline" href={`/p/${projectId}/alerts`}>
                  Manage
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <LoopHealthCard projectId={projectId} />
      {overview.isPending ? <Loading /> : null}
      {overview.isError ? <ErrorNote>{errorMessage(overview.error)}</ErrorNote> : null}
      {data && data.totals.interactions === 0 ? (
        <EmptyState title="No interactions in this period">
          <p>
            Send traffic through the gateway or the ingest API; add a judge under{" "}
            <Link className="underline" href={`/p/${projectId}/evaluation`}>
              Evaluation
            </Link>{" "}
            to score it.
          </p>
        </EmptyState>
      ) : null}
      {data && data.totals.interactions > 0 ? (
        <>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
            <Stat label="Interactions" value={data.totals.interactions.toLocaleString()} hint={RANGE_LABELS[range]} />
            <Stat label="Judged" value={data.totals.judged.toLocaleString()} hint="verdicts that parsed" />
            <Stat label="Pass rate" value={pct(data.totals.passRate)} hint="judge verdicts" />
            <Stat label="Mean score" value={score(data.totals.meanScore)} hint="judge, 1–5" />
            <Stat label="Negative signals" value={pct(data.totals.negativeRate)} hint="interactions with one or more" />
          </div>
          {data.totals.judged === 0 ? (
            <p className="text-sm text-zinc-500">
              No judge verdicts yet: add a judge under{" "}
              <Link className="underline" href={`/p/${projectId}/evaluation`}>
                Evaluation
              </Link>{" "}
              to see pass rates and scores.
            </p>
          ) : null}
          <div className="grid gap-6 xl:grid-cols-2">
            <Card
              title="Judge pass rate"
              description="Per model version (production traffic). Shaded: the previous period's mean ± 2 SD; dashed: alerts."
            >
              <MetricLineChart
                data={byVersion("passRate")}
                series={versionSeries}
                formatTime={formatTime}
                formatValue={(v) => `${Math.round(v * 100)}%`}
                domain={[0, 1]}
                band={data.baselineBand.passRate ? { ...data.baselineBand.passRate, label: "baseline" } : null}
                markers={markers}
              />
            </Card>
            <Card title="Mean judge score" description="Per model version, 1 (bad) to 5 (good).">
              <MetricLineChart
                data={byVersion("meanScore")}
                series={versionSeries}
                formatTime={formatTime}
                formatValue={(v) => v.toFixed(1)}
                domain={[1, 5]}
                band={data.baselineBand.meanScore ? { ...data.baselineBand.meanScore, label: "baseline" } : null}
                markers={markers}
              />
            </Card>
          </div>
          <Card
            title="User feedback"
            description="Share of interactions with a negative user signal, and with any explicit or implicit feedback."
          >
            <ShareLineChart
              data={data.overall.map((p) => ({
                at: p.t,
                negative: p.negativeRate,
                explicit: p.explicitCoverage,
                implicit: p.implicitCoverage,
              }))}
              series={[
                { key: "implicit", label: "implicit coverage", color: "#d97706" },
                { key: "explicit", label: "explicit coverage", color: "#2563eb" },
                // Most implicit signals are negative: drawn last and dashed so it shows where the two lines meet.
                { key: "negative", label: "negative signal", color: "#dc2626", dashed: true },
              ]}
              formatTime={formatTime}
            />
          </Card>
          <Card
            title="Worst topics this week"
            description="Lowest judge pass rate first; topics with fewer than 5 interactions are left out."
          >
            {data.worstTopics.length === 0 ? (
              <p className="text-sm text-zinc-500">Not enough interactions per topic yet.</p>
            ) : (
              <Table columns={["Topic", "Interactions", "Pass rate", "Mean score", "Negative signals"]}>
                {data.worstTopics.map((t) => (
                  <tr key={t.topicId || "none"}>
                    <td className="px-3 py-2">
                      {t.label}
                      {t.passRate !== null && t.passRate < 0.6 ? (
                        <span className="ml-2">
                          <Badge tone="danger">failing</Badge>
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 tabular-nums">{t.interactions}</td>
                    <td className="px-3 py-2 tabular-nums">{pct(t.passRate)}</td>
                    <td className="px-3 py-2 tabular-nums">{score(t.meanScore)}</td>
                    <td className="px-3 py-2 tabular-nums">{pct(t.negativeRate)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
