"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { ProgressBar } from "@/components/ui/progress";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";

const STATUS_TONE = {
  pending_approval: "warn",
  queued: "neutral",
  running: "brand",
  succeeded: "ok",
  failed: "danger",
  cancelled: "warn",
} as const;

function LossChart({ points }: { points: Array<{ step: number; loss: number }> }) {
  return (
    <div className="h-40 w-full" role="img" aria-label="Training loss by step">
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="step" tick={{ fontSize: 11 }} stroke="currentColor" strokeOpacity={0.5} />
          <YAxis tick={{ fontSize: 11 }} width={40} stroke="currentColor" strokeOpacity={0.5} />
          <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(3) : "—")} contentStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="loss" name="loss" stroke="#6366f1" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Fine-tune jobs with progress, loss curve, logs, cancel and retry; a success links to its candidate. */
export function FineTuneJobs({ projectId, lead }: { projectId: string; lead: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery(
    trpc.fineTunes.list.queryOptions(
      { projectId },
      {
        refetchInterval: (q) =>
          q.state.data?.some((j) => j.status === "queued" || j.status === "running") ? 1500 : 15_000,
      },
    ),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.fineTunes.list.queryKey({ projectId }) });
  const cancel = useMutation(trpc.fineTunes.cancel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.fineTunes.retry.mutationOptions({ onSuccess: refresh }));
  const approve = useMutation(trpc.fineTunes.approve.mutationOptions({ onSuccess: refresh }));
  const error = cancel.error ?? retry.error ?? approve.error;
  return (
    <Card
      title="Fine-tune jobs"
      description="Progress, loss and logs as the trainer reports them; a success registers a candidate model version."
    >
      {jobs.isPending ? <Loading /> : null}
      {error ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      {jobs.data?.length === 0 ? (
        <p className="text-sm text-zinc-500">No fine-tune jobs yet: start one from a dataset.</p>
      ) : null}
      <ul aria-label="Fine-tune jobs" className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {jobs.data?.map((j) => {
          const points = (j.metrics as Array<{ step: number; loss: number }>) ?? [];
          return (
            <li key={j.id} className="space-y-2 py-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={STATUS_TONE[j.status as keyof typeof STATUS_TONE] ?? "neutral"}>
                  {j.status.replace(/_/g, " ")}
                </Badge>
                <span className="font-medium">{j.method === "dpo" ? "DPO" : "LoRA SFT"}</span>
                <span className="text-xs text-zinc-500">
                  {j.backend === "simulated" ? "simulated trainer" : j.backend} · started {j.createdAt.toLocaleString()}
                </span>
              </div>
              <ProgressBar label="Training steps" value={j.step} max={j.totalSteps} />
              {points.length > 1 ? <LossChart points={points} /> : null}
              {j.error ? <p className="text-xs text-red-600 dark:text-red-400">{j.error}</p> : null}
              {j.candidateModelVersionId ? (
                <p>
                  Candidate registered: <span className="font-medium">{j.candidateName ?? "(deleted version)"}</span>{" "}
                  <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/deployments`}>
                    see it under Deployments
                  </Link>
                </p>
              ) : null}
              {j.logs ? (
                <details>
                  <summary className="cursor-pointer text-xs text-zinc-500">Logs</summary>
                  <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-800/60">
                    {j.logs}
                  </pre>
                </details>
              ) : null}
              {lead ? (
                <div className="flex gap-2">
                  {j.status === "pending_approval" ? (
                    <Button
                      onClick={() =>
                        window.confirm(
                          "Approve this fine-tune? It was started by the trigger policy; the trainer runs on the dataset's training split and registers a candidate on success.",
                        ) && approve.mutate({ projectId, jobId: j.id })
                      }
                    >
                      Approve
                    </Button>
                  ) : null}
                  {j.status === "pending_approval" || j.status === "queued" || j.status === "running" ? (
                    <Button
                      variant="secondary"
                      onClick={() =>
                        window.confirm("Cancel this fine-tune? The trainer is stopped.") &&
                        cancel.mutate({ projectId, jobId: j.id })
                      }
                    >
                      Cancel
                    </Button>
                  ) : null}
                  {j.status === "failed" || j.status === "cancelled" ? (
                    <Button variant="secondary" onClick={() => retry.mutate({ projectId, jobId: j.id })}>
                      Retry
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
