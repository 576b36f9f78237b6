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

/** log Φ(y), accurate in the far left tail where Φ underflows (Mills-ratio series). */
function logNormalCdf(y: number): number {
  if (y > -30) return Math.log(normalCdf(y));
  const y2 = y * y;
  return -y2 / 2 - Math.log(-y * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / y2 + 3 / (y2 * y2));
}

/**
 * log Λ⁺ₙ(θ₀) of the one-sided mixture SPRT for H₀: θ ≤ θ₀ against θ > θ₀: the normal likelihood ratio of the
 * mean difference mixed over a half-normal prior on θ − θ₀ > 0 (scale τ). Completing the square gives
 *   Λ⁺ₙ = 2 · sqrt(σ²/v) · exp(y²/2) · Φ(y),  v = σ² + nτ²,  y = n·τ·(d̄ₙ − θ₀) / (σ·sqrt(v)),
 * that is 2Φ(y) times the two-sided Λₙ. Under any θ ≤ θ₀ it is a non-negative supermartingale, so by Ville's
 * inequality min(1, 1/maxₖ Λ⁺ₖ) is an always-valid p-value.
 */
export function oneSidedLogLambda(n: number, mean: number, sigma2: number, tau2: number, theta0: number): number {
  const v = sigma2 + n * tau2;
  const y = (n * Math.sqrt(tau2) * (mean - theta0)) / Math.sqrt(sigma2 * v);
  return Math.LN2 + 0.5 * Math.log(sigma2 / v) + (y * y) / 2 + logNormalCdf(y);
}

/**
 * Distance from d̄ₙ to the one-sided always-valid bound at level α: the θ₀ where Λ⁺ₙ(θ₀) = 1/α. Λ⁺ grows with
 * y (Φ(y)·exp(y²/2) is increasing), so y* solves log 2 + ½ log(σ²/v) + y²/2 + log Φ(y) = log(1/α) by bisection,
 * and the bound is d̄ₙ − y*·σ·sqrt(v)/(n·τ) (lower; the upper bound of the mirrored test is d̄ₙ + the same).
 */
export function oneSidedHalfWidth(n: number, sigma2: number, tau2: number, alpha: number): number {
  const v = sigma2 + n * tau2;
  const target = Math.log(1 / alpha) - Math.LN2 - 0.5 * Math.log(sigma2 / v);
  let lo = -60;
  let hi = 60;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if ((mid * mid) / 2 + logNormalCdf(mid) < target) lo = mid;
    else hi = mid;
  }
  return (((lo + hi) / 2) * Math.sqrt(sigma2 * v)) / (n * Math.sqrt(tau2));
}

/** The one-sided test at one n: p-value of H₀: θ ≤ θ₀ and the (1 − α) lower and upper bounds for the mean. */
export function oneSidedAt(
  n: number,
  mean: number,
  { sigma2, tau2, theta0 = 0, alpha = 0.05 }: MsprtOptions,
): { pValue: number; lower: number; upper: number } {
  const half = oneSidedHalfWidth(n, sigma2, tau2, alpha);
  const pValue = Math.min(1, Math.exp(-oneSidedLogLambda(n, mean, sigma2, tau2, theta0)));
  return { pValue, lower: mean - half, upper: mean + half };
}

/**
 * Observations the one-sided bound needs before it clears a gap of `gap` (> 0) between the mean and a threshold,
 * if the mean and σ² stay as they are: the smallest n with oneSidedHalfWidth(n) < gap (null beyond `cap`).
 */
export function pairsToClear(gap: number, sigma2: number, tau2: number, alpha: number, cap = 1_000_000): number | null {
  if (!(gap > 0)) return null;
  if (oneSidedHalfWidth(cap, sigma2, tau2, alpha) >= gap) return null;
  let lo = 1;
  let hi = 1;
  while (oneSidedHalfWidth(hi, sigma2, tau2, alpha) >= gap) {
    lo = hi;
    hi = Math.min(cap, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (oneSidedHalfWidth(mid, sigma2, tau2, alpha) >= gap) lo = mid;
    else hi = mid;
  }
  return oneSidedHalfWidth(lo, sigma2, tau2, alpha) < gap ? lo : hi;
}

export interface OneSidedStep {
  n: number;
  mean: number;
  /** Always-valid p-value of H₀: θ ≤ θ₀ (running minimum of 1/Λ⁺). */
  pValue: number;
  /** Always-valid one-sided (1 − α) bounds: the running maximum of the lower and minimum of the upper bound. */
  lower: number;
  upper: number;
}

/**
 * The one-sided mSPRT over a sequence of differences: per prefix, the p-value of H₀: θ ≤ θ₀ and the always-valid
 * lower and upper (1 − α) bounds for the mean (each one-sided, from the mirrored tests; their intersection over
 * time, so a bound never moves back).
 */
export function oneSidedMsprt(
  differences: readonly number[],
  { sigma2, tau2, theta0 = 0, alpha = 0.05 }: MsprtOptions,
): OneSidedStep[] {
  if (!(sigma2 > 0) || !(tau2 > 0)) throw new Error("oneSidedMsprt: sigma2 and tau2 must be positive");
  const steps: OneSidedStep[] = [];
  let sum = 0;
  let p = 1;
  let lower = -Infinity;
  let upper = Infinity;
  differences.forEach((d, i) => {
    const n = i + 1;
    sum += d;
    const mean = sum / n;
    p = Math.min(p, Math.exp(-oneSidedLogLambda(n, mean, sigma2, tau2, theta0)));
    const half = oneSidedHalfWidth(n, sigma2, tau2, alpha);
    lower = Math.max(lower, mean - half);
    upper = Math.min(upper, mean + half);
    steps.push({ n, mean, pValue: Math.min(1, p), lower, upper });
  });
  return steps;
}
