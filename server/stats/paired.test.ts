import { describe, expect, it } from "vitest";
import {
  msprt,
  msprtHalfWidth,
  oneSidedAt,
  oneSidedHalfWidth,
  oneSidedLogLambda,
  oneSidedMsprt,
  pairedBootstrapCI,
  pairsToClear,
  wilcoxonSignedRank,
} from "./paired";
import { normal, seededRandom } from "./random";

// Hollander & Wolfe (1973), p. 29: Hamilton depression scale before (x) and after (y) tranquilizer therapy; the
// example of R's ?wilcox.test. wilcox.test(x, y, paired = TRUE): V = 40, p-value = 0.03906.
const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

describe("wilcoxonSignedRank", () => {
  it("matches R on the Hollander & Wolfe depression data (exact: n < 50, no ties)", () => {
    const { statistic, pValue } = wilcoxonSignedRank(x.map((xi, i) => xi - y[i]!));
    expect(statistic).toBe(40);
    expect(pValue).toBeCloseTo(0.0390625, 7); // 20 of the 512 sign patterns are as extreme, ×2
  });

  it("is symmetric: swapping the pairs gives V' = n(n+1)/2 − V and the same p-value", () => {
    const swapped = wilcoxonSignedRank(y.map((yi, i) => yi - x[i]!));
    expect(swapped.statistic).toBe(45 - 40);
    expect(swapped.pValue).toBeCloseTo(0.0390625, 7);
  });

  it("uses the normal approximation with tie and continuity corrections when there are ties or zeros (R's rule)", () => {
    // Zero dropped (n = 11); ties among |d| = 1.5, 2, 3. R's formula: V = 60.5,
    // z = (60.5 − 33 − 0.5) / sqrt(11·12·23/24 − Σ(t³ − t)/48), p = 2·Φ(−|z|).
    const { statistic, pValue } = wilcoxonSignedRank([1.5, 2, 2, -1.5, 3, 3, 3, 4, -2, 5, 0, 6]);
    expect(statistic).toBe(60.5);
    expect(pValue).toBeCloseTo(0.015894062441606956, 12);
  });

  it("returns p = 1 for no non-zero differences and caps p at 1", () => {
    expect(wilcoxonSignedRank([0, 0])).toEqual({ statistic: 0, pValue: 1 });
    expect(wilcoxonSignedRank([1, -1]).pValue).toBeLessThanOrEqual(1);
  });
});

describe("msprt", () => {
  const random = seededRandom(5);
  const diffs = Array.from({ length: 400 }, () => 0.3 + normal(random));

  it("puts the boundary of the always-valid interval exactly where Λₙ = 1/α", () => {
    const steps = msprt(diffs, { sigma2: 1, tau2: 0.1 });
    for (const n of [1, 10, 100, 400]) {
      const s = steps[n - 1]!;
      const theta0 = s.mean + msprtHalfWidth(n, 1, 0.1, 0.05);
      const at = msprt(diffs.slice(0, n), { sigma2: 1, tau2: 0.1, theta0 }).at(-1)!;
      expect(at.lambda).toBeCloseTo(1 / 0.05, 8);
      expect(s.upper).toBeCloseTo(theta0, 12);
    }
  });

  it("gives a non-increasing always-valid p-value that falls below α for a real effect", () => {
    const steps = msprt(diffs, { sigma2: 1, tau2: 0.1 });
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.pValue).toBeLessThanOrEqual(steps[i - 1]!.pValue);
    expect(steps.at(-1)!.pValue).toBeLessThan(0.05);
    expect(steps.at(-1)!.lower).toBeGreaterThan(0);
  });

  it("rarely rejects under the null even when looked at after every observation (always valid)", () => {
    let rejected = 0;
    for (let run = 0; run < 200; run++) {
      const r = seededRandom(1000 + run);
      const steps = msprt(
        Array.from({ length: 300 }, () => normal(r)),
        { sigma2: 1, tau2: 0.1 },
      );
      if (steps.some((s) => s.pValue < 0.05)) rejected++;
    }
    // Type I error ≤ α at any stopping time: expect about 10 of 200 or fewer.
    expect(rejected).toBeLessThanOrEqual(18);
  });

  it("rejects bad variances", () => {
    expect(() => msprt([1], { sigma2: 0, tau2: 1 })).toThrow(/positive/);
  });
});

