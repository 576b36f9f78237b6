"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { canSee } from "@/components/shell/roles";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { Table } from "@/components/ui/table";
import { useTRPC } from "@/components/trpc";
import { formatDuration } from "@/components/latency/format";
import { DatasetsCard } from "./datasets-card";
import { FineTuneJobs } from "./fine-tune-jobs";
import { pct } from "@/server/format";

interface Numbers {
  topic?: string;
  recentFailures?: number;
  recentTotal?: number;
  recentRate?: number;
  baselineFailures?: number;
  baselineTotal?: number;
  baselineRate?: number | null;
  baselineScope?: string;
  z?: number | null;
  qValue?: number | null;
  cusum?: number | null;
  cusumAlarm?: boolean;
  examples?: string[];
}

const num = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? "—" : x.toFixed(d));
const VERDICT_TONE = {
  significant: "danger",
  early_warning: "warn",
  not_significant: "neutral",
  below_min_count: "neutral",
  not_higher: "ok",
  no_baseline: "neutral",
} as const;
const STATUS_TONE = {
  open: "danger",
  training: "brand",
  shadow: "brand",
  resolved: "ok",
  dismissed: "neutral",
} as const;

function BuildDataset({ projectId, incidentId }: { projectId: string; incidentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const build = useMutation(
    trpc.datasets.build.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey({ projectId }) }),
    }),
  );
  return (
    <span className="flex items-center gap-2">
      <Button
        onClick={() => {
          const what =
            "Build a dataset from this incident? Its failing answers (recent and baseline windows) become SFT rows and DPO pairs where users corrected them or accepted a later answer; confirmed good answers on the topic become SFT rows; 10 % go to the holdout split and personal-looking rows are left out.";
          if (window.confirm(what)) build.mutate({ projectId, incidentId, holdoutPercent: 10, excludePii: true });
        }}
        disabled={build.isPending}
      >
        {build.isPending ? "Building…" : "Build dataset"}
      </Button>
      {build.data ? (
        <span role="status" className="text-xs text-zinc-500">
          {build.data.rows} rows built.
        </span>
      ) : null}
      {build.error ? <span className="text-xs text-red-600">{errorMessage(build.error)}</span> : null}
    </span>
  );
}

function Dismiss({ projectId, incidentId, onDone }: { projectId: string; incidentId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const dismiss = useMutation(trpc.patterns.dismiss.mutationOptions({ onSuccess: onDone }));
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Input
        aria-label="Why dismiss"
        className="w-72"
        placeholder="Why dismiss (false alarm, known issue…)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        variant="secondary"
        disabled={!reason.trim() || dismiss.isPending}
        onClick={() => dismiss.mutate({ projectId, incidentId, reason })}
      >
        Dismiss
      </Button>
      {dismiss.error ? <span className="text-sm text-red-600">{errorMessage(dismiss.error)}</span> : null}
    </div>
  );
}

interface Status {
  lastScanAt: Date | null;
  nextScanAt: Date;
  intervalSeconds: number;
  baseline: { from: Date; to: Date; seconds: number; restartedAtPromotion: Date | null };
}

/** When the scan ran and runs next, and the baseline it compares with (restarted at the last promotion). */
function ScanStatus({ status }: { status: Status }) {
  const secondsUntil = Math.max(0, Math.round((status.nextScanAt.getTime() - Date.now()) / 1000));
  return (
    <p className="mb-3 text-xs text-zinc-500" data-testid="scan-status">
      {status.lastScanAt ? `Last scan ${status.lastScanAt.toLocaleTimeString()}` : "Not scanned yet"} · next in about{" "}
      {formatDuration(secondsUntil)} (every {formatDuration(status.intervalSeconds)}) ·{" "}
      {status.baseline.from.getTime() >= status.baseline.to.getTime()
        ? "no baseline yet"
        : `baseline ${status.baseline.from.toLocaleString()} – ${status.baseline.to.toLocaleString()}`}
      {status.baseline.restartedAtPromotion
        ? ` (restarted at the promotion of ${status.baseline.restartedAtPromotion.toLocaleString()}: until the new version has ${formatDuration(status.baseline.seconds)} of its own, topics are compared with all topics and fewer patterns show)`
        : ` (${formatDuration(status.baseline.seconds)})`}
    </p>
  );
}

/**
 * Stage 4 of the loop: failure patterns (topic × failure category) tested every scan, and the incidents the
 * significant ones open, and the datasets built from them.
 */
