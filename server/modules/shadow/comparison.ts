// A shadow candidate against production on the same mirrored requests (pure). What decides (`decisionSummary`):
// the slice and rest endpoints on paired pass/fail verdicts (decision.ts) and a per-topic breakdown whose
// regressions need an exact McNemar test with Benjamini–Hochberg control across topics. What people read besides
// (`comparePairs`): win/tie/loss on judge scores with a Wilson interval on the win rate (ties left out), the mean
// score difference with a paired bootstrap interval, the Wilcoxon signed-rank test, the two-sided always-valid
// mSPRT on scores with its history (σ² the sample variance of the differences, τ² = 0.1 on the judge's 1–5 scale),
// and the biggest wins and losses.
import { msprt, oneSidedAt, pairedBootstrapCI, wilcoxonSignedRank } from "../../stats/paired";
import { benjaminiHochberg, binomialTest, wilsonInterval } from "../../stats/proportions";
import { SLICE_TAU2, endpoint, endpoints, type DecisionPolicy, type Endpoint } from "./decision";

export interface Pair {
  productionInteractionId: string;
  shadowInteractionId: string;
  topicId: string | null;
  productionScore: number;
  shadowScore: number;
  productionPass: boolean;
  shadowPass: boolean;
  /** In the incident's slice (decided when the request was mirrored); null when the candidate has no slice. */
  inSlice: boolean | null;
  /** When the request was mirrored (ISO), for the slice's traffic rate. */
  at?: string;
}

export interface ComparisonOptions extends Pick<DecisionPolicy, "nonInferiorityMargin"> {
  alpha: number;
  /**
   * A topic regresses when the candidate's pass rate is lower than production's by more than this and the paired
   * pass/fail outcomes differ significantly (exact McNemar at α).
   */
  regressionTolerance: number;
  /** Topics need this many pairs before a regression is called. */
  minTopicPairs: number;
  /** The candidate was trained for an incident: its pairs split into the slice and the rest. */
  hasSlice: boolean;
  /** mSPRT mixing variance τ² on the judge's 1–5 scale. */
  tau2?: number;
  /** Points kept in the mSPRT history (evenly spaced, always with the last). */
  historyPoints?: number;
  samples?: number;
}

/** τ² = 0.1: a prior on the effect with a standard deviation of about a third of a judge-score point. */
const DEFAULT_TAU2 = 0.1;
/** σ² is estimated from the differences (sample variance), never below this floor (all-equal scores). */
const SIGMA2_FLOOR = 0.01;

