"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { pct } from "@/server/format";

function Examples({ projectId, items }: { projectId: string; items: Array<{ id: string; text: string }> }) {
  if (items.length === 0) return null;
  return (
    <ul className="mt-1 space-y-1 text-sm">
      {items.map((e) => (
        <li key={e.id} className="flex gap-2">
          <span aria-hidden className="text-zinc-400">
            “
          </span>
          <Link href={`/p/${projectId}/interactions/${e.id}`} className="line-clamp-1 hover:underline">
            {e.text || "(empty query)"}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/**
 * The slow path: what the next full retraining should cover — failure patterns that are rising but not yet
 * significant (no incident), topics whose share grew, and emerging topics, each with counts and example queries.
 */
export function BacklogPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const backlog = useQuery(trpc.topics.backlog.queryOptions({ projectId }, { refetchInterval: 60_000 }));
  const data = backlog.data;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Retraining backlog"
        description="What the fast path (incidents and fine-tunes) does not cover yet: patterns that grow without being significant, shifts in what users ask about, and new topics. Use it to plan the next full retraining."
      />
      {backlog.isPending ? <Loading /> : null}
      {backlog.isError ? <ErrorNote>{errorMessage(backlog.error)}</ErrorNote> : null}
      {data ? (
        <>
          <Card
            title="Rising failure patterns"
            description="Failure rate higher in the recent window than in the baseline, not significant yet, and no active incident."
          >
            {data.patterns.length === 0 ? (
              <EmptyState title="No rising patterns">
                <p>Every pattern with recent failures is either flat, falling, or already an incident.</p>
              </EmptyState>
            ) : (
              <ul aria-label="Rising failure patterns" className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {data.patterns.map((p) => (
                  <li key={p.id} className="py-3">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">
                        {p.topic} × {p.category.replace(/_/g, " ")}
                      </span>
                      <Badge tone={p.verdict === "early_warning" ? "warn" : "neutral"}>
                        {p.verdict.replace(/_/g, " ")}
                      </Badge>
                    </div>
                    <p className="text-xs text-zinc-500">
                      {p.recentCount}/{p.recentTotal} failing recently ({pct(p.recentRate)}) against{" "}
                      {pct(p.baselineRate)} in the baseline · q = {p.qValue === null ? "—" : p.qValue.toFixed(3)}
                    </p>
                    <Examples projectId={projectId} items={p.examples} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card
            title="Emerging topics"
            description="New this window with enough queries, or a share that grew significantly."
          >
            {data.emerging.length === 0 ? (
              <EmptyState title="No emerging topics">
                <p>The topic mix has no new or fast-growing topic this window.</p>
              </EmptyState>
            ) : (
              <ul aria-label="Emerging topics" className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {data.emerging.map((e) => (
                  <li key={e.topicId} className="py-3">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{e.label}</span>
                      <Badge tone="warn">{e.reason}</Badge>
                    </div>
                    <p className="text-xs text-zinc-500">
                      {e.current} queries this window, {e.previous} the window before
                      {e.growth !== null ? ` · share ×${e.growth.toFixed(1)}` : ""}
                      {e.qValue !== null ? ` · q = ${e.qValue.toFixed(3)}` : ""}
                    </p>
                    <Examples projectId={projectId} items={e.examples} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card
            title="Topic shifts"
            description={`Topics whose share of queries grew, by their part of the divergence (JSD ${data.jsd === null ? "—" : data.jsd.toFixed(3)} bits).`}
          >
            {data.shifts.length === 0 ? (
              <EmptyState title="No shifts">
                <p>Either the mix did not change or a window has no queries yet.</p>
              </EmptyState>
            ) : (
              <ul aria-label="Topic shifts" className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {data.shifts.map((s) => (
                  <li key={s.topicId} className="py-3">
                    <span className="font-medium">{s.label}</span>
                    <p className="text-xs text-zinc-500">
                      share {pct(s.sharePrevious)} → {pct(s.shareNow)} ({s.previous} → {s.current} queries) ·{" "}
                      {s.contribution.toFixed(4)} bits
                    </p>
                    <Examples projectId={projectId} items={s.examples} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
