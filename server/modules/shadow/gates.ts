// Promotion gates (pure): every check a candidate must pass before it may replace production, each with its value,
// its threshold and pass/fail, so the panel and the audit record show the same numbers.
import type { ComparisonSummary } from "./comparison";

export interface GatePolicy {
  minPairedSamples: number;
  /** α of the always-valid sequential test. */
  alpha: number;
  /** Largest tolerated drop in a topic's pass rate (with enough pairs on it). */
  segmentRegressionTolerance: number;
  /** 0: automatic promotion allowed when every check passes; N ≥ 1: N distinct ML leads approve. */
  requiredApprovals: number;
}

export interface GateInput {
  summary: ComparisonSummary;
  /** Alert rules in the ALERT state on the candidate or on production's quality metrics. */
  alertingRules: string[];
  /** Distinct ML leads who approved this candidate. */
  approvals: number;
}

export interface GateCheck {
  key: "samples" | "sequential" | "incident" | "topics" | "alerts" | "approvals";
  label: string;
  value: string;
  threshold: string;
  pass: boolean;
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

export function evaluateGates(input: GateInput, policy: GatePolicy) {
  const { summary } = input;
  const checks: GateCheck[] = [
    {
      key: "samples",
      label: "Paired samples",
      value: String(summary.n),
      threshold: `≥ ${policy.minPairedSamples}`,
      pass: summary.n >= policy.minPairedSamples,
    },
    {
      key: "sequential",
      label: "Candidate better overall (always-valid sequential test)",
      value: summary.sequential
        ? `mean Δ ${summary.meanDifference!.toFixed(3)}, p = ${summary.sequential.pValue.toFixed(4)}`
        : "no pairs",
      threshold: `p < ${policy.alpha} and Δ > 0`,
      pass: summary.sequential !== null && summary.sequential.pValue < policy.alpha && summary.meanDifference! > 0,
    },
  ];
  if (summary.incident) {
    const { production, candidate, n } = summary.incident;
    checks.push({
      key: "incident",
      label: "Incident topic fails less often",
      value: `${pct(candidate)} vs ${pct(production)} (n = ${n})`,
      threshold: "candidate < production",
      pass: n > 0 && candidate !== null && production !== null && candidate < production,
    });
  }
  const regressions = summary.topics.filter((t) => t.regression);
  checks.push(
    {
      key: "topics",
      label: "No topic regresses",
      value: regressions.length === 0 ? "none" : `${regressions.length} topic(s)`,
      threshold: `pass-rate drop ≤ ${pct(policy.segmentRegressionTolerance)}`,
      pass: regressions.length === 0,
    },
    {
      key: "alerts",
      label: "No quality alert firing (candidate or production)",
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
