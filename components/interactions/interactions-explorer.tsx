"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { SignalBadge, SIGNAL_LABELS } from "@/components/signals/signal-badge";
import { RANGE_LABELS } from "@/components/ui/range-select";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import type { RangeName } from "@/server/modules/interactions/interactions.schema";

export function InteractionsExplorer({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const [range, setRange] = useState<RangeName>("7d");
  const [sessionId, setSessionId] = useState(params.get("session") ?? "");
  const [signalType, setSignalType] = useState(params.get("signal") ?? "");
  const [modelVersionId, setModelVersionId] = useState("");
  const [q, setQ] = useState("");
  const search = useDeferredValue(q.trim());
  const session = useDeferredValue(sessionId.trim());

  const facets = useQuery(trpc.interactions.facets.queryOptions({ projectId }));
  const list = useInfiniteQuery(
    trpc.interactions.list.infiniteQueryOptions(
      {
        projectId,
        range,
        limit: 50,
        q: search || undefined,
        sessionId: session || undefined,
        signalType: signalType || undefined,
        modelVersionId: modelVersionId || undefined,
      },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, refetchInterval: 15_000 },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-6">
      <PageHeader
        title="Interactions"
        description="Every production answer with the signals derived from what the user did next."
      />
      <Card>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <Field label="Search">
            <Input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="text in query or answer"
            />
          </Field>
          <Field label="Time">
            <Select value={range} onChange={(e) => setRange(e.target.value as RangeName)}>
              {(Object.keys(RANGE_LABELS) as RangeName[]).map((r) => (
                <option key={r} value={r}>
                  {RANGE_LABELS[r]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Signal">
            <Select value={signalType} onChange={(e) => setSignalType(e.target.value)}>
              <option value="">any or none</option>
              {(facets.data?.signalTypes ?? []).map((t) => (
                <option key={t} value={t}>
                  {SIGNAL_LABELS[t] ?? t}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Model version">
            <Select value={modelVersionId} onChange={(e) => setModelVersionId(e.target.value)}>
              <option value="">all</option>
              {(facets.data?.models ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Session">
            <Input value={sessionId} onChange={(e) => setSessionId(e.target.value)} placeholder="session id" />
          </Field>
        </div>
      </Card>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorNote>{errorMessage(list.error)}</ErrorNote> : null}
      {!list.isPending && rows.length === 0 ? (
        <EmptyState title="No interactions match">
          <p>
            Interactions arrive through <code>POST /api/v1/ingest</code> (or the TypeScript SDK) with a project API key;
            widen the time range or clear the filters if you expected some here.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Card>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((r) => (
              <li key={r.id} className="py-3">
                <Link href={`/p/${projectId}/interactions/${r.id}`} className="group block space-y-1">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <span className="font-medium group-hover:text-brand-600">{r.query || "(no user message)"}</span>
                    <span className="text-xs whitespace-nowrap text-zinc-500">{r.startedAt.toLocaleString()}</span>
                  </div>
                  {r.outputPreview ? (
                    <p className="line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{r.outputPreview}</p>
                  ) : null}
                  <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                    {r.signals.map((s, i) => (
                      <SignalBadge key={`${s.type}-${i}`} type={s.type} polarity={s.polarity} />
                    ))}
                    {r.topicLabel ? <span>topic: {r.topicLabel}</span> : null}
                    {r.sessionId ? <span className="font-mono">session {r.sessionId}</span> : null}
                    {r.modelName ? <span>{r.modelName}</span> : null}
                    {r.modelSimulated ? <Badge tone="warn">simulated</Badge> : null}
                    {r.latencyMs !== null ? <span>{r.latencyMs} ms</span> : null}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
          {list.hasNextPage ? (
            <Button
              variant="secondary"
              className="mt-3"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
