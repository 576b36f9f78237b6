"use client";

import { QueueAssignees } from "./queue-assignees";
import { QueueSettings } from "./queue-settings";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { canSee } from "@/components/shell/roles";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { CalibrationCard } from "./calibration-card";
import { CreateQueueForm } from "./create-queue-form";
import { ImportForm } from "./import-form";

const SOURCE_LABELS: Record<string, string> = {
  routing: "filled by routing",
  manual: "filled by hand",
  import: "imported",
  calibration: "calibration",
};

export function LabelingHome({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const queues = useQuery(trpc.labeling.queues.queryOptions({ projectId }, { refetchInterval: 15_000 }));
  const role = me.data?.role;
  const lead = role ? canSee(role, "ml_lead") : false;
  const labeler = role ? canSee(role, "labeler") : false;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Labeling"
        description="Humans take the cases the judge should not settle alone: low judge confidence, a judge that contradicts the user, unparseable judge output, new topics. Each item gets k labels; ties go to an ML lead."
      />
      <Card title="Queues">
        {queues.isPending ? <Loading /> : null}
        {queues.isError ? <ErrorNote>{errorMessage(queues.error)}</ErrorNote> : null}
        {queues.data?.length === 0 ? (
          <EmptyState title={role === "labeler" ? "No queues assigned to you" : "No queues yet"}>
            <p>
              {role === "labeler"
                ? "An ML lead assigns labelers to queues; they appear here."
                : "Create one below, or import labels from another tool."}
            </p>
          </EmptyState>
        ) : null}
        <ul aria-label="Label queues" className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {queues.data?.map((q) => {
            const settled = q.counts.complete + q.counts.adjudicated + q.counts.needsAdjudication;
            return (
              <li key={q.id} className="space-y-2 py-4">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{q.name}</span>
                  <Badge>{q.kind}</Badge>
                  <Badge tone={q.source === "calibration" ? "brand" : "neutral"}>
                    {SOURCE_LABELS[q.source] ?? q.source}
                  </Badge>
                  <span className="text-xs text-zinc-500">
                    k = {q.overlap} · gold {Math.round(q.goldRate * 100)}% · {q.assigneeIds.length} assignee
                    {q.assigneeIds.length === 1 ? "" : "s"}
                  </span>
                </div>
                {q.description ? <p className="text-sm text-zinc-500">{q.description}</p> : null}
                <ProgressBar
                  label={`${q.name}: items settled`}
                  value={settled}
                  max={Math.max(0, q.counts.items - q.counts.gold)}
                />
                <p className="text-xs text-zinc-500">
                  {q.counts.open} open · {q.counts.needsAdjudication} awaiting adjudication · {q.counts.labels} labels ·{" "}
                  {q.counts.mine} yours
                </p>
                <div className="flex flex-wrap gap-3 text-sm">
                  {labeler && (q.assigned || lead) ? (
                    <Link
                      className="font-medium text-brand-600 hover:underline"
                      href={`/p/${projectId}/labeling/${q.id}`}
                    >
                      Start labeling
                    </Link>
                  ) : null}
                  {lead ? (
                    <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/labeling/${q.id}/items`}>
                      Items and adjudication
                    </Link>
                  ) : null}
                  <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/labeling/${q.id}/agreement`}>
                    Agreement
                  </Link>
                </div>
                {lead && q.source !== "calibration" ? (
                  <details className="text-sm">
                    <summary className="cursor-pointer text-brand-600">Assignees and settings</summary>
                    <div className="mt-3 space-y-3">
                      <QueueSettings projectId={projectId} queue={q} />
                      <QueueAssignees projectId={projectId} queueId={q.id} assigneeIds={q.assigneeIds} />
                    </div>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Card>
      {lead ? (
        <>
          <CreateQueueForm projectId={projectId} />
          <CalibrationCard projectId={projectId} queues={queues.data ?? []} />
          <ImportForm projectId={projectId} />
        </>
      ) : null}
    </div>
  );
}
