"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { SequentialChart } from "@/components/charts/sequential-chart";
import { canSee } from "@/components/shell/roles";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { Field, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { Table } from "@/components/ui/table";
import { useTRPC } from "@/components/trpc";
import { DecisionPanel } from "./decision-panel";
import { GatePanel } from "./gate-panel";
import { SendPairs } from "./send-pairs";
import { pct } from "@/server/format";

const num = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? "—" : x.toFixed(d));
const pValue = (p: number | null | undefined) =>
  p === null || p === undefined ? "—" : p < 1e-4 ? "< 0.0001" : p.toFixed(4);

interface Sample {
  productionInteractionId: string;
  difference: number;
  productionScore: number;
  shadowScore: number;
  query: string;
  productionAnswer: string;
  candidateAnswer: string;
}

/** One side of a pair: whose answer and its score, then the answer as text. */
function Answer({ heading, text }: { heading: string; text: string }) {
  return (
    <div>
      <div className="text-xs text-zinc-500">{heading}</div>
      <p className="mt-1 whitespace-pre-wrap rounded bg-zinc-50 p-2 dark:bg-zinc-800/60">{text}</p>
    </div>
  );
}

function Samples({ title, items }: { title: string; items: Sample[] }) {
  return (
    <Card title={title}>
      {items.length === 0 ? <p className="text-sm text-zinc-500">None.</p> : null}
      <ul aria-label={title} className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {items.map((s) => (
          <li key={s.productionInteractionId} className="space-y-2 py-3 text-sm">
            <p className="font-medium whitespace-pre-wrap">{s.query || "(empty query)"}</p>
            <div className="grid gap-3 md:grid-cols-2">
              <Answer heading={`Production · score ${s.productionScore}`} text={s.productionAnswer} />
              <Answer heading={`Candidate · score ${s.shadowScore}`} text={s.candidateAnswer} />
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/**
 * Stage 5: a candidate in shadow against production on the same mirrored requests, judged by the same judge and
 * rubric version, with the promotion gates and the ML lead's actions.
 */
export function ShadowPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const lead = me.data ? canSee(me.data.role, "ml_lead") : false;
  const candidates = useQuery(trpc.shadow.candidates.queryOptions({ projectId }));
  const [picked, setPicked] = useState("");
  const candidateId = picked || candidates.data?.candidates[0]?.id || "";
  const comparison = useQuery(
    trpc.shadow.comparison.queryOptions(
      { projectId, candidateId },
      { enabled: Boolean(candidateId), refetchInterval: 15_000 },
    ),
  );
  const data = comparison.data;
  const s = data?.summary;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Shadow"
        description="A candidate in shadow answers mirrored production requests — all of its incident's slice and a share of the rest — and both answers are judged with the same judge and rubric version. It must fail less often on the slice and no more than the margin worse elsewhere; every bound is valid whenever you look."
      />
      {candidates.isPending ? <Loading /> : null}
      {candidates.isError ? <ErrorNote>{errorMessage(candidates.error)}</ErrorNote> : null}
      {candidates.data && candidates.data.candidates.length === 0 ? (
        <EmptyState title="No candidates">
          <p>Fine-tunes register candidates; put one in shadow under Deployments to compare it with production.</p>
        </EmptyState>
      ) : null}
      {candidates.data && candidates.data.candidates.length > 0 ? (
        <Field label="Candidate">
          <Select value={candidateId} onChange={(e) => setPicked(e.target.value)} className="max-w-md">
            {candidates.data.candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.status})
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {comparison.isError ? <ErrorNote>{errorMessage(comparison.error)}</ErrorNote> : null}
      {candidateId && comparison.isPending ? <Loading /> : null}
      {data && s ? (
        <>
          <p className="text-sm text-zinc-500">
            <span className="font-medium text-zinc-800 dark:text-zinc-200">{data.candidate.name}</span>{" "}
            <Badge tone={data.candidate.status === "shadow" ? "brand" : "neutral"}>{data.candidate.status}</Badge>{" "}
            against production{" "}
            <span className="font-medium text-zinc-800 dark:text-zinc-200">{data.production?.name ?? "—"}</span>
            {data.incident ? ` · trained for the incident "${data.incident.title}"` : ""}
          </p>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            <Stat label="Paired samples" value={String(s.n)} hint={`gate: ≥ ${data.policy.minPairedSamples}`} />
            <Stat
              label="Win / tie / loss"
              value={`${s.wins} / ${s.ties} / ${s.losses}`}
              hint={
                s.winRateInterval
                  ? `win rate ${pct(s.winRate)} [${pct(s.winRateInterval.lower)}, ${pct(s.winRateInterval.upper)}] (ties left out)`
                  : "no decided pairs"
              }
            />
            <Stat
              label="Mean score Δ"
              value={num(s.meanDifference)}
              hint={
                s.meanInterval
                  ? `bootstrap ${pct(1 - data.policy.alpha)}: [${num(s.meanInterval.lower)}, ${num(s.meanInterval.upper)}]`
                  : "—"
              }
            />
            <Stat
              label="Wilcoxon signed-rank"
              value={pValue(s.wilcoxon?.pValue)}
              hint={s.wilcoxon ? `V = ${s.wilcoxon.statistic}` : "—"}
            />
            <Stat
              label="Always-valid p (scores)"
              value={pValue(s.sequential?.pValue)}
              hint={s.sequential ? `mSPRT; Δ in [${num(s.sequential.lower)}, ${num(s.sequential.upper)}]` : "—"}
            />
          </div>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card
              title="Sequential test"
              description={
                s.sequential
                  ? `mSPRT on score differences: σ² = ${num(s.sequential.sigma2)} estimated from the pairs, mixing τ² = ${s.sequential.tau2}.`
                  : "No pairs yet."
              }
            >
              {s.sequential ? <SequentialChart points={s.sequential.history} alpha={data.policy.alpha} /> : null}
            </Card>
            <GatePanel
              projectId={projectId}
              candidateId={candidateId}
              lead={lead}
              gates={data.gates}
              approvals={data.approvals.length}
            />
          </div>
          <DecisionPanel
            hasSlice={s.hasSlice}
            slice={s.slice}
            rest={s.rest}
            sliceHistory={s.sliceHistory}
            restHistory={s.restHistory}
            policy={data.policy}
            decision={data.decision}
            outlook={data.outlook}
            cost={data.cost}
          />
          <Card
            title="By topic"
            description="Regressions: the candidate's pass rate lower by more than the tolerance, with an exact McNemar test significant after Benjamini–Hochberg across topics (q)."
          >
            {s.topics.length === 0 ? <p className="text-sm text-zinc-500">No pairs yet.</p> : null}
            {s.topics.length > 0 ? (
              <Table columns={["Topic", "Pairs", "Production pass", "Candidate pass", "Mean score Δ", "McNemar q", ""]}>
                {s.topics.map((t) => (
                  <tr key={t.topicId ?? "none"} className={t.regression ? "bg-red-50 dark:bg-red-950/30" : undefined}>
                    <td className="py-2 pr-4">{t.label}</td>
                    <td className="pr-4 tabular-nums">{t.n}</td>
                    <td className="pr-4 tabular-nums">{pct(t.productionPassRate)}</td>
                    <td className="pr-4 tabular-nums">{pct(t.candidatePassRate)}</td>
                    <td className="pr-4 tabular-nums">{num(t.meanDifference, 2)}</td>
                    <td className="pr-4 tabular-nums">{pValue(t.mcnemarQ)}</td>
                    <td>{t.regression ? <Badge tone="danger">regression</Badge> : null}</td>
                  </tr>
                ))}
              </Table>
            ) : null}
          </Card>
          <div className="grid gap-6 xl:grid-cols-2">
            <Samples title="Biggest wins" items={s.biggestWins} />
            <Samples title="Biggest losses" items={s.biggestLosses} />
          </div>
          {lead ? (
            <SendPairs
              projectId={projectId}
              productionIds={[...s.biggestWins, ...s.biggestLosses].map((p) => p.productionInteractionId)}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
