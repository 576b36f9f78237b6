// The shadow decision (pure): the primary endpoint is the incident's slice (is the candidate better where the fix is
// meant to help?), the rest of the traffic is a guardrail (not worse by more than a margin δ), and a candidate that
// cannot win is rejected (futility, harm, or too many slice pairs without a decision). The `shadow-gates` job, the
// Shadow page and `npm run sim:gates` all call these functions with the project's settings.
//
// The endpoint is the paired pass/fail verdict: d = candidate passed − production passed ∈ {−1, 0, 1}, so the mean
// difference is the drop in the failure rate (0.10 = ten points fewer failures). Each group is tested with the
// one-sided mixture SPRT of `stats/paired.ts` (always valid, so the job may look every few seconds):
// - σ² is the sample variance of the group's differences, re-estimated at every look (the plug-in used by
//   Optimizely's Stats Engine), never below SIGMA2_FLOOR_VERDICTS;
// - τ² is the mixing variance of the half-normal prior: the slice's is tuned to improvements of 10–25 points
//   (τ = 0.15), the rest's to the size of the margin (τ = δ), where each test has most power.
import { oneSidedAt, pairsToClear } from "../../stats/paired";

export interface VerdictPair {
  productionPass: boolean;
  shadowPass: boolean;
}

export interface DecisionPolicy {
  alpha: number;
  minPairedSamples: number;
  /** δ: the rest may be worse than production by at most this (failure-rate points). */
  nonInferiorityMargin: number;
  /** Futility: a slice improvement smaller than this (failure-rate points) is not worth a promotion. */
  minWorthwhileImprovement: number;
  /** A candidate still undecided after this many slice pairs is rejected (none stays in shadow forever). */
  maxSlicePairs: number;
}

/** Mixing variance of the slice's test: an improvement of about 15 points is what it is tuned to find. */
export const SLICE_TAU2 = 0.15 ** 2;
/** Plug-in σ² never goes below this (a run of identical verdicts early on is no proof of zero variance). */
export const SIGMA2_FLOOR_VERDICTS = 0.05;

export interface Endpoint {
  n: number;
  productionFailureRate: number | null;
  candidateFailureRate: number | null;
  /** Mean of d: the failure-rate drop (positive: the candidate fails less often). */
  meanDifference: number | null;
  sigma2: number;
  tau2: number;
  /** Always-valid one-sided p of H₀: θ ≤ θ₀ (θ₀ = 0 on the slice, −δ on the rest). */
  pValue: number;
  theta0: number;
  /** Always-valid one-sided (1 − α) bounds of the mean difference. */
  lower: number | null;
  upper: number | null;
}

export function endpoint(
  pairs: readonly VerdictPair[],
  { alpha, tau2, theta0 }: { alpha: number; tau2: number; theta0: number },
): Endpoint {
  const n = pairs.length;
  if (n === 0) {
    return {
      n,
      productionFailureRate: null,
      candidateFailureRate: null,
      meanDifference: null,
      sigma2: SIGMA2_FLOOR_VERDICTS,
      tau2,
      pValue: 1,
      theta0,
      lower: null,
      upper: null,
    };
  }
  let sum = 0;
  let squares = 0;
  let productionFailures = 0;
  let candidateFailures = 0;
  for (const p of pairs) {
    const d = Number(p.shadowPass) - Number(p.productionPass);
    sum += d;
    squares += d * d;
    if (!p.productionPass) productionFailures++;
    if (!p.shadowPass) candidateFailures++;
  }
  const mean = sum / n;
  const sigma2 = Math.max(SIGMA2_FLOOR_VERDICTS, n > 1 ? (squares - n * mean * mean) / (n - 1) : 0);
  const at = oneSidedAt(n, mean, { sigma2, tau2, theta0, alpha });
  return {
    n,
    productionFailureRate: productionFailures / n,
    candidateFailureRate: candidateFailures / n,
    meanDifference: mean,
    sigma2,
    tau2,
    pValue: at.pValue,
    theta0,
    lower: at.lower,
    upper: at.upper,
  };
}

