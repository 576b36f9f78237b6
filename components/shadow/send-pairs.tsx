"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/components/ui/errors";
import { Select } from "@/components/ui/field";
import { useTRPC } from "@/components/trpc";

/** Sends the shown pairs (production request + the candidate's answer) to a pairwise labeling queue. */
export function SendPairs({ projectId, productionIds }: { projectId: string; productionIds: string[] }) {
  const trpc = useTRPC();
  const queues = useQuery(trpc.labeling.queues.queryOptions({ projectId }));
  const pairwise = (queues.data ?? []).filter((q) => q.kind === "pairwise");
  const [queueId, setQueueId] = useState("");
  const target = queueId || pairwise[0]?.id || "";
  const add = useMutation(trpc.labeling.addItems.mutationOptions());
  if (productionIds.length === 0) return null;
  if (queues.data && pairwise.length === 0) {
    return (
      <p className="text-xs text-zinc-500">Create a pairwise queue under Labeling to have people judge these pairs.</p>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span>Have people judge these {productionIds.length} pairs in</span>
      <Select aria-label="Pairwise queue" value={target} onChange={(e) => setQueueId(e.target.value)} className="w-56">
        {pairwise.map((q) => (
          <option key={q.id} value={q.id}>
            {q.name}
          </option>
        ))}
      </Select>
      <Button
        variant="secondary"
        disabled={!target || add.isPending}
        onClick={() => add.mutate({ projectId, queueId: target, interactionIds: productionIds })}
      >
        Send to labeling
      </Button>
      {add.data ? (
        <span role="status" className="text-xs text-zinc-500">
          {add.data.added} added, {add.data.alreadyQueued} already queued
          {add.data.unusable ? `, ${add.data.unusable} without a shadow answer` : ""}.
        </span>
      ) : null}
      {add.error ? <span className="text-xs text-red-600">{errorMessage(add.error)}</span> : null}
    </div>
  );
}