describe("pairedBootstrapCI", () => {
  it("is reproducible by its seed and covers the mean", () => {
    const r = seededRandom(9);
    const d = Array.from({ length: 200 }, () => 0.2 + normal(r));
    const a = pairedBootstrapCI(d, { iterations: 2000, confidence: 0.95, seed: 42 });
    expect(pairedBootstrapCI(d, { iterations: 2000, confidence: 0.95, seed: 42 })).toEqual(a);
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    expect(a.lower).toBeLessThan(mean);
    expect(a.upper).toBeGreaterThan(mean);
    // Close to the normal-theory interval mean ± 1.96·s/√n.
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1));
    expect(a.upper - a.lower).toBeCloseTo((2 * 1.96 * sd) / Math.sqrt(d.length), 1);
  });

  it("collapses to the value for constant differences and refuses none", () => {
    expect(pairedBootstrapCI([0.5, 0.5, 0.5], { seed: 1 })).toEqual({ lower: 0.5, upper: 0.5 });
    expect(() => pairedBootstrapCI([])).toThrow(/no differences/);
  });
});

// Reference values computed independently of the closed forms: Simpson's rule (200,000 intervals) over the mixture
// itself, Λ = ∫ π(δ) · exp(δ·S/σ² − n·δ²/(2σ²)) dδ with S = n(d̄ − θ₀), π = N(0, τ²) on the whole line (two-sided)
// or the half-normal 2·N(0, τ²) on δ > 0 (one-sided), integrated over ±12τ.
describe("mixture likelihood ratios against numerical integration", () => {
  it("two-sided Λₙ: n = 4, d̄ = 0.5, σ² = 1, τ² = 0.25 gives 0.9079430794", () => {
    // Closed form: sqrt(1/2) · exp(16·0.25·0.25 / (2·1·2)) = 0.70710678 · e^0.25.
    const steps = msprt([0.2, 0.8, 0.1, 0.9], { sigma2: 1, tau2: 0.25 });
    expect(steps.at(-1)!.mean).toBeCloseTo(0.5, 12);
    expect(steps.at(-1)!.lambda).toBeCloseTo(0.9079430793557443, 9);
  });

  it("two-sided Λₙ: n = 10, d̄ = −0.3, σ² = 1, τ² = 0.1 gives 0.8855258849", () => {
    const steps = msprt(
      Array.from({ length: 10 }, () => -0.3),
      { sigma2: 1, tau2: 0.1 },
    );
    expect(steps.at(-1)!.lambda).toBeCloseTo(0.8855258848531616, 9);
  });

  it("one-sided Λ⁺ₙ: n = 4, d̄ = 0.5, σ² = 1, τ² = 0.25, θ₀ = 0 gives 1.3805273412 (= 2Φ(1/√2) × the two-sided Λ)", () => {
    expect(Math.exp(oneSidedLogLambda(4, 0.5, 1, 0.25, 0))).toBeCloseTo(1.3805273412215469, 9);
  });

  it("one-sided Λ⁺ₙ below θ₀: n = 10, d̄ = −0.3, σ² = 1, τ² = 0.1 gives 0.4448306050", () => {
    expect(Math.exp(oneSidedLogLambda(10, -0.3, 1, 0.1, 0))).toBeCloseTo(0.44483060495272947, 9);
  });

  it("one-sided Λ⁺ₙ for non-inferiority: n = 100, d̄ = −0.02, σ² = 0.25, τ² = 0.01, θ₀ = −0.1 gives 2.3005889197", () => {
    expect(Math.exp(oneSidedLogLambda(100, -0.02, 0.25, 0.01, -0.1))).toBeCloseTo(2.300588919706616, 9);
  });

  it("stays finite far in the tails (log Φ from the Mills-ratio series)", () => {
    // n = 10,000, d̄ = −1, σ² = 0.01, τ² = 0.1: y = −1000, where Φ(y) underflows. log Λ⁺ → log 2 + ½ log(σ²/v)
    // − log(−y·√(2π)) = 0.693147 − 5.756467 − 7.826694 = −12.890014 (the next terms of the series are ~1e-6).
    expect(oneSidedLogLambda(10_000, -1, 0.01, 0.1, 0)).toBeCloseTo(-12.89001, 4);
    expect(Number.isFinite(oneSidedLogLambda(10_000, 1, 0.01, 0.1, 0))).toBe(true);
    expect(oneSidedLogLambda(10_000, 1, 0.01, 0.1, 0)).toBeGreaterThan(4e5);
  });
});

