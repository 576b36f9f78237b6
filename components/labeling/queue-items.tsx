"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { AddItemsForm } from "./add-items-form";
import { labelName } from "./agreement-format";
import { itemQuestion, ItemView, type ItemPayload } from "./item-view";
import { QueueAssignees } from "./queue-assignees";

const STATUSES = ["needs_adjudication", "open", "complete", "adjudicated"] as const;
type Status = (typeof STATUSES)[number];
const STATUS_TONE = { open: "neutral", complete: "ok", needs_adjudication: "warn", adjudicated: "brand" } as const;
const PAGE = 20;

/** For ML leads: every item with its labels and rationales, the majority next to Dawid–Skene, adjudication and gold. */
export function QueueItems({ projectId, queueId }: { projectId: string; queueId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | "">("needs_adjudication");
  const [offset, setOffset] = useState(0);
  const queue = useQuery(trpc.labeling.queue.queryOptions({ projectId, queueId }));
  const items = useQuery(
    trpc.labeling.items.queryOptions({ projectId, queueId, limit: PAGE, offset, ...(status ? { status } : {}) }),
  );
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.labeling.items.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) });
  };
  const adjudicate = useMutation(trpc.labeling.adjudicate.mutationOptions({ onSuccess: refresh }));
  const setGold = useMutation(trpc.labeling.setGold.mutationOptions({ onSuccess: refresh }));
  const vocabulary = queue.data?.vocabulary ?? [];
  const error = adjudicate.error ?? setGold.error;

  return (
    <div className="space-y-4">
      <PageHeader
        title={`Items: ${queue.data?.name ?? "…"}`}
        description="Ties and weak majorities wait for adjudication. The Dawid–Skene label weights each labeler by their estimated reliability; where it differs from the majority, look twice."
        actions={
          <div className="flex gap-3 text-sm">
            <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/labeling/${queueId}/agreement`}>
              Agreement
            </Link>
            <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/labeling`}>
              All queues
            </Link>
          </div>
        }
      />
      {queue.data ? (
        <QueueAssignees projectId={projectId} queueId={queueId} assigneeIds={queue.data.assigneeIds} />
      ) : null}
      {queue.data && queue.data.source !== "import" ? (
        <AddItemsForm projectId={projectId} queueId={queueId} pairwise={queue.data.kind === "pairwise"} />
      ) : null}
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor="status-filter">Status</label>
        <Select
          id="status-filter"
          className="w-auto"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Status | "");
            setOffset(0);
          }}
        >
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, " ")}
            </option>
          ))}
        </Select>
        {items.data ? <span className="text-zinc-500">{items.data.total} items</span> : null}
      </div>
      {error ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      {items.isPending ? <Loading /> : null}
      {items.isError ? <ErrorNote>{errorMessage(items.error)}</ErrorNote> : null}
      {items.data?.items.length === 0 ? <p className="text-sm text-zinc-500">No items with this status.</p> : null}
      <ul aria-label="Items" className="space-y-4">
        {items.data?.items.map((it) => {
          const consensus = it.consensus as { label: string | null; method: string } | null;
          return (
            <li key={it.id}>
              <Card>
                <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={STATUS_TONE[it.status as Status] ?? "neutral"}>{it.status.replace(/_/g, " ")}</Badge>
                  {it.isGold ? <Badge tone="brand">gold: {labelName(it.goldChoice)}</Badge> : null}
                  <span>
                    Consensus: <strong>{labelName(consensus?.label)}</strong>
                    {consensus?.method === "adjudicated" ? " (adjudicated)" : ""}
                  </span>
                  <span className="text-zinc-500">
                    · Dawid–Skene: {labelName(it.dawidSkene?.label)}
                    {it.dawidSkene ? ` (${Math.round(it.dawidSkene.probability * 100)}%)` : ""}
                  </span>
                  <span className="text-zinc-500">
                    · Judge: {it.judgeStatus === "unparseable" ? "unparseable" : labelName(it.judgeChoice)}
                  </span>
                </div>
                <details>
                  <summary className="cursor-pointer text-sm">
                    {itemQuestion(it.payload as ItemPayload) || "The item"}
                  </summary>
                  <div className="mt-2">
                    <ItemView payload={it.payload as ItemPayload} />
                  </div>
                </details>
                <ul className="mt-3 space-y-1 text-sm" aria-label="Labels">
                  {it.labels.map((l) => (
                    <li key={l.labelerKey}>
                      <span className="font-medium">{l.labeler?.name ?? l.labeler?.email ?? l.labelerName}</span>:{" "}
                      {queue.data?.kind === "pairwise" ? labelName(l.choice) : `score ${l.choice}`}
                      {l.category ? ` · ${l.category.replace(/_/g, " ")}` : ""}
                      {l.rationale ? <span className="text-zinc-500"> — “{l.rationale}”</span> : null}
                    </li>
                  ))}
                  {it.labels.length === 0 ? <li className="text-zinc-500">No labels yet.</li> : null}
                </ul>
                {it.adjudicationNote ? <p className="mt-2 text-sm">Note: {it.adjudicationNote}</p> : null}
                <div className="mt-3 flex flex-wrap items-center gap-2">
                  <span className="text-xs text-zinc-500">Decide:</span>
                  {vocabulary.map((v) => (
                    <Button
                      key={v}
                      variant="secondary"
                      disabled={adjudicate.isPending}
                      onClick={() => adjudicate.mutate({ projectId, itemId: it.id, label: v })}
                    >
                      {labelName(v)}
                    </Button>
                  ))}
                  <span className="ml-2 text-xs text-zinc-500">Gold answer:</span>
                  <Select
                    aria-label="Gold answer"
                    className="w-auto"
                    value={it.goldChoice ?? ""}
                    onChange={(e) => setGold.mutate({ projectId, itemId: it.id, goldChoice: e.target.value || null })}
                  >
                    <option value="">not gold</option>
                    {vocabulary.map((v) => (
                      <option key={v} value={v}>
                        {labelName(v)}
                      </option>
                    ))}
                  </Select>
                </div>
              </Card>
            </li>
          );
        })}
      </ul>
      {items.data && items.data.total > PAGE ? (
        <div className="flex items-center gap-2 text-sm">
          <Button variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </Button>
          <span>
            {offset + 1}–{Math.min(items.data.total, offset + PAGE)} of {items.data.total}
          </span>
          <Button
            variant="secondary"
            disabled={offset + PAGE >= items.data.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}