/** The slice (primary, H₀: no improvement) and the rest (guardrail, H₀: worse by δ or more) of one candidate. */
export function endpoints(
  slice: readonly VerdictPair[],
  rest: readonly VerdictPair[] | null,
  policy: Pick<DecisionPolicy, "alpha" | "nonInferiorityMargin">,
) {
  const delta = policy.nonInferiorityMargin;
  return {
    slice: endpoint(slice, { alpha: policy.alpha, tau2: SLICE_TAU2, theta0: 0 }),
    rest:
      rest === null ? null : endpoint(rest, { alpha: policy.alpha, tau2: Math.max(delta, 0.01) ** 2, theta0: -delta }),
  };
}

export type Endpoints = ReturnType<typeof endpoints>;

type DecisionRule = "promote" | "futility" | "harm" | "regression" | "max_pairs";

export interface Decision {
  action: "promote" | "reject" | "wait";
  rule: DecisionRule | null;
  /** In words, with the numbers, for the audit record and the page. */
  reason: string;
}

const pts = (x: number) => `${x < 0 ? "−" : ""}${Math.abs(x * 100).toFixed(1)} pts`;
const bounds = (e: Endpoint) => `[${pts(e.lower ?? 0)}, ${pts(e.upper ?? 0)}]`;

/**
 * Whether the evidence already rejects the candidate (futility, harm, max pairs), given the project's minimum
 * paired samples before any decision. Promotion is the gates' business (every check passing); this is the rest.
 */
export function rejection(e: Endpoints, totalPairs: number, policy: DecisionPolicy): Decision | null {
  if (totalPairs < policy.minPairedSamples) return null;
  const { slice, rest } = e;
  if (rest && rest.upper !== null && rest.upper < -policy.nonInferiorityMargin) {
    return {
      action: "reject",
      rule: "harm",
      reason:
        `harm outside the slice: after ${rest.n} pairs the always-valid bound puts the failure-rate change at ` +
        `${bounds(rest)}, entirely worse than the margin −${pts(policy.nonInferiorityMargin)}`,
    };
  }
  if (slice.upper !== null && slice.upper < policy.minWorthwhileImprovement) {
    return {
      action: "reject",
      rule: "futility",
      reason:
        `futility: after ${slice.n} slice pairs the always-valid bound puts the failure-rate drop at ` +
        `${bounds(slice)}, entirely below the minimum worthwhile improvement ${pts(policy.minWorthwhileImprovement)}`,
    };
  }
  if (slice.n >= policy.maxSlicePairs) {
    return {
      action: "reject",
      rule: "max_pairs",
      reason:
        `no decision after ${slice.n} slice pairs (the maximum is ${policy.maxSlicePairs}): failure-rate drop ` +
        `${pts(slice.meanDifference ?? 0)}, always-valid bounds ${bounds(slice)}`,
    };
  }
  return null;
}

/**
 * What is still needed at the effects seen so far: slice pairs until the slice's lower bound clears 0, rest pairs
 * until the rest's lower bound clears −δ (null: not at this effect), and which rule is nearest.
 */
export function outlook(e: Endpoints, policy: DecisionPolicy) {
  const need = (x: Endpoint, threshold: number) => {
    if (x.n === 0 || x.meanDifference === null) return null;
    if (x.lower !== null && x.lower > threshold) return 0;
    const total = pairsToClear(x.meanDifference - threshold, x.sigma2, x.tau2, policy.alpha);
    return total === null ? null : Math.max(0, total - x.n);
  };
  const sliceNeeded = need(e.slice, 0);
  const restNeeded = e.rest ? need(e.rest, -policy.nonInferiorityMargin) : 0;
  const slicePairsLeft = Math.max(0, policy.maxSlicePairs - e.slice.n);
  let decidingRule: DecisionRule;
  if (sliceNeeded !== null && restNeeded !== null && sliceNeeded <= slicePairsLeft) decidingRule = "promote";
  else if (e.rest && e.rest.meanDifference !== null && e.rest.meanDifference < -policy.nonInferiorityMargin)
    decidingRule = "harm";
  else if (e.slice.meanDifference !== null && e.slice.meanDifference < policy.minWorthwhileImprovement)
    decidingRule = "futility";
  else decidingRule = "max_pairs";
  return { sliceNeeded, restNeeded, slicePairsLeft, decidingRule };
}
