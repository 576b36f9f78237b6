import { describe, expect, it } from "vitest";
import { ewma, ewmaLimits, tabularCusum } from "./control";

// Montgomery, Introduction to Statistical Quality Control, Example 9.1 (Table 9.1): μ₀ = 10, σ = 1, K = 0.5, H = 5.
const MONTGOMERY_9_1 = [
  9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.2, 10.34, 9.03, 11.47, 10.51, 9.4, 10.08, 9.37, 10.62, 10.31,
  8.52, 10.84, 10.9, 9.33, 12.29, 11.5, 10.6, 11.08, 10.38, 11.62, 11.31, 10.52,
];

describe("tabularCusum", () => {
  it("reproduces Montgomery's Example 9.1", () => {
    const r = tabularCusum(MONTGOMERY_9_1, { mu0: 10, sigma: 1, k: 0.5, h: 5 });
    expect(r.upper[3]).toBeCloseTo(1.16, 10);
    expect(r.upper[4]).toBeCloseTo(2.82, 10); // Table 9.1, period 5
    expect(r.lower[1]).toBeCloseTo(1.56, 10); // 9.5 − 9.45 = 0.05, then 0.05 + 9.5 − 7.99
    expect(r.alarmIndex).toBe(28);
    expect(r.upper[28]).toBeCloseTo(5.28, 10);
    expect(r.upper[27]).toBeCloseTo(4.47, 10); // below H until period 29
    expect(r.upper[29]).toBeCloseTo(5.3, 10); // no reset after the alarm
  });

  it("hand-checked: a downward shift alarms on the lower side", () => {
    // μ₀ = 0, σ = 1, K = 0.5, H = 2: each −1.5 adds 1.0 to C⁻: 1, 2, 3 → alarm at index 2 (3 > 2).
    const r = tabularCusum([-1.5, -1.5, -1.5, 0], { mu0: 0, sigma: 1, k: 0.5, h: 2 });
    expect(r.lower).toEqual([1, 2, 3, 2.5]);
    expect(r.upper).toEqual([0, 0, 0, 0]);
    expect(r.alarmIndex).toBe(2);
    expect(tabularCusum([0.2, -0.2, 0.4], { mu0: 0, sigma: 1, k: 0.5, h: 5 }).alarmIndex).toBeNull();
    expect(() => tabularCusum([1], { mu0: 0, sigma: 0, k: 0.5, h: 5 })).toThrow();
  });
});

describe("ewma", () => {
  it("weights recent values by λ (hand-checked)", () => {
    // z₀ = 10, λ = 0.1: 0.1·9.45 + 0.9·10 = 9.945; then 0.1·7.99 + 0.9·9.945 = 9.7495 (Montgomery Table 9.11).
    const z = ewma(MONTGOMERY_9_1.slice(0, 3), 0.1, 10);
    expect(z[0]).toBeCloseTo(9.945, 10);
    expect(z[1]).toBeCloseTo(9.7495, 10);
    expect(z[2]).toBeCloseTo(9.70355, 10);
    expect(ewma([4, 8], 1)).toEqual([4, 8]);
    expect(() => ewma([1], 0)).toThrow();
  });

  it("has Montgomery's limits for λ = 0.1, L = 2.7 (Example 9.2)", () => {
    // UCL at period 1 is 10.27, at period 2 10.36; asymptotically 10 + 2.7·sqrt(0.1/1.9) = 10.62.
    expect(ewmaLimits(1, { mu0: 10, sigma: 1, lambda: 0.1, L: 2.7 }).upper).toBeCloseTo(10.27, 2);
    expect(ewmaLimits(2, { mu0: 10, sigma: 1, lambda: 0.1, L: 2.7 }).upper).toBeCloseTo(10.36, 2);
    expect(ewmaLimits(1000, { mu0: 10, sigma: 1, lambda: 0.1, L: 2.7 }).lower).toBeCloseTo(9.38, 2);
  });
});
