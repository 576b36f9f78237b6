// When a failure pattern (topic × failure category) becomes a trigger (pure). The recent window's failure rate is
// compared with the baseline's by a two-proportion z-test; Benjamini–Hochberg controls the false discovery rate
// across every pattern tested in one scan; a minimum number of recent failures is required; and a Bernoulli CUSUM
// over the recent window's interactions, in order, flags a rise early (an early warning, not a trigger). Every
// number is kept for the log.
import { bernoulliCusum } from "../../stats/bernoulli-cusum";
import { benjaminiHochberg, twoProportionZTest } from "../../stats/proportions";

export interface PatternWindowCounts {
  topicId: string;
  category: string;
  recentFailures: number;
  recentTotal: number;
  baselineFailures: number;
  baselineTotal: number;
  /** The recent window's interactions on the topic in time order: did each fail in this category? */
  recentOutcomes: boolean[];
}

export interface TriggerSettings {
  minPatternCount: number;
  falseDiscoveryRate: number;
  /** CUSUM decision interval h (in log-likelihood units). */
  cusumThreshold: number;
  /** The rise the CUSUM looks for: p1 = p0 × this factor (capped below 1). */
  cusumShift: number;
}

/**
 * significant: opens an incident. early_warning: the CUSUM has signalled but the FDR-controlled test not yet (shown
 * as growing, never a trigger on its own: on 200 null patterns a CUSUM alone would fire several times).
 */
type PatternVerdict =
  "significant" | "early_warning" | "below_min_count" | "not_higher" | "not_significant" | "no_baseline";

export interface PatternDecision extends PatternWindowCounts {
  recentRate: number;
  baselineRate: number | null;
  z: number | null;
  pValue: number | null;
  qValue: number | null;
  cusum: number | null;
  cusumAlarm: boolean;
  verdict: PatternVerdict;
}

export function evaluatePatterns(patterns: readonly PatternWindowCounts[], s: TriggerSettings): PatternDecision[] {
  const tested = patterns.map((p) => {
    const recentRate = p.recentTotal > 0 ? p.recentFailures / p.recentTotal : 0;
    const baselineRate = p.baselineTotal > 0 ? p.baselineFailures / p.baselineTotal : null;
    const test =
      p.baselineTotal > 0 && p.recentTotal > 0
        ? twoProportionZTest(p.recentFailures, p.recentTotal, p.baselineFailures, p.baselineTotal)
        : null;
    return { p, recentRate, baselineRate, test };
  });
  // BH over every pattern that could be tested, so the scan's false discovery rate is what the setting says.
  const withP = tested.filter((t) => t.test !== null);
  const q = benjaminiHochberg(withP.map((t) => t.test!.pValue));
  const qOf = new Map(withP.map((t, i) => [t, q[i]!]));

  return tested.map((t) => {
    const { p, recentRate, baselineRate, test } = t;
    let cusum: number | null = null;
    let cusumAlarm = false;
    if (baselineRate !== null && p.recentOutcomes.length > 0) {
      // A baseline of 0 or 1 has no room to rise in the Bernoulli model; half an event keeps it usable.
      const p0 = Math.min(0.98, Math.max(baselineRate, 0.5 / Math.max(1, p.baselineTotal)));
      const p1 = Math.min(0.99, Math.max(p0 * s.cusumShift, p0 + 0.01));
      const run = bernoulliCusum(p.recentOutcomes, p0, p1, s.cusumThreshold);
      cusum = run.values.at(-1) ?? 0;
      cusumAlarm = run.alarmIndex !== null;
    }
    const qValue = qOf.get(t) ?? null;
    let verdict: PatternVerdict;
    if (p.recentFailures < s.minPatternCount) verdict = "below_min_count";
    else if (test === null) verdict = "no_baseline";
    else if (test.z <= 0) verdict = "not_higher";
    else if (qValue !== null && qValue <= s.falseDiscoveryRate) verdict = "significant";
    else verdict = cusumAlarm ? "early_warning" : "not_significant";
    return {
      ...p,
      recentRate,
      baselineRate,
      z: test?.z ?? null,
      pValue: test?.pValue ?? null,
      qValue,
      cusum,
      cusumAlarm,
      verdict,
    };
  });
}
