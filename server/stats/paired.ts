// Paired comparisons of a shadow candidate with production on the same requests (differences = candidate −
// production judge score): the Wilcoxon signed-rank test (R's wilcox.test conventions), the mixture sequential
// probability ratio test with its always-valid p-value and interval (Johari et al. 2017, the mSPRT behind
// Optimizely's Stats Engine), and a seeded paired bootstrap interval for the mean difference.
import { normalCdf } from "./normal";
import { seededRandom } from "./random";

/** Average ranks (1-based) of the values, ties sharing the mean of their positions. */
function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

/** P(V ≤ v) for the signed-rank statistic of n untied, non-zero differences (R's psignrank). */
function signRankCdf(v: number, n: number): number {
  // counts[s] = number of subsets of {1..n} whose sum is s.
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) for (let s = max; s >= k; s--) counts[s]! += counts[s - k]!;
  let below = 0;
  for (let s = 0; s <= Math.min(v, max); s++) below += counts[s]!;
  return v < 0 ? 0 : below / 2 ** n;
}

/**
 * Two-sided Wilcoxon signed-rank test of paired differences against 0. Zeros are dropped; V is the sum of the ranks
 * of the positive differences. As R's wilcox.test: the exact p-value when fewer than 50 differences remain and there
 * are neither ties nor zeros, else the normal approximation with the tie correction and the continuity correction.
 */
export function wilcoxonSignedRank(differences: readonly number[]): { statistic: number; pValue: number } {
  const nonZero = differences.filter((d) => d !== 0);
  const hadZeros = nonZero.length !== differences.length;
  const n = nonZero.length;
  if (n === 0) return { statistic: 0, pValue: 1 };
  const ranks = averageRanks(nonZero.map(Math.abs));
  const statistic = nonZero.reduce((sum, d, i) => (d > 0 ? sum + ranks[i]! : sum), 0);
  const ties = new Set(ranks).size !== ranks.length;

  if (n < 50 && !ties && !hadZeros) {
    const p = statistic > (n * (n + 1)) / 4 ? 1 - signRankCdf(statistic - 1, n) : signRankCdf(statistic, n);
    return { statistic, pValue: Math.min(1, 2 * p) };
  }
  const tieCounts = new Map<number, number>();
  for (const r of ranks) tieCounts.set(r, (tieCounts.get(r) ?? 0) + 1);
  const tieTerm = [...tieCounts.values()].reduce((a, t) => a + t ** 3 - t, 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const centred = statistic - (n * (n + 1)) / 4;
  if (sigma === 0) return { statistic, pValue: 1 };
  const z = (centred - Math.sign(centred) * 0.5) / sigma;
  return { statistic, pValue: Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z))) };
}

export interface MsprtOptions {
  /** Variance of one difference (σ²), estimated from data before the test or from a pilot. */
  sigma2: number;
  /** Variance of the normal mixing prior on the effect (τ²): the size of effect the test is tuned to find. */
  tau2: number;
  theta0?: number;
  alpha?: number;
}

export interface MsprtStep {
  n: number;
  mean: number;
  /** The mixture likelihood ratio Λₙ. */
  lambda: number;
  /** Always-valid p-value: min over k ≤ n of 1/Λₖ (and ≤ 1). */
  pValue: number;
  /** Always-valid (1 − α) confidence interval for the mean difference. */
  lower: number;
  upper: number;
}

/** Half-width of the always-valid interval after n observations. */
export function msprtHalfWidth(n: number, sigma2: number, tau2: number, alpha: number): number {
  const v = sigma2 + n * tau2;
  return Math.sqrt(((2 * sigma2 * v) / (n * n * tau2)) * (Math.log(1 / alpha) + 0.5 * Math.log(v / sigma2)));
}

/**
 * Mixture SPRT for the mean of normal differences with a N(θ₀, τ²) mixture: per prefix n,
 * Λₙ = sqrt(σ²/(σ²+nτ²)) · exp(n²τ²(d̄ₙ−θ₀)² / (2σ²(σ²+nτ²))), pₙ = min(pₙ₋₁, 1/Λₙ) with p₀ = 1, and the interval
 * d̄ₙ ± msprtHalfWidth(n). Valid at every n, so people may look whenever they like.
 */
export function msprt(differences: readonly number[], options: MsprtOptions): MsprtStep[] {
  const { sigma2, tau2, theta0 = 0, alpha = 0.05 } = options;
  if (!(sigma2 > 0) || !(tau2 > 0)) throw new Error("msprt: sigma2 and tau2 must be positive");
  const steps: MsprtStep[] = [];
  let sum = 0;
  let p = 1;
  differences.forEach((d, i) => {
    const n = i + 1;
    sum += d;
    const mean = sum / n;
    const v = sigma2 + n * tau2;
    const lambda = Math.sqrt(sigma2 / v) * Math.exp((n * n * tau2 * (mean - theta0) ** 2) / (2 * sigma2 * v));
    p = Math.min(p, 1 / lambda);
    const half = msprtHalfWidth(n, sigma2, tau2, alpha);
    steps.push({ n, mean, lambda, pValue: Math.min(1, p), lower: mean - half, upper: mean + half });
  });
  return steps;
}

/** Percentile bootstrap interval of the mean difference (pairs resampled whole), reproducible by its seed. */
export function pairedBootstrapCI(
  differences: readonly number[],
  { iterations = 2000, confidence = 0.95, seed = 1 }: { iterations?: number; confidence?: number; seed?: number } = {},
): { lower: number; upper: number } {
  const n = differences.length;
  if (n === 0) throw new Error("pairedBootstrapCI: no differences");
  const random = seededRandom(seed);
  const means = new Float64Array(iterations);
  for (let b = 0; b < iterations; b++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += differences[Math.floor(random() * n)]!;
    means[b] = sum / n;
  }
  means.sort();
  const tail = (1 - confidence) / 2;
  // Type-7 quantiles (R's default), on the sorted resampled means.
  const quantile = (q: number) => {
    const h = (iterations - 1) * q;
    const lo = Math.floor(h);
    return means[lo]! + (h - lo) * ((means[Math.min(lo + 1, iterations - 1)] ?? means[lo]!) - means[lo]!);
  };
  return { lower: quantile(tail), upper: quantile(1 - tail) };
}
