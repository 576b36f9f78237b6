"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { formatDuration } from "./format";

const STAGE_NAMES = ["", "failing", "signalled", "triggered", "trained", "deployed"];

/** Overview: open incidents and the stage each reached, and the median failure-to-fix of the last 30 days. */
export function LoopHealthCard({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const health = useQuery(trpc.latency.loopHealth.queryOptions({ projectId }, { refetchInterval: 30_000 }));
  return (
    <Card
      title="Loop health"
      description="From a failing answer to a fixed model in production."
      actions={
        <Link className="text-sm text-brand-600 hover:underline" href={`/p/${projectId}/latency`}>
          Latency tracker
        </Link>
      }
    >
      {health.isPending ? <Loading /> : null}
      {health.isError ? <ErrorNote>{errorMessage(health.error)}</ErrorNote> : null}
      {health.data ? (
        <div className="space-y-2 text-sm">
          <p>
            Median failure-to-fix (30 days):{" "}
            <span className="font-semibold tabular-nums">{formatDuration(health.data.medianFailureToFixSeconds)}</span>{" "}
            <span className="text-zinc-500">over {health.data.fixedLast30Days} fixed incident(s)</span>
          </p>
          {health.data.open.length === 0 ? (
            <p className="text-zinc-500">No open incident.</p>
          ) : (
            <ul aria-label="Open incidents" className="space-y-1">
              {health.data.open.slice(0, 5).map((i) => (
                <li key={i.id} className="flex justify-between gap-3">
                  <span className="truncate">{i.title}</span>
                  <span className="shrink-0 text-xs text-zinc-500">
                    stage {i.stages}/5 · {STAGE_NAMES[i.stages]}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </Card>
  );
}
