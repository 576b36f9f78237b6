"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CountBarChart } from "@/components/charts/count-bar-chart";
import { ShareLineChart } from "@/components/charts/share-line-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { RANGE_LABELS, RangeSelect } from "@/components/ui/range-select";
import { Table } from "@/components/ui/table";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import type { RangeName } from "@/server/modules/interactions/interactions.schema";
import { POLARITY_COLORS, SIGNAL_LABELS, SignalBadge } from "./signal-badge";
import { pct } from "@/server/format";

export function SignalsOverview({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<RangeName>("7d");
  const overview = useQuery(trpc.signals.overview.queryOptions({ projectId, range }, { refetchInterval: 30_000 }));
  const formatTime = (d: Date) =>
    overview.data && overview.data.bucketSeconds < 86_400
      ? d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit" })
      : d.toLocaleDateString([], { month: "short", day: "numeric" });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Signals"
        description="Feedback captured from users: explicit (thumbs, ratings, comments) and implicit (rephrasing, abandonment, stopped generations, edited answers, return queries). Explicit feedback usually reaches 1–3% of interactions; implicit behaviour reveals far more."
        actions={<RangeSelect value={range} onChange={setRange} />}
      />
      {overview.isPending ? <Loading /> : null}
      {overview.isError ? <ErrorNote>{errorMessage(overview.error)}</ErrorNote> : null}
      {overview.data && overview.data.totals.total === 0 ? (
        <EmptyState title="No interactions in this period">
          <p>
            Send interactions and feedback to <code>POST /api/v1/ingest</code> (or with the TypeScript SDK) using a key
            from Settings → API keys. Signals are derived by the worker within a minute.
          </p>
        </EmptyState>
      ) : null}
      {overview.data && overview.data.totals.total > 0 ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Stat label="Interactions" value={overview.data.totals.total.toLocaleString()} hint={RANGE_LABELS[range]} />
            <Stat
              label="Explicit coverage"
              value={pct(overview.data.totals.explicitShare)}
              hint="with a thumbs, rating or comment"
            />
            <Stat
              label="Implicit coverage"
              value={pct(overview.data.totals.implicitShare)}
              hint="with a behavioural signal"
            />
            <Stat label="Any signal" value={pct(overview.data.totals.anyShare)} hint="explicit or implicit" />
          </div>
          <Card
            title="Coverage over time"
            description="Share of interactions with at least one explicit or implicit signal."
          >
            <ShareLineChart
              data={overview.data.series}
              formatTime={formatTime}
              series={[
                { key: "explicitShare", label: "explicit", color: "#2f7bf6" },
                { key: "implicitShare", label: "implicit", color: "#f59e0b" },
              ]}
            />
          </Card>
          <div className="grid gap-6 xl:grid-cols-2">
            <Card title="Signals by type">
              {overview.data.breakdown.length === 0 ? (
                <p className="text-sm text-zinc-500">No signals in this period.</p>
              ) : (
                <CountBarChart
                  data={overview.data.breakdown.map((b) => ({
                    label: `${SIGNAL_LABELS[b.type] ?? b.type} (${b.source})`,
                    count: b.count,
                    color: POLARITY_COLORS[b.polarity] ?? "#71717a",
                  }))}
                />
              )}
            </Card>
            <Card title="Sessions with the most negative signals">
              {overview.data.topSessions.length === 0 ? (
                <p className="text-sm text-zinc-500">No negative signals in this period.</p>
              ) : (
                <Table columns={["Session", "Negative", "Signals"]}>
                  {overview.data.topSessions.map((s) => (
                    <tr key={s.sessionId}>
                      <td className="py-1.5 pr-3">
                        <Link
                          className="font-mono text-xs text-brand-600 hover:underline"
                          href={`/p/${projectId}/interactions?session=${encodeURIComponent(s.sessionId)}`}
                        >
                          {s.sessionId}
                        </Link>
                      </td>
                      <td className="py-1.5 pr-3 tabular-nums">{s.negatives}</td>
                      <td className="flex flex-wrap gap-1 py-1.5">
                        {s.types.map((t) => (
                          <SignalBadge key={t} type={t} polarity="negative" />
                        ))}
                      </td>
                    </tr>
                  ))}
                </Table>
              )}
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
