import { describe, expect, it } from "vitest";
import { endpoint, endpoints, outlook, rejection, SIGMA2_FLOOR_VERDICTS, SLICE_TAU2 } from "./decision";

/** `up` pairs where only the candidate passed, `down` where only production did, `same` where both passed. */
function verdicts(up: number, down: number, same: number) {
  return [
    ...Array.from({ length: up }, () => ({ productionPass: false, shadowPass: true })),
    ...Array.from({ length: down }, () => ({ productionPass: true, shadowPass: false })),
    ...Array.from({ length: same }, () => ({ productionPass: true, shadowPass: true })),
  ];
}

const policy = {
  alpha: 0.05,
  minPairedSamples: 50,
  nonInferiorityMargin: 0.1,
  minWorthwhileImprovement: 0.05,
  maxSlicePairs: 500,
};

describe("the rest's non-inferiority test (θ₀ = −δ)", () => {
  // 100 rest pairs: 8 where only the candidate passed (d = +1), 10 where only production did (d = −1), 82 ties.
  // d̄ = −2/100 = −0.02; s² = (18 − 100·0.02²)/99 = 17.96/99 = 0.181414…; τ² = δ² = 0.01; θ₀ = −0.1.
  // v = s² + nτ² = 1.181414; y = n·τ·(d̄ − θ₀)/(s·√v) = 100·0.1·0.08/(0.425927·1.086929) = 1.728054;
  // Λ⁺ = 2·sqrt(s²/v)·exp(y²/2)·Φ(y) = 2·0.391862·4.452·0.958004 = 3.34165 (Simpson on the mixture: 3.3416507478),
  // so p = 1/Λ⁺ = 0.299253; the lower bound (Λ⁺ = 20, bisection on the integral) is −0.1379370.
  const rest = endpoint(verdicts(8, 10, 82), { alpha: 0.05, tau2: 0.01, theta0: -0.1 });

  it("pins the plug-in σ², the p-value and the bound", () => {
    expect(rest.meanDifference).toBeCloseTo(-0.02, 12);
    expect(rest.sigma2).toBeCloseTo(17.96 / 99, 12);
    expect(rest.pValue).toBeCloseTo(1 / 3.341650747809744, 7);
    expect(rest.lower!).toBeCloseTo(-0.137937, 5);
  });

  it("reads failure rates from the verdicts", () => {
    expect(rest.productionFailureRate).toBeCloseTo(0.08, 12);
    expect(rest.candidateFailureRate).toBeCloseTo(0.1, 12);
  });
});

describe("endpoints and the rejection rules", () => {
  it("floors σ² so that a run of ties is no proof", () => {
    const e = endpoint(verdicts(0, 0, 30), { alpha: 0.05, tau2: SLICE_TAU2, theta0: 0 });
    expect(e.sigma2).toBe(SIGMA2_FLOOR_VERDICTS);
    expect(e.lower!).toBeLessThan(0);
  });

  it("has no numbers for an empty group", () => {
    expect(endpoint([], { alpha: 0.05, tau2: 0.01, theta0: 0 })).toMatchObject({ n: 0, lower: null, pValue: 1 });
  });

  it("waits below the minimum pairs, then rejects for harm, futility and max pairs in that order", () => {
    const harmful = endpoints(verdicts(0, 0, 60), verdicts(0, 400, 600), policy);
    expect(rejection(harmful, 40, policy)).toBeNull();
    expect(rejection(harmful, 1060, policy)).toMatchObject({ action: "reject", rule: "harm" });

    const useless = endpoints(verdicts(20, 20, 360), verdicts(0, 0, 400), policy);
    expect(useless.slice.upper!).toBeLessThan(0.05);
    expect(rejection(useless, 800, policy)).toMatchObject({ rule: "futility" });

    const slow = endpoints(verdicts(60, 20, 420), verdicts(0, 0, 100), policy);
    expect(slow.slice.upper!).toBeGreaterThan(0.05);
    expect(rejection(slow, 600, policy)).toMatchObject({ rule: "max_pairs" });
    expect(rejection(slow, 600, { ...policy, maxSlicePairs: 600 })).toBeNull();
  });

  it("says how many pairs are still needed at the effect seen so far", () => {
    const early = endpoints(verdicts(10, 3, 17), verdicts(1, 1, 10), policy);
    const o = outlook(early, policy);
    expect(o.sliceNeeded).toBeGreaterThan(0);
    expect(o.restNeeded).toBeGreaterThan(0);
    expect(o.decidingRule).toBe("promote");
    const none = outlook(endpoints(verdicts(3, 10, 17), null, policy), policy);
    expect(none.sliceNeeded).toBeNull();
    expect(none.decidingRule).toBe("futility");
  });
});