describe("one-sided mSPRT", () => {
  it("puts each bound where Λ⁺ = 1/α", () => {
    for (const [n, sigma2, tau2] of [
      [5, 1, 0.25],
      [100, 0.25, 0.01],
      [2000, 0.44, 0.0225],
    ] as const) {
      const half = oneSidedHalfWidth(n, sigma2, tau2, 0.05);
      expect(Math.exp(oneSidedLogLambda(n, 0.3, sigma2, tau2, 0.3 - half))).toBeCloseTo(20, 6);
      const at = oneSidedAt(n, 0.3, { sigma2, tau2, alpha: 0.05 });
      expect(at.lower).toBeCloseTo(0.3 - half, 12);
      expect(at.upper).toBeCloseTo(0.3 + half, 12);
    }
  });

  it("is narrower than the two-sided interval at the same α (it spends α on one side)", () => {
    for (const n of [10, 100, 1000]) {
      expect(oneSidedHalfWidth(n, 1, 0.1, 0.05)).toBeLessThan(msprtHalfWidth(n, 1, 0.1, 0.05));
    }
  });

  it("keeps its type I error under the null boundary and below it, looked at after every observation", () => {
    for (const theta of [0, -0.1]) {
      let rejected = 0;
      for (let run = 0; run < 200; run++) {
        const r = seededRandom(5000 + run);
        const steps = oneSidedMsprt(
          Array.from({ length: 300 }, () => theta + normal(r)),
          { sigma2: 1, tau2: 0.1 },
        );
        if (steps.some((s) => s.pValue < 0.05)) rejected++;
      }
      expect(rejected).toBeLessThanOrEqual(18);
    }
  });

  it("finds a real effect, with bounds that only ever tighten", () => {
    const r = seededRandom(77);
    const steps = oneSidedMsprt(
      Array.from({ length: 400 }, () => 0.3 + normal(r)),
      { sigma2: 1, tau2: 0.1 },
    );
    expect(steps.at(-1)!.pValue).toBeLessThan(0.05);
    expect(steps.at(-1)!.lower).toBeGreaterThan(0);
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i]!.lower).toBeGreaterThanOrEqual(steps[i - 1]!.lower);
      expect(steps[i]!.upper).toBeLessThanOrEqual(steps[i - 1]!.upper);
    }
  });

  it("pairsToClear returns the first n whose half-width is below the gap", () => {
    const n = pairsToClear(0.1, 0.25, 0.01, 0.05)!;
    expect(oneSidedHalfWidth(n, 0.25, 0.01, 0.05)).toBeLessThan(0.1);
    expect(oneSidedHalfWidth(n - 1, 0.25, 0.01, 0.05)).toBeGreaterThanOrEqual(0.1);
    expect(pairsToClear(0, 0.25, 0.01, 0.05)).toBeNull();
    expect(pairsToClear(1e-6, 0.25, 0.01, 0.05, 1000)).toBeNull();
  });

  it("rejects bad variances", () => {
    expect(() => oneSidedMsprt([1], { sigma2: 1, tau2: 0 })).toThrow(/positive/);
  });
});
