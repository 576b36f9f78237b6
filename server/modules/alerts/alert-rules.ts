// Quality alert rules (pure): the level a window of hourly buckets deserves, and the state machine with hysteresis.

import { ewma, ewmaLimits, tabularCusum } from "../../stats/control";

export const METRICS = ["pass_rate", "mean_score", "negative_rate"] as const;
export type Metric = (typeof METRICS)[number];
export const METHODS = ["threshold", "ewma", "cusum"] as const;
export type Method = (typeof METHODS)[number];
export type AlertState = "OK" | "WARNING" | "ALERT" | "NO_DATA";
export type Level = "ok" | "warning" | "alert" | "no_data";

/** One hourly bucket of a metric as a ratio: pass/(pass+fail), score sum/judged, negative/interactions. */
export interface Bucket {
  num: number;
  den: number;
}

/** Pass rate and mean score get worse downwards; the negative-signal rate upwards. */
const worseIsHigher = (metric: Metric) => metric === "negative_rate";

export interface Baseline {
  mean: number;
  sigma: number;
  buckets: number;
}

/** Mean (pooled) and standard deviation of the hourly values; null with fewer than `minBuckets` buckets. */
export function baselineOf(buckets: Bucket[], minBuckets = 5): Baseline | null {
  const filled = buckets.filter((b) => b.den > 0);
  if (filled.length < minBuckets) return null;
  const values = filled.map((b) => b.num / b.den);
  const mean = filled.reduce((s, b) => s + b.num, 0) / filled.reduce((s, b) => s + b.den, 0);
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - avg) ** 2, 0) / (values.length - 1);
  // A perfectly flat baseline would make any change infinitely significant: keep a small floor.
  return { mean, sigma: Math.max(Math.sqrt(variance), 1e-3), buckets: filled.length };
}

export interface RuleSpec {
  metric: Metric;
  method: Method;
  warnAt: number | null;
  alertAt: number | null;
  params: { lambda?: number; L?: number; k?: number; h?: number };
  minSamples: number;
}

export interface Assessment {
  level: Level;
  /** The window's pooled value (null without data). */
  value: number | null;
  /** EWMA value or CUSUM sum behind the level, when the method has one. */
  statistic: number | null;
  reason: string;
}

/** The level the window deserves under the rule (buckets oldest first). */
export function assess(
  rule: RuleSpec,
  window: Bucket[],
  baseline: Baseline | null,
  format: (value: number) => string = String,
): Assessment {
  const den = window.reduce((s, b) => s + b.den, 0);
  const value = den > 0 ? window.reduce((s, b) => s + b.num, 0) / den : null;
  if (value === null || den < rule.minSamples)
    return { level: "no_data", value, statistic: null, reason: `fewer than ${rule.minSamples} samples in the window` };
  const dir = worseIsHigher(rule.metric) ? 1 : -1;
  const worse = (x: number, limit: number) => dir * (x - limit) > 0;

  if (rule.method === "threshold") {
    if (rule.alertAt !== null && worse(value, rule.alertAt))
      return { level: "alert", value, statistic: null, reason: `beyond the alert threshold ${format(rule.alertAt)}` };
    if (rule.warnAt !== null && worse(value, rule.warnAt))
      return {
        level: "warning",
        value,
        statistic: null,
        reason: `beyond the warning threshold ${format(rule.warnAt)}`,
      };
    return { level: "ok", value, statistic: null, reason: "within the thresholds" };
  }

  if (!baseline) return { level: "no_data", value, statistic: null, reason: "no baseline snapshot yet" };
  const values = window.filter((b) => b.den > 0).map((b) => b.num / b.den);

  if (rule.method === "ewma") {
    const lambda = rule.params.lambda ?? 0.2;
    const L = rule.params.L ?? 3;
    const z = ewma(values, lambda, baseline.mean).at(-1)!;
    const limits = ewmaLimits(values.length, { mu0: baseline.mean, sigma: baseline.sigma, lambda, L });
    const warnLimits = ewmaLimits(values.length, { mu0: baseline.mean, sigma: baseline.sigma, lambda, L: (L * 2) / 3 });
    const bad = (l: { lower: number; upper: number }) => (dir > 0 ? z > l.upper : z < l.lower);
    if (bad(limits)) return { level: "alert", value, statistic: z, reason: `EWMA outside the ${L}σ band` };
    if (bad(warnLimits))
      return { level: "warning", value, statistic: z, reason: `EWMA outside the ${((L * 2) / 3).toFixed(1)}σ band` };
    return { level: "ok", value, statistic: z, reason: "EWMA inside the baseline band" };
  }

  // One-sided CUSUM on the standardized metric, oriented so that "worse" is upwards.
  const k = rule.params.k ?? 0.5;
  const h = rule.params.h ?? 5;
  const standardized = values.map((x) => (dir * (x - baseline.mean)) / baseline.sigma);
  const sum = tabularCusum(standardized, { mu0: 0, sigma: 1, k, h }).upper.at(-1) ?? 0;
  if (sum > h) return { level: "alert", value, statistic: sum, reason: `CUSUM ${sum.toFixed(2)} above h = ${h}` };
  if (sum > h / 2)
    return { level: "warning", value, statistic: sum, reason: `CUSUM ${sum.toFixed(2)} above h/2 = ${h / 2}` };
  return { level: "ok", value, statistic: sum, reason: "CUSUM below h/2" };
}

export interface Transition {
  state: AlertState;
  okStreak: number;
  /** An alert opens (entering ALERT) or resolves (leaving ALERT for OK). */
  opened: boolean;
  resolved: boolean;
}

/**
 * Hysteresis: ALERT and WARNING are entered at once, but left for OK only after `clearAfter` OK evaluations in a
 * row; an ALERT never drops to WARNING (it stays until cleared). NO_DATA neither opens nor resolves anything.
 */
export function transition(state: AlertState, okStreak: number, level: Level, clearAfter = 2): Transition {
  switch (level) {
    case "alert":
      return { state: "ALERT", okStreak: 0, opened: state !== "ALERT", resolved: false };
    case "warning":
      return { state: state === "ALERT" ? "ALERT" : "WARNING", okStreak: 0, opened: false, resolved: false };
    case "no_data":
      return { state: state === "ALERT" ? "ALERT" : "NO_DATA", okStreak: 0, opened: false, resolved: false };
    case "ok": {
      const streak = okStreak + 1;
      if ((state === "ALERT" || state === "WARNING") && streak < clearAfter)
        return { state, okStreak: streak, opened: false, resolved: false };
      return { state: "OK", okStreak: streak, opened: false, resolved: state === "ALERT" };
    }
  }
}
