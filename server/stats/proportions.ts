// Tests and intervals for proportions (pure), with R's conventions: prop.test without continuity correction,
// p.adjust(method = "BH"), binom.test, and the Wilson score interval.
import { normalCdf, normalQuantile } from "./normal";

/**
 * Two-sample z-test for proportions with the pooled standard error; z is signed as group 1 minus group 2 and the
 * p-value is two-sided (z² equals R's `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)` statistic).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): { z: number; pValue: number } {
  if (!(n1 > 0 && n2 > 0)) throw new RangeError("twoProportionZTest needs n1 > 0 and n2 > 0");
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const diff = x1 / n1 - x2 / n2;
  if (se === 0) return { z: diff === 0 ? 0 : Math.sign(diff) * Infinity, pValue: diff === 0 ? 1 : 0 };
  const z = diff / se;
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

/** Benjamini–Hochberg adjusted p-values, in the input's order (R's `p.adjust(p, method = "BH")`). */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const n = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const adjusted = new Array<number>(n);
  let running = 1;
  order.forEach(({ p, i }, rankFromTop) => {
    const rank = n - rankFromTop;
    running = Math.min(running, (p * n) / rank);
    adjusted[i] = Math.min(1, running);
  });
  return adjusted;
}

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9), ~15 significant digits for x > 0.
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = g[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += g[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function binomialPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(
    logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p),
  );
}

/**
 * Exact two-sided binomial test as R's `binom.test(k, n, p)`: the probability of every outcome no more likely than
 * the one observed (with R's relative tolerance of 1 + 1e-7).
 */
export function binomialTest(k: number, n: number, p = 0.5): number {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n))
    throw new RangeError("binomialTest needs 0 ≤ k ≤ n");
  if (!(p >= 0 && p <= 1)) throw new RangeError("binomialTest needs 0 ≤ p ≤ 1");
  const observed = binomialPmf(k, n, p);
  const limit = observed * (1 + 1e-7);
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const d = binomialPmf(i, n, p);
    if (d <= limit) total += d;
  }
  return Math.min(1, total);
}

/** The Wilson score interval (R's `prop.test(x, n, correct = FALSE)$conf.int`). */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): { lower: number; upper: number } {
  if (!(n > 0)) throw new RangeError("wilsonInterval needs n > 0");
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const phat = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (phat + (z * z) / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((phat * (1 - phat)) / n + (z * z) / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1; the formula leaves rounding dust there.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
