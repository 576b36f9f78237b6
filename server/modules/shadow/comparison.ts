// A shadow candidate against production on the same mirrored requests (pure): paired judge scores from one judge
// and rubric version, summarised the ways people read them — win/tie/loss with a Wilson interval on the win rate
// (ties left out), the mean score difference with a paired bootstrap interval, the Wilcoxon signed-rank test, the
// always-valid mSPRT p-value with its history (σ² is the sample variance of the differences, τ² = 0.1 on the
// judge's 1–5 scale), the incident topic's failure rate in both arms, a per-topic breakdown with regressions
// flagged, and the biggest wins and losses.
import { msprt, pairedBootstrapCI, wilcoxonSignedRank } from "../../stats/paired";
import { binomialTest, wilsonInterval } from "../../stats/proportions";

export interface Pair {
  productionInteractionId: string;
  shadowInteractionId: string;
  topicId: string | null;
  productionScore: number;
  shadowScore: number;
  productionPass: boolean;
  shadowPass: boolean;
}

export interface ComparisonOptions {
  alpha: number;
  /**
   * A topic regresses when the candidate's pass rate is lower than production's by more than this and the paired
   * pass/fail outcomes differ significantly (exact McNemar at α).
   */
  regressionTolerance: number;
  /** Topics need this many pairs before a regression is called. */
  minTopicPairs: number;
  /** The incident's topic, if the candidate came from one. */
  incidentTopicId?: string | null;
  /** mSPRT mixing variance τ² on the judge's 1–5 scale. */
  tau2?: number;
  /** Points kept in the mSPRT history (evenly spaced, always with the last). */
  historyPoints?: number;
  samples?: number;
}

/** τ² = 0.1: a prior on the effect with a standard deviation of about a third of a judge-score point. */
export const DEFAULT_TAU2 = 0.1;
/** σ² is estimated from the differences (sample variance), never below this floor (all-equal scores). */
export const SIGMA2_FLOOR = 0.01;

function variance(xs: readonly number[]): number {
  if (xs.length < 2) return SIGMA2_FLOOR;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.max(SIGMA2_FLOOR, xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
}

function failureRates(pairs: readonly Pair[]) {
  const n = pairs.length;
  return {
    n,
    production: n ? pairs.filter((p) => !p.productionPass).length / n : null,
    candidate: n ? pairs.filter((p) => !p.shadowPass).length / n : null,
  };
}

export function comparePairs(pairs: readonly Pair[], o: ComparisonOptions) {
  const differences = pairs.map((p) => p.shadowScore - p.productionScore);
  const wins = differences.filter((d) => d > 0).length;
  const losses = differences.filter((d) => d < 0).length;
  const ties = differences.length - wins - losses;
  const n = pairs.length;
  if (n === 0) {
    return {
      n,
      wins,
      ties,
      losses,
      winRate: null,
      winRateInterval: null,
      meanDifference: null,
      meanInterval: null,
      wilcoxon: null,
      sequential: null,
      incident: null,
      topics: [],
      biggestWins: [],
      biggestLosses: [],
    };
  }
  const meanDifference = differences.reduce((a, b) => a + b, 0) / n;
  const sigma2 = variance(differences);
  const tau2 = o.tau2 ?? DEFAULT_TAU2;
  const steps = msprt(differences, { sigma2, tau2, alpha: o.alpha });
  const every = Math.max(1, Math.ceil(n / (o.historyPoints ?? 200)));
  const history = steps.filter((s, i) => i % every === 0 || i === n - 1);
  const last = steps.at(-1)!;

  const byTopic = new Map<string, Pair[]>();
  for (const p of pairs) {
    const key = p.topicId ?? "";
    byTopic.set(key, [...(byTopic.get(key) ?? []), p]);
  }
  const topics = [...byTopic].map(([topicId, list]) => {
    const productionPassRate = list.filter((p) => p.productionPass).length / list.length;
    const candidatePassRate = list.filter((p) => p.shadowPass).length / list.length;
    const diff = list.reduce((a, p) => a + p.shadowScore - p.productionScore, 0) / list.length;
    // Discordant pairs: production passed and the candidate failed (b), or the reverse (c). An exact McNemar test
    // keeps noise on a small topic from reading as a regression.
    const b = list.filter((p) => p.productionPass && !p.shadowPass).length;
    const c = list.filter((p) => !p.productionPass && p.shadowPass).length;
    const mcnemarP = b + c > 0 ? binomialTest(b, b + c, 0.5) : 1;
    return {
      topicId: topicId || null,
      n: list.length,
      meanDifference: diff,
      productionPassRate,
      candidatePassRate,
      mcnemarP,
      regression:
        list.length >= o.minTopicPairs &&
        productionPassRate - candidatePassRate > o.regressionTolerance &&
        mcnemarP < o.alpha,
    };
  });
  topics.sort((a, b) => Number(b.regression) - Number(a.regression) || b.n - a.n);

  const ranked = pairs
    .map((p, i) => ({ ...p, difference: differences[i]! }))
    .sort((a, b) => b.difference - a.difference);
  const samples = o.samples ?? 5;
  return {
    n,
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
    incident: o.incidentTopicId ? failureRates(pairs.filter((p) => p.topicId === o.incidentTopicId)) : null,
    topics,
    biggestWins: ranked.filter((p) => p.difference > 0).slice(0, samples),
    biggestLosses: ranked
      .filter((p) => p.difference < 0)
      .slice(-samples)
      .reverse(),
  };
}

export type ComparisonSummary = ReturnType<typeof comparePairs>;