function variance(xs: readonly number[]): number {
  if (xs.length < 2) return SIGMA2_FLOOR;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.max(SIGMA2_FLOOR, xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
}

/** What the decision needs of a pair (the simulation has no scores; the page's pairs do). */
export type DecisionPair = Pick<Pair, "topicId" | "productionPass" | "shadowPass" | "inSlice"> & {
  productionScore?: number;
  shadowScore?: number;
};

/**
 * Per topic: pass rates in both arms and the exact McNemar test on the discordant pairs (production passed and the
 * candidate failed, or the reverse), its p-values adjusted across topics by Benjamini–Hochberg. A topic regresses
 * when the candidate's pass rate is lower by more than the tolerance, with enough pairs and q < α (this blocks a
 * promotion while it holds). A topic is proven harmed when the always-valid upper bound of its pass-rate change
 * (mSPRT at α / topics, Bonferroni) is below −tolerance: valid however often the job looks, so it may reject.
 */
function topicBreakdown(
  pairs: readonly DecisionPair[],
  o: Pick<ComparisonOptions, "alpha" | "regressionTolerance" | "minTopicPairs">,
) {
  const byTopic = new Map<string, DecisionPair[]>();
  for (const p of pairs) {
    const key = p.topicId ?? "";
    const list = byTopic.get(key);
    if (list) list.push(p);
    else byTopic.set(key, [p]);
  }
  const rows = [...byTopic].map(([topicId, list]) => {
    const productionPassRate = list.filter((p) => p.productionPass).length / list.length;
    const candidatePassRate = list.filter((p) => p.shadowPass).length / list.length;
    const scored = list.filter((p) => p.productionScore !== undefined && p.shadowScore !== undefined);
    const meanDifference = scored.length
      ? scored.reduce((a, p) => a + p.shadowScore! - p.productionScore!, 0) / scored.length
      : null;
    const b = list.filter((p) => p.productionPass && !p.shadowPass).length;
    const c = list.filter((p) => !p.productionPass && p.shadowPass).length;
    return {
      topicId: topicId || null,
      n: list.length,
      meanDifference,
      productionPassRate,
      candidatePassRate,
      mcnemarP: b + c > 0 ? binomialTest(b, b + c, 0.5) : 1,
    };
  });
  const q = benjaminiHochberg(rows.map((r) => r.mcnemarP));
  const alphaPerTopic = o.alpha / Math.max(1, rows.length);
  const topics = rows.map((r, i) => {
    const bound = endpoint(byTopic.get(r.topicId ?? "")!, { alpha: alphaPerTopic, tau2: SLICE_TAU2, theta0: 0 }).upper;
    return {
      ...r,
      mcnemarQ: q[i]!,
      regression:
        r.n >= o.minTopicPairs && r.productionPassRate - r.candidatePassRate > o.regressionTolerance && q[i]! < o.alpha,
      /** Always-valid upper bound of the pass-rate change (candidate − production). */
      changeUpper: bound,
      harmed: r.n >= o.minTopicPairs && bound !== null && bound < -o.regressionTolerance,
    };
  });
  topics.sort((a, b) => Number(b.regression) - Number(a.regression) || b.n - a.n);
  return topics;
}

/** What the gates and the decision read: the slice and rest endpoints and the topic regressions. */
export function decisionSummary(
  pairs: readonly DecisionPair[],
  o: Omit<ComparisonOptions, "tau2" | "historyPoints" | "samples">,
) {
  const slice = o.hasSlice ? pairs.filter((p) => p.inSlice === true) : pairs;
  const rest = o.hasSlice ? pairs.filter((p) => p.inSlice !== true) : null;
  return {
    n: pairs.length,
    hasSlice: o.hasSlice,
    ...endpoints(slice, rest, { alpha: o.alpha, nonInferiorityMargin: o.nonInferiorityMargin }),
    topics: topicBreakdown(pairs, o),
  };
}

export type DecisionSummary = ReturnType<typeof decisionSummary>;

/** A group's failure-rate drop and its always-valid bounds as its pairs arrived (at the current σ²), ≤ `points`. */
function boundsHistory(pairs: readonly DecisionPair[], e: Endpoint, alpha: number, points: number) {
  const every = Math.max(1, Math.ceil(pairs.length / points));
  const out: Array<{ n: number; mean: number; lower: number; upper: number }> = [];
  let sum = 0;
  pairs.forEach((p, i) => {
    sum += Number(p.shadowPass) - Number(p.productionPass);
    if (i % every !== 0 && i !== pairs.length - 1) return;
    const mean = sum / (i + 1);
    const b = oneSidedAt(i + 1, mean, { sigma2: e.sigma2, tau2: e.tau2, theta0: e.theta0, alpha });
    out.push({ n: i + 1, mean, lower: b.lower, upper: b.upper });
  });
  return out;
}

export function comparePairs(pairs: readonly Pair[], o: ComparisonOptions) {
  const decision = decisionSummary(pairs, o);
  const differences = pairs.map((p) => p.shadowScore - p.productionScore);
  const wins = differences.filter((d) => d > 0).length;
  const losses = differences.filter((d) => d < 0).length;
  const ties = differences.length - wins - losses;
  const n = pairs.length;
  if (n === 0) {
    return {
      ...decision,
      wins,
      ties,
      losses,
      winRate: null,
      winRateInterval: null,
      meanDifference: null,
      meanInterval: null,
      wilcoxon: null,
      sequential: null,
      sliceHistory: [],
      restHistory: [],
      biggestWins: [],
      biggestLosses: [],
    };
  }
  const meanDifference = differences.reduce((a, b) => a + b, 0) / n;
  const sigma2 = variance(differences);
  const tau2 = o.tau2 ?? DEFAULT_TAU2;
  const steps = msprt(differences, { sigma2, tau2, alpha: o.alpha });
  const points = o.historyPoints ?? 200;
  const every = Math.max(1, Math.ceil(n / points));
  const history = steps.filter((s, i) => i % every === 0 || i === n - 1);
  const last = steps.at(-1)!;

  const slicePairs = o.hasSlice ? pairs.filter((p) => p.inSlice === true) : pairs;
  const restPairs = o.hasSlice ? pairs.filter((p) => p.inSlice !== true) : [];
  const ranked = pairs
    .map((p, i) => ({ ...p, difference: differences[i]! }))
    .sort((a, b) => b.difference - a.difference);
  const samples = o.samples ?? 5;
  return {
    ...decision,
    wins,
    ties,
    losses,
    winRate: wins + losses > 0 ? wins / (wins + losses) : null,
    winRateInterval: wins + losses > 0 ? wilsonInterval(wins, wins + losses, 1 - o.alpha) : null,
    meanDifference,
    meanInterval: pairedBootstrapCI(differences, { iterations: 2000, confidence: 1 - o.alpha, seed: n }),
    wilcoxon: wilcoxonSignedRank(differences),
    sequential: {
      sigma2,
      tau2,
      pValue: last.pValue,
      lower: last.lower,
      upper: last.upper,
      history: history.map((s) => ({ n: s.n, pValue: s.pValue, mean: s.mean, lower: s.lower, upper: s.upper })),
    },
    sliceHistory: boundsHistory(slicePairs, decision.slice, o.alpha, points),
    restHistory: decision.rest ? boundsHistory(restPairs, decision.rest, o.alpha, points) : [],
    biggestWins: ranked.filter((p) => p.difference > 0).slice(0, samples),
    biggestLosses: ranked
      .filter((p) => p.difference < 0)
      .slice(-samples)
      .reverse(),
  };
}
