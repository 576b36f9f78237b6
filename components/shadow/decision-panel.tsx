"use client";

import { BoundsChart, type BoundsPoint } from "@/components/charts/bounds-chart";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/status";
import { pct } from "@/server/format";

interface Endpoint {
  n: number;
  productionFailureRate: number | null;
  candidateFailureRate: number | null;
  meanDifference: number | null;
  sigma2: number;
  tau2: number;
  pValue: number;
  lower: number | null;
  upper: number | null;
}

interface Props {
  hasSlice: boolean;
  slice: Endpoint;
  rest: Endpoint | null;
  sliceHistory: BoundsPoint[];
  restHistory: BoundsPoint[];
  policy: {
    alpha: number;
    nonInferiorityMargin: number;
    minWorthwhileImprovement: number;
    maxSlicePairs: number;
    mirrorFraction: number;
    requiredApprovals: number;
  };
  decision: { action: "promote" | "reject" | "wait"; rule: string | null; reason: string };
  outlook: {
    sliceNeeded: number | null;
    restNeeded: number | null;
    slicePairsLeft: number;
    decidingRule: "promote" | "futility" | "harm" | "regression" | "max_pairs";
    slicePairsPerMinute: number | null;
  };
  cost: { requests: number; slice: number; tokens: number };
}

const pts = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} pts`);

function Group({
  title,
  description,
  e,
  history,
  lines,
  verdict,
}: {
  title: string;
  description: string;
  e: Endpoint;
  history: BoundsPoint[];
  lines: Array<{ y: number; label: string; tone: "pass" | "fail" }>;
  verdict: { pass: boolean; text: string };
}) {
  return (
    <Card title={title} description={description}>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" aria-label={`${title} figures`}>
        <dt className="text-zinc-500">Pairs</dt>
        <dd className="tabular-nums">{e.n}</dd>
        <dt className="text-zinc-500">Failing: production → candidate</dt>
        <dd className="tabular-nums">
          {pct(e.productionFailureRate)} → {pct(e.candidateFailureRate)}
        </dd>
        <dt className="text-zinc-500">Failure-rate drop</dt>
        <dd className="tabular-nums">{pts(e.meanDifference)}</dd>
        <dt className="text-zinc-500">Always-valid bounds</dt>
        <dd className="tabular-nums">
          [{pts(e.lower)}, {pts(e.upper)}]
        </dd>
      </dl>
      <p className="mt-2 text-sm">
        <Badge tone={verdict.pass ? "ok" : "neutral"}>{verdict.pass ? "passes" : "not yet"}</Badge> {verdict.text}
      </p>
      {history.length > 1 ? <BoundsChart points={history} label={`${title}: failure-rate drop`} lines={lines} /> : null}
      <p className="text-xs text-zinc-500">
        One-sided mSPRT on paired pass/fail verdicts: σ² = {e.sigma2.toFixed(3)} from the pairs, τ² ={" "}
        {e.tau2.toFixed(4)}.
      </p>
    </Card>
  );
}

const RULE_WORDS: Record<Props["outlook"]["decidingRule"], string> = {
  promote: "promotion (the slice's lower bound clears 0 and the rest stays within the margin)",
  futility: "futility (the slice's upper bound falls below the minimum worthwhile improvement)",
  harm: "harm (the rest's upper bound falls below −δ)",
  regression: "a topic that regresses (the guardrail)",
  max_pairs: "the maximum number of slice pairs",
};

/** Why the gate passes or fails: the slice against the rest, what is still needed and what mirroring has cost. */
export function DecisionPanel(p: Props) {
  const delta = p.policy.nonInferiorityMargin;
  const o = p.outlook;
  const needed = o.sliceNeeded === null || o.restNeeded === null ? null : Math.max(o.sliceNeeded, 0);
  const eta =
    needed !== null && needed > 0 && o.slicePairsPerMinute
      ? `about ${Math.max(1, Math.round(needed / o.slicePairsPerMinute))} min at ${o.slicePairsPerMinute.toFixed(1)} slice pairs a minute`
      : null;
  return (
    <div className="space-y-4">
      <Card title="Decision" description="The rule a careful experimenter would apply, evaluated whenever you look.">
        <div className="space-y-1 text-sm" aria-label="Decision outlook">
          <p>
            {p.decision.action === "wait" ? (
              <>
                <Badge tone="neutral">waiting</Badge> Next to decide, at the effect seen so far:{" "}
                {RULE_WORDS[o.decidingRule]}.
              </>
            ) : (
              <>
                <Badge tone={p.decision.action === "promote" ? "ok" : "danger"}>{p.decision.action}</Badge>{" "}
                {p.decision.reason}
                {p.decision.action === "promote" && p.policy.requiredApprovals > 0
                  ? ` — the policy needs ${p.policy.requiredApprovals} ML lead approval(s) before promotion.`
                  : ""}
              </>
            )}
          </p>
          {p.decision.action === "wait" ? (
            <p className="text-zinc-500">
              {o.sliceNeeded === null
                ? "At the slice's effect so far no number of pairs would show an improvement."
                : o.sliceNeeded === 0
                  ? "The slice already shows an improvement."
                  : `About ${o.sliceNeeded} more slice pairs needed${eta ? ` (${eta})` : ""}.`}{" "}
              {p.rest
                ? o.restNeeded === null
                  ? "The rest is worse than the margin at its current rate."
                  : o.restNeeded === 0
                    ? "The rest already stays within the margin."
                    : `About ${o.restNeeded} more rest pairs for the guardrail.`
                : ""}{" "}
              {o.slicePairsLeft} slice pairs left before the maximum ({p.policy.maxSlicePairs}).
            </p>
          ) : null}
          <p className="text-zinc-500" aria-label="Mirroring cost">
            Mirrored so far: {p.cost.requests} requests ({p.cost.slice} in the slice), {p.cost.tokens.toLocaleString()}{" "}
            tokens
            {p.hasSlice
              ? ` — every slice request and ${Math.round(p.policy.mirrorFraction * 100)}% of the rest.`
              : ` — ${Math.round(p.policy.mirrorFraction * 100)}% of all requests.`}
          </p>
        </div>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Group
          title={p.hasSlice ? "Incident slice (primary endpoint)" : "All traffic (primary endpoint)"}
          description={
            p.hasSlice
              ? "Requests in the incident's topics or close to its failing queries, marked when mirrored."
              : "This candidate was not trained for an incident: the endpoint is all mirrored traffic."
          }
          e={p.slice}
          history={p.sliceHistory}
          lines={[
            { y: 0, label: "must clear 0", tone: "pass" },
            { y: p.policy.minWorthwhileImprovement, label: "worthwhile", tone: "fail" },
          ]}
          verdict={{
            pass: p.slice.lower !== null && p.slice.lower > 0,
            text: `better when the lower bound is above 0 (p = ${p.slice.pValue < 1e-4 ? "< 0.0001" : p.slice.pValue.toFixed(4)}, α = ${p.policy.alpha})`,
          }}
        />
        {p.rest ? (
          <Group
            title="Rest of the traffic (guardrail)"
            description={`A sampled ${Math.round(p.policy.mirrorFraction * 100)}% of the other requests. Non-inferiority: no more than ${(delta * 100).toFixed(0)} points worse.`}
            e={p.rest}
            history={p.restHistory}
            lines={[{ y: -delta, label: `margin −δ`, tone: "fail" }]}
            verdict={{
              pass: p.rest.lower !== null && p.rest.lower > -delta,
              text: `within the margin when the lower bound is above −${(delta * 100).toFixed(0)} pts`,
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
