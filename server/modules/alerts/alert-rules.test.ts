import { describe, expect, it } from "vitest";
import { assess, baselineOf, transition, type Bucket, type RuleSpec } from "./alert-rules";

const rate = (values: number[], n = 100): Bucket[] => values.map((v) => ({ num: v * n, den: n }));
const threshold: RuleSpec = {
  metric: "pass_rate",
  method: "threshold",
  warnAt: 0.8,
  alertAt: 0.7,
  params: {},
  minSamples: 50,
};

describe("assess", () => {
  it("static thresholds, in the metric's bad direction", () => {
    expect(assess(threshold, rate([0.9, 0.85]), null)).toMatchObject({ level: "ok", value: 0.875 });
    expect(assess(threshold, rate([0.78, 0.76]), null)).toMatchObject({ level: "warning" });
    expect(assess(threshold, rate([0.6, 0.7]), null)).toMatchObject({ level: "alert", value: 0.65 });
    // Negative-signal rate is bad upwards.
    const neg = { ...threshold, metric: "negative_rate" as const, warnAt: 0.3, alertAt: 0.4 };
    expect(assess(neg, rate([0.45, 0.5]), null).level).toBe("alert");
    expect(assess(neg, rate([0.1, 0.2]), null).level).toBe("ok");
    expect(assess(threshold, rate([0.5], 10), null)).toMatchObject({ level: "no_data" });
  });

  it("pools the window by counts, not by averaging bucket rates", () => {
    const window = [
      { num: 1, den: 10 },
      { num: 90, den: 90 },
    ];
    expect(assess({ ...threshold, minSamples: 1 }, window, null).value).toBeCloseTo(0.91, 10);
  });

  it("baseline: pooled mean and the sample SD of hourly values", () => {
    const b = baselineOf(rate([0.8, 0.9, 0.85, 0.75, 0.95]))!;
    expect(b.mean).toBeCloseTo(0.85, 10);
    expect(b.sigma).toBeCloseTo(Math.sqrt(0.025 / 4), 10); // deviations 0.05², 0.05², 0, 0.1², 0.1² sum to 0.025
    expect(baselineOf(rate([0.8, 0.9]))).toBeNull();
  });

  it("EWMA band and one-sided CUSUM flag a drop from the baseline, not noise around it", () => {
    const baseline = { mean: 0.85, sigma: 0.05, buckets: 24 };
    const ewmaRule: RuleSpec = { ...threshold, method: "ewma", params: { lambda: 0.3, L: 3 } };
    expect(assess(ewmaRule, rate([0.86, 0.83, 0.88, 0.84]), baseline).level).toBe("ok");
    expect(assess(ewmaRule, rate([0.7, 0.65, 0.6, 0.62]), baseline).level).toBe("alert");
    // An improvement is not an alarm for a metric that gets worse downwards.
    expect(assess(ewmaRule, rate([0.99, 0.99, 0.99, 0.99]), baseline).level).toBe("ok");

    const cusumRule: RuleSpec = { ...threshold, method: "cusum", params: { k: 0.5, h: 4 } };
    // Standardized values -1, -2, -3 (in the bad direction +1, +2, +3) give C⁺ = 0.5, 2, 4.5 > h = 4.
    const drop = rate([0.8, 0.75, 0.7]);
    const result = assess(cusumRule, drop, baseline);
    expect(result.level).toBe("alert");
    expect(result.statistic).toBeCloseTo(4.5, 10);
    // C⁺ = 0.5, 2: exactly h/2 is not above it; one more bucket 1σ worse makes 2.5 > h/2 = 2.
    expect(assess(cusumRule, rate([0.8, 0.75]), baseline).level).toBe("ok");
    expect(assess(cusumRule, rate([0.8, 0.75, 0.8]), baseline)).toMatchObject({ level: "warning" });
  });

  it("needs a baseline for EWMA and CUSUM", () => {
    expect(assess({ ...threshold, method: "cusum" }, rate([0.5, 0.5]), null)).toMatchObject({
      level: "no_data",
      reason: "no baseline snapshot yet",
    });
  });
});

describe("transition (hysteresis)", () => {
  it("enters ALERT at once and leaves it only after two OK evaluations in a row", () => {
    let t = transition("OK", 0, "alert");
    expect(t).toEqual({ state: "ALERT", okStreak: 0, opened: true, resolved: false });
    t = transition(t.state, t.okStreak, "alert");
    expect(t.opened).toBe(false); // already open
    t = transition(t.state, t.okStreak, "warning");
    expect(t.state).toBe("ALERT"); // never drops to WARNING
    t = transition(t.state, t.okStreak, "ok");
    expect(t).toMatchObject({ state: "ALERT", okStreak: 1, resolved: false });
    t = transition(t.state, t.okStreak, "no_data");
    expect(t).toMatchObject({ state: "ALERT", okStreak: 0 }); // missing data does not count as recovery
    t = transition(t.state, t.okStreak, "ok");
    t = transition(t.state, t.okStreak, "ok");
    expect(t).toEqual({ state: "OK", okStreak: 2, opened: false, resolved: true });
  });

  it("moves between OK, WARNING and NO_DATA without opening alerts", () => {
    expect(transition("OK", 3, "warning")).toEqual({ state: "WARNING", okStreak: 0, opened: false, resolved: false });
    expect(transition("WARNING", 0, "ok").state).toBe("WARNING");
    expect(transition("WARNING", 1, "ok").state).toBe("OK");
    expect(transition("OK", 1, "no_data").state).toBe("NO_DATA");
    expect(transition("NO_DATA", 0, "ok")).toMatchObject({ state: "OK", resolved: false });
  });
});
