import { describe, expect, it } from "vitest";
import { seededRandom } from "../../stats/random";
import { evaluatePatterns, type PatternWindowCounts, type TriggerSettings } from "./triggers";

const SETTINGS: TriggerSettings = { minPatternCount: 10, falseDiscoveryRate: 0.05, cusumThreshold: 4, cusumShift: 2 };

function pattern(
  topicId: string,
  recentRate: number,
  baselineRate: number,
  recentTotal: number,
  baselineTotal: number,
  random: () => number,
): PatternWindowCounts {
  const recentOutcomes = Array.from({ length: recentTotal }, () => random() < recentRate);
  let baselineFailures = 0;
  for (let i = 0; i < baselineTotal; i++) if (random() < baselineRate) baselineFailures++;
  return {
    topicId,
    category: "incorrect",
    recentFailures: recentOutcomes.filter(Boolean).length,
    recentTotal,
    baselineFailures,
    baselineTotal,
    recentOutcomes,
  };
}

describe("failure-pattern triggers", () => {
  it("fire on a real rise, and not below the minimum count however extreme the rate", () => {
    const random = seededRandom(1);
    const rising = pattern("refunds", 0.4, 0.1, 200, 1000, random);
    const few = { ...pattern("sso", 1, 0.1, 5, 1000, random) };
    const [a, b] = evaluatePatterns([rising, few], SETTINGS);
    expect(a!.verdict).toBe("significant");
    expect(a!.z!).toBeGreaterThan(0);
    expect(a!.qValue!).toBeLessThan(0.05);
    expect(b!.recentFailures).toBe(5);
    expect(b!.verdict).toBe("below_min_count");
  });

  it("do not fire on a fall, or without a baseline", () => {
    const random = seededRandom(2);
    const [falling, fresh] = evaluatePatterns(
      [
        pattern("billing", 0.05, 0.3, 300, 1000, random),
        { ...pattern("new", 0.5, 0, 100, 0, random), baselineTotal: 0 },
      ],
      SETTINGS,
    );
    expect(falling!.verdict).toBe("not_higher");
    expect(fresh!.verdict).toBe("no_baseline");
  });

  it("keep false alarms down on 200 null patterns, where the uncorrected test would fire several times", () => {
    const random = seededRandom(3);
    const nulls = Array.from({ length: 200 }, (_, i) => pattern(`t${i}`, 0.2, 0.2, 300, 1500, random));
    const decisions = evaluatePatterns(nulls, SETTINGS);
    const naive = decisions.filter((d) => d.z! > 0 && d.pValue! < 0.05).length;
    const fired = decisions.filter((d) => d.verdict === "significant").length;
    expect(naive).toBeGreaterThanOrEqual(2);
    expect(fired).toBeLessThanOrEqual(1);
  });

  it("flag an early rise by CUSUM before the corrected test is convinced", () => {
    const random = seededRandom(4);
    // 40 recent interactions, the last 15 all failing: a sharp recent change in a small window.
    const base = pattern("api", 0.1, 0.1, 25, 2000, random);
    const outcomes = [...base.recentOutcomes, ...Array.from({ length: 15 }, () => true)];
    const p = { ...base, recentOutcomes: outcomes, recentTotal: 40, recentFailures: outcomes.filter(Boolean).length };
    const [d] = evaluatePatterns(
      [p, ...Array.from({ length: 60 }, (_, i) => pattern(`n${i}`, 0.1, 0.1, 40, 2000, random))],
      { ...SETTINGS, minPatternCount: 10 },
    );
    expect(d!.cusumAlarm).toBe(true);
    expect(["significant", "early_warning"]).toContain(d!.verdict);
  });
});
