import { describe, expect, it } from "vitest";
import { seededRandom } from "../stats/random";
import { SMES, personaLabel, truthOf } from "./crew";
import { arrivalsOf, worldSchedule } from "./schedule";
import { askQuestion, arrivalWeight, topicMix } from "./world";

const start = new Date("2026-03-02T12:00:00Z");
const minutes = (m: number) => new Date(start.getTime() + m * 60_000);

describe("the living world's schedule", () => {
  it("is the same under the same seed, and each failure mode comes 20–30 minutes after the last", () => {
    const a = worldSchedule({ seed: 42, firstAt: start });
    expect(worldSchedule({ seed: 42, firstAt: start })).toEqual(a);
    expect(worldSchedule({ seed: 43, firstAt: start })).not.toEqual(a);
    expect(a.map((e) => e.kind)).toEqual(
      Array.from({ length: 3 }, () => ["launch", "policy_change", "degradation"]).flat(),
    );
    expect(new Set(a.map((e) => e.topic)).size).toBe(9);
    expect(a[0]!.at).toEqual(start);
    for (let i = 1; i < a.length; i++) {
      const gap = (a[i]!.at.getTime() - a[i - 1]!.at.getTime()) / 60_000;
      expect(gap).toBeGreaterThanOrEqual(20);
      expect(gap).toBeLessThanOrEqual(30);
    }
    // Faster for e2e: the same draws, the gaps divided by the speed.
    const fast = worldSchedule({ seed: 42, firstAt: start, speed: 10 });
    expect(fast[1]!.at.getTime() - start.getTime()).toBeCloseTo((a[1]!.at.getTime() - start.getTime()) / 10, 0);
  });

  it("brings each topic in with a one-minute ramp, a 15-minute peak and a settled share", () => {
    const [launch] = arrivalsOf(worldSchedule({ seed: 1, firstAt: start }));
    expect(arrivalWeight(launch!, minutes(-1))).toBe(0);
    expect(arrivalWeight(launch!, minutes(0.5))).toBeCloseTo(0.5, 10);
    expect(arrivalWeight(launch!, minutes(10))).toBe(1);
    expect(arrivalWeight(launch!, minutes(16 + 15))).toBeCloseTo(0.14 + (1 - 0.14) / 2, 10);
    expect(arrivalWeight(launch!, minutes(24 * 60))).toBeCloseTo(0.14, 3);
    // Nobody asks about the later failure modes before they happen; at its peak the launch is half of the questions.
    const clock = {
      start: minutes(-3 * 24 * 60),
      emergeAfterHours: Infinity,
      arrivals: arrivalsOf(worldSchedule({ seed: 1, firstAt: start })),
    };
    expect(topicMix(clock, minutes(-1))["sso_setup"]).toBe(0);
    expect(topicMix(clock, minutes(5))["refund_policy"]).toBe(0);
    expect(topicMix(clock, minutes(5))["sso_setup"]).toBeCloseTo(0.5, 1);
    const random = seededRandom(2);
    const asked = Array.from({ length: 300 }, () => askQuestion(clock, minutes(5), random).topic.key);
    expect(asked).not.toContain("export_timeouts");
  });
});

describe("simulated SMEs", () => {
  const bad = { good: false, category: "incorrect" as const };
  const good = { good: true, category: null };
  const rate = (persona: (typeof SMES)[number], truth: typeof bad | typeof good) => {
    const random = seededRandom(5);
    let pass = 0;
    for (let i = 0; i < 4000; i++) if (Number(personaLabel(persona, truth, random).choice) >= 3) pass++;
    return pass / 4000;
  };
  const [careful, lenient, noisy] = SMES as [(typeof SMES)[0], (typeof SMES)[0], (typeof SMES)[0]];

  it("label with their stated reliability and bias (4,000 draws, within 3 binomial SE)", () => {
    expect(Math.abs(rate(careful, good) - 0.96)).toBeLessThan(0.01);
    expect(Math.abs(rate(careful, bad) - 0.04)).toBeLessThan(0.01);
    expect(Math.abs(rate(noisy, good) - 0.7)).toBeLessThan(0.022);
    expect(Math.abs(rate(noisy, bad) - 0.3)).toBeLessThan(0.022);
    // Lenient: wrong 8 % of the time, and passes a third of the bad answers it judged right: 0.08 + 0.92 × 0.35.
    expect(Math.abs(rate(lenient, bad) - (0.08 + 0.92 * 0.35))).toBeLessThan(0.022);
    expect(Math.abs(rate(lenient, good) - 0.92)).toBeLessThan(0.013);
  });

  it("name a failure category when they fail an answer, and read the truth from the world's answer key", () => {
    const random = seededRandom(9);
    const label = personaLabel(careful, bad, () => (random() < 0.5 ? 0.01 : 0.99));
    expect(Number(label.choice) < 3 ? label.category : "pass").toBeDefined();
    expect(personaLabel(careful, null, random)).toEqual({ choice: "3" });
    expect(
      truthOf({
        input: "How do I set up SSO with Okta?",
        output: "SSO is not available; everyone must use passwords.",
      }),
    ).toBe("incorrect");
    expect(truthOf({ input: "What is the weather?", output: "Sunny." })).toBeNull();
  });
});
