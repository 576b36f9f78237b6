"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { pct } from "@/server/format";

interface Group {
  n: number;
  productionFailureRate: number | null;
  candidateFailureRate: number | null;
}

interface Evidence {
  n?: number;
  meanDifference?: number | null;
  sequentialP?: number | null;
  slice?: Group;
  rest?: Group | null;
  override?: string | null;
}

/** Promotions and rollbacks with their evidence, and the one-click emergency rollback (ML lead, audited). */
export function DeploymentHistory({ projectId, lead }: { projectId: string; lead: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery(trpc.shadow.history.queryOptions({ projectId }));
  const target = useQuery(trpc.shadow.rollbackTo.queryOptions({ projectId }));
  const versions = useQuery(trpc.deployments.list.queryOptions({ projectId }));
  const nameOf = (id: string | null) => versions.data?.find((v) => v.id === id)?.name ?? "—";
  const rollback = useMutation(
    trpc.shadow.rollback.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.shadow.history.queryKey({ projectId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.shadow.rollbackTo.queryKey({ projectId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.deployments.list.queryKey({ projectId }) });
      },
    }),
  );
  const to = target.data;

  return (
    <Card
      title="Promotions and rollbacks"
      description="Every production switch with the evidence at that moment. A rollback returns to the version production had before the current one was promoted; a rolled-back candidate goes through the gates again."
      actions={
        lead && to ? (
          <Button
            variant="secondary"
            disabled={rollback.isPending}
            onClick={() => {
              const reason = window.prompt(
                `Roll back to ${to.name}? It serves production again at once; this is recorded. Reason (optional):`,
              );
              if (reason !== null) rollback.mutate({ projectId, reason: reason.trim() || null });
            }}
          >
            {rollback.isPending ? "Rolling back…" : `Roll back to ${to.name}`}
          </Button>
        ) : null
      }
    >
      {history.isPending ? <Loading /> : null}
      {history.isError ? <ErrorNote>{errorMessage(history.error)}</ErrorNote> : null}
      {rollback.error ? <ErrorNote>{errorMessage(rollback.error)}</ErrorNote> : null}
      {history.data?.length === 0 ? <p className="text-sm text-zinc-500">No promotion yet.</p> : null}
      <ul aria-label="Promotions and rollbacks" className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {history.data?.map((p) => {
          const e = p.gates as Evidence;
          return (
            <li key={p.id} className="py-2">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={p.action === "rollback" ? "warn" : "ok"}>{p.action}</Badge>
                <span>
                  {nameOf(p.fromModelVersionId)} → <span className="font-medium">{nameOf(p.toModelVersionId)}</span>
                </span>
                <span className="text-xs text-zinc-500">
                  {p.createdAt.toLocaleString()} · by {p.actorName}
                </span>
              </div>
              <p className="text-xs text-zinc-500">
                {e.n !== undefined
                  ? e.slice
                    ? `${e.n} pairs · slice failing ${pct(e.slice.productionFailureRate)} → ${pct(e.slice.candidateFailureRate)} (n = ${e.slice.n})` +
                      (e.rest
                        ? ` · rest ${pct(e.rest.productionFailureRate)} → ${pct(e.rest.candidateFailureRate)}`
                        : "")
                    : `${e.n} pairs · mean Δ ${e.meanDifference?.toFixed(3) ?? "—"} · always-valid p ${e.sequentialP?.toFixed(4) ?? "—"}`
                  : ""}
                {e.override ? ` · override: ${e.override}` : ""}
                {p.reason && !e.override ? ` · ${p.reason}` : ""}
              </p>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
