// Promotion gates (pure): every check a candidate must pass before it may replace production, each with its value,
// its threshold and pass/fail, so the panel and the audit record show the same numbers; and the system's decision
// under an automatic policy (promote, reject, or wait), shared by the `shadow-gates` job and `npm run sim:gates`.
import type { ProjectSettingsDoc } from "../settings/settings.schema";
import type { DecisionSummary } from "./comparison";
import { rejection, type Decision, type DecisionPolicy, type Endpoint } from "./decision";
import { pct } from "../../format";

type ShadowSettings = ProjectSettingsDoc["shadow"];

export interface GatePolicy extends DecisionPolicy {
  /** Largest tolerated drop in a topic's pass rate (with enough pairs on it and q < α). */
  segmentRegressionTolerance: number;
  /** 0: automatic promotion allowed when every check passes; N ≥ 1: N distinct ML leads approve. */
  requiredApprovals: number;
}

export interface GateInput {
  summary: DecisionSummary;
  /** Alert rules pinned to the candidate in the ALERT state (production's alerts are what a fix answers). */
  alertingRules: string[];
  /** Distinct ML leads who approved this candidate. */
  approvals: number;
}

interface GateCheck {
  key: "samples" | "slice" | "guardrail" | "topics" | "alerts" | "approvals";
  label: string;
  value: string;
  threshold: string;
  pass: boolean;
}

const pts = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} pts`);

/** "50.0% → 25.0% failing (n = 120), drop +25.0 pts, bound ≥ +8.1 pts" */
function describe(e: Endpoint) {
  if (e.n === 0) return "no pairs yet";
  return (
    `${pct(e.productionFailureRate)} → ${pct(e.candidateFailureRate)} failing (n = ${e.n}), ` +
    `drop ${pts(e.meanDifference)}, always-valid lower bound ${pts(e.lower)}`
  );
}

export function evaluateGates(input: GateInput, policy: GatePolicy) {
  const { summary } = input;
  const { slice, rest } = summary;
  const checks: GateCheck[] = [
    {
      key: "samples",
      label: "Paired samples",
      value: String(summary.n),
      threshold: `≥ ${policy.minPairedSamples}`,
      pass: summary.n >= policy.minPairedSamples,
    },
    {
      key: "slice",
      label: summary.hasSlice
        ? "Fails less often on the incident's slice (one-sided, always valid)"
        : "Fails less often overall (one-sided, always valid)",
      value: describe(slice),
      threshold: `lower bound > 0 (p < ${policy.alpha})`,
      pass: slice.lower !== null && slice.lower > 0,
    },
  ];
  if (rest) {
    checks.push({
      key: "guardrail",
      label: "Rest of the traffic no worse than the margin (non-inferiority)",
      value: describe(rest),
      threshold: `lower bound > −${(policy.nonInferiorityMargin * 100).toFixed(1)} pts`,
      pass: rest.lower !== null && rest.lower > -policy.nonInferiorityMargin,
    });
  }
  const regressions = summary.topics.filter((t) => t.regression);
  checks.push(
    {
      key: "topics",
      label: "No topic regresses (McNemar, Benjamini–Hochberg across topics)",
      value: regressions.length === 0 ? "none" : `${regressions.length} topic(s)`,
      threshold: `pass-rate drop ≤ ${pct(policy.segmentRegressionTolerance)} or q ≥ ${policy.alpha}`,
      pass: regressions.length === 0,
    },
    {
      key: "alerts",
      label: "No quality alert firing on the candidate",
      value: input.alertingRules.length === 0 ? "none" : input.alertingRules.join(", "),
      threshold: "none",
      pass: input.alertingRules.length === 0,
    },
  );
  const evidenceOk = checks.every((c) => c.pass);
  const approvalsOk = input.approvals >= policy.requiredApprovals;
  checks.push({
    key: "approvals",
    label: "ML lead approvals",
    value: String(input.approvals),
    threshold: policy.requiredApprovals === 0 ? "none needed" : `≥ ${policy.requiredApprovals}`,
    pass: approvalsOk,
  });
  return {
    checks,
    /** Every check but approvals: what an approval vouches for. */
    evidenceOk,
    allPass: evidenceOk && approvalsOk,
    /** The system may promote on its own only when the policy needs no approval. */
    automatic: policy.requiredApprovals === 0 && evidenceOk,
  };
}

export type GateResult = ReturnType<typeof evaluateGates>;

/**
 * The system's decision on a shadow candidate under an automatic policy: reject when the evidence says it cannot
 * win (harm on the rest, futility on the slice, the maximum slice pairs, or a topic that regresses), promote when
 * every gate passes, else wait for more pairs. Rejection comes first: a candidate that harms the rest is never
 * promoted.
 */
export function decide(
  summary: DecisionSummary,
  gates: GateResult,
  policy: GatePolicy,
  topicLabel: (topicId: string | null) => string = (id) => (id ? `topic ${id}` : "queries without a topic"),
): Decision {
  const rejected = rejection(summary, summary.n, policy);
  if (rejected) return rejected;
  // The guardrail: a topic proven worse on the candidate by more than the tolerance (always-valid bound, so the
  // job's frequent looks cannot make a false rejection likely) rejects it once the minimum paired samples are in.
  const regressed = summary.n >= policy.minPairedSamples ? summary.topics.find((t) => t.harmed) : undefined;
  if (regressed) {
    const points = (x: number) => `${x < 0 ? "−" : "+"}${Math.abs(x * 100).toFixed(1)} points`;
    return {
      action: "reject",
      rule: "regression",
      reason:
        `guardrail: ${topicLabel(regressed.topicId)} regresses — passing ${pct(regressed.productionPassRate)} on ` +
        `production, ${pct(regressed.candidatePassRate)} on the candidate over ${regressed.n} pairs; the ` +
        `always-valid bound puts the change at ${points(regressed.changeUpper ?? 0)} or worse`,
    };
  }
  if (gates.automatic) {
    return {
      action: "promote",
      rule: "promote",
      reason: `every gate passed: ${gates.checks
        .filter((c) => c.key === "slice" || c.key === "guardrail")
        .map((c) => c.value)
        .join("; ")}`,
    };
  }
  return { action: "wait", rule: null, reason: "not decided yet" };
}

/** The gate policy and comparison options of a project's shadow settings (the job, the page and the simulation). */
export function policyFrom(shadow: ShadowSettings) {
  const policy: GatePolicy = {
    alpha: shadow.alpha,
    minPairedSamples: shadow.minPairedSamples,
    nonInferiorityMargin: shadow.nonInferiorityMargin,
    minWorthwhileImprovement: shadow.minWorthwhileImprovement,
    maxSlicePairs: shadow.maxSlicePairs,
    segmentRegressionTolerance: shadow.segmentRegressionTolerance,
    requiredApprovals: shadow.requiredApprovals,
  };
  const comparison = {
    alpha: shadow.alpha,
    nonInferiorityMargin: shadow.nonInferiorityMargin,
    regressionTolerance: shadow.segmentRegressionTolerance,
    minTopicPairs: Math.max(10, Math.round(shadow.minPairedSamples / 10)),
  };
  return { policy, comparison };
}
