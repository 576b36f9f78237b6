import { describe, expect, it } from "vitest";
import { msprt, msprtHalfWidth, pairedBootstrapCI, wilcoxonSignedRank } from "./paired";
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