export function FineTunesPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const lead = me.data ? canSee(me.data.role, "ml_lead") : false;
  const incidents = useQuery(trpc.patterns.incidents.queryOptions({ projectId }, { refetchInterval: 15_000 }));
  const patterns = useQuery(trpc.patterns.list.queryOptions({ projectId }, { refetchInterval: 15_000 }));
  const status = useQuery(trpc.patterns.scanStatus.queryOptions({ projectId }, { refetchInterval: 15_000 }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.patterns.incidents.queryKey({ projectId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.patterns.list.queryKey({ projectId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.patterns.scanStatus.queryKey({ projectId }) });
  };
  const scan = useMutation(trpc.patterns.scanNow.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="space-y-6">
      <PageHeader
        title="Fine-tunes"
        description="Failure patterns (topic × failure category) are tested every scan: the recent window's failure rate against the baseline (two-proportion z-test, Benjamini–Hochberg across patterns, a minimum count), with a Bernoulli CUSUM as early warning. A significant pattern opens an incident."
        actions={
          lead ? (
            <Button variant="secondary" onClick={() => scan.mutate({ projectId })} disabled={scan.isPending}>
              {scan.isPending ? "Scanning…" : "Scan now"}
            </Button>
          ) : null
        }
      />
      {scan.error ? <ErrorNote>{errorMessage(scan.error)}</ErrorNote> : null}
      {scan.data ? (
        <p role="status" className="text-sm text-zinc-500">
          Scanned {scan.data.patterns} pattern(s); {scan.data.opened.length} incident(s) opened.
        </p>
      ) : null}
      <Card title="Incidents">
        {incidents.isPending ? <Loading /> : null}
        {incidents.isError ? <ErrorNote>{errorMessage(incidents.error)}</ErrorNote> : null}
        {incidents.data?.length === 0 ? (
          <EmptyState title="No incidents">
            <p>An incident opens when a failure pattern becomes statistically significant.</p>
          </EmptyState>
        ) : null}
        <ul aria-label="Incidents" className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {incidents.data?.map((i) => {
            const n = i.evidence as Numbers;
            return (
              <li key={i.id} className="space-y-2 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={STATUS_TONE[i.status as keyof typeof STATUS_TONE] ?? "neutral"}>{i.status}</Badge>
                  <span className="font-medium">{i.title}</span>
                </div>
                <p className="text-xs text-zinc-500">
                  {n.recentFailures}/{n.recentTotal} failing recently vs {n.baselineFailures}/{n.baselineTotal} in the
                  baseline ({n.baselineScope === "topic" ? "this topic" : "all topics"}) · z = {num(n.z)} · q ={" "}
                  {num(n.qValue, 4)} · CUSUM {num(n.cusum)} · first failure {i.failureAt.toLocaleString()} · triggered{" "}
                  {i.triggeredAt.toLocaleString()}
                </p>
                {n.examples?.length ? (
                  <p className="flex flex-wrap gap-3 text-xs">
                    Examples:
                    {n.examples.map((id, k) => (
                      <Link
                        key={id}
                        className="text-brand-600 hover:underline"
                        href={`/p/${projectId}/interactions/${id}`}
                      >
                        #{k + 1}
                      </Link>
                    ))}
                  </p>
                ) : null}
                {i.dismissReason ? <p className="text-xs">Dismissed: {i.dismissReason}</p> : null}
                {lead && ["open", "training", "shadow"].includes(i.status) ? (
                  <div className="flex flex-wrap items-center gap-3">
                    <BuildDataset projectId={projectId} incidentId={i.id} />
                    <Dismiss projectId={projectId} incidentId={i.id} onDone={refresh} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Card>
      <Card
        title="Failure patterns"
        description="The last scan's numbers for every (topic × category) with a recent failure."
      >
        {status.data ? <ScanStatus status={status.data} /> : null}
        {patterns.isPending ? <Loading /> : null}
        {patterns.data?.length === 0 ? (
          <p className="text-sm text-zinc-500">No failures in the recent window.</p>
        ) : null}
        {patterns.data && patterns.data.length > 0 ? (
          <Table columns={["Topic", "Category", "Recent", "Baseline", "z", "q (BH)", "CUSUM", "Verdict"]}>
            {patterns.data.map((p) => {
              const n = p.numbers as Numbers;
              return (
                <tr key={p.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-2">{n.topic ?? "—"}</td>
                  <td>{p.category.replace(/_/g, " ")}</td>
                  <td className="tabular-nums">
                    {pct(n.recentRate)}{" "}
                    <span className="text-xs text-zinc-500">
                      ({p.recentCount}/{p.recentTotal})
                    </span>
                  </td>
                  <td className="tabular-nums">
                    {pct(n.baselineRate)}{" "}
                    <span className="text-xs text-zinc-500">
                      ({p.baselineCount}/{p.baselineTotal}
                      {n.baselineScope === "topic" ? "" : ", all topics"})
                    </span>
                  </td>
                  <td className="tabular-nums">{num(n.z)}</td>
                  <td className="tabular-nums">{num(p.qValue, 4)}</td>
                  <td className="tabular-nums">
                    {num(p.cusum)}
                    {n.cusumAlarm ? " ▲" : ""}
                  </td>
                  <td>
                    <Badge tone={VERDICT_TONE[p.verdict as keyof typeof VERDICT_TONE] ?? "neutral"}>
                      {p.verdict.replace(/_/g, " ")}
                    </Badge>
                  </td>
                </tr>
              );
            })}
          </Table>
        ) : null}
      </Card>
      <DatasetsCard projectId={projectId} lead={lead} />
      <FineTuneJobs projectId={projectId} lead={lead} />
    </div>
  );
}
