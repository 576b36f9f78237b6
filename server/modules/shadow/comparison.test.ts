import { describe, expect, it } from "vitest";
import { seededRandom } from "../../stats/random";
import { comparePairs, type Pair } from "./comparison";
import { decide, evaluateGates } from "./gates";

const options = {
  alpha: 0.05,
  regressionTolerance: 0.05,
  minTopicPairs: 20,
  hasSlice: true,
  nonInferiorityMargin: 0.1,
};
/** The slice is the "refunds" topic here (the gateway marks it per request in the product). */
const SLICE_TOPIC = "refunds";

/** n pairs on a topic; the candidate passes where production failed with probability `fix`, never the reverse. */
function pairs(
  topicId: string,
  n: number,
  productionPassRate: number,
  candidatePassRate: number,
  seed: number,
): Pair[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const productionPass = random() < productionPassRate;
    const shadowPass = random() < candidatePassRate;
    return {
      productionInteractionId: `p-${topicId}-${i}`,
      shadowInteractionId: `s-${topicId}-${i}`,
      topicId,
      productionScore: productionPass ? 4 + Math.round(random()) : 1 + Math.round(random()),
      shadowScore: shadowPass ? 4 + Math.round(random()) : 1 + Math.round(random()),
      productionPass,
      shadowPass,
      inSlice: topicId === SLICE_TOPIC,
    };
  });
}

describe("comparePairs", () => {
  it("summarises a candidate that fixes the incident topic and leaves the rest alone", () => {
    const all = [...pairs("refunds", 150, 0.4, 0.9, 1), ...pairs("billing", 150, 0.85, 0.85, 2)];
    const s = comparePairs(all, options);
    expect(s.n).toBe(300);
    expect(s.wins + s.ties + s.losses).toBe(300);
    expect(s.winRate).toBeCloseTo(s.wins / (s.wins + s.losses), 12);
    expect(s.winRateInterval!.lower).toBeLessThan(s.winRate!);
    expect(s.meanDifference).toBeGreaterThan(0.3);
    expect(s.meanInterval!.lower).toBeGreaterThan(0);
    expect(s.wilcoxon!.pValue).toBeLessThan(0.001);
    expect(s.sequential!.pValue).toBeLessThan(0.05);
    expect(s.sequential!.history.at(-1)!.n).toBe(300);
    expect(s.sequential!.history.length).toBeLessThanOrEqual(201);
    expect(s.slice.n).toBe(150);
    expect(s.slice.candidateFailureRate!).toBeLessThan(s.slice.productionFailureRate!);
    expect(s.slice.lower!).toBeGreaterThan(0);
    expect(s.rest!.n).toBe(150);
    expect(s.rest!.lower!).toBeGreaterThan(-0.1);
    expect(s.sliceHistory.at(-1)!.n).toBe(150);
    expect(s.topics.some((t) => t.regression)).toBe(false);
    expect(s.biggestWins[0]!.difference).toBeGreaterThanOrEqual(s.biggestWins.at(-1)!.difference);
    expect(s.biggestLosses[0]!.difference).toBeLessThanOrEqual(s.biggestLosses.at(-1)!.difference);
  });

  it("flags a topic that regresses beyond the tolerance once it has enough pairs", () => {
    const all = [...pairs("refunds", 100, 0.4, 0.9, 3), ...pairs("sso", 60, 0.9, 0.6, 4), ...pairs("rare", 5, 1, 0, 5)];
    const s = comparePairs(all, options);
    expect(s.topics.filter((t) => t.regression).map((t) => t.topicId)).toEqual(["sso"]);
  });

  it("has nothing to say without pairs", () => {
    expect(comparePairs([], options)).toMatchObject({
      n: 0,
      winRate: null,
      sequential: null,
      topics: [],
      slice: { n: 0, lower: null, pValue: 1 },
    });
  });
});

describe("evaluateGates", () => {
  const policy = {
    minPairedSamples: 200,
    alpha: 0.05,
    segmentRegressionTolerance: 0.05,
    requiredApprovals: 1,
    nonInferiorityMargin: 0.1,
    minWorthwhileImprovement: 0.05,
    maxSlicePairs: 500,
  };
  const good = comparePairs([...pairs("refunds", 150, 0.4, 0.9, 1), ...pairs("billing", 150, 0.85, 0.85, 2)], options);

  it("passes every evidence check for a good candidate and waits for the approvals", () => {
    const waiting = evaluateGates({ summary: good, alertingRules: [], approvals: 0 }, policy);
    expect(waiting.evidenceOk).toBe(true);
    expect(waiting.allPass).toBe(false);
    expect(waiting.checks.find((c) => c.key === "approvals")).toMatchObject({ pass: false, threshold: "≥ 1" });
    expect(evaluateGates({ summary: good, alertingRules: [], approvals: 1 }, policy).allPass).toBe(true);
    expect(waiting.automatic).toBe(false);
    expect(
      evaluateGates({ summary: good, alertingRules: [], approvals: 0 }, { ...policy, requiredApprovals: 0 }).automatic,
    ).toBe(true);
  });

  it("fails on too few samples, a firing alert, a regressing topic, or no improvement", () => {
    const few = comparePairs(pairs("refunds", 50, 0.4, 0.9, 6), options);
    expect(
      evaluateGates({ summary: few, alertingRules: [], approvals: 1 }, policy).checks.find((c) => c.key === "samples")!
        .pass,
    ).toBe(false);
    const alerting = evaluateGates({ summary: good, alertingRules: ["Pass rate floor"], approvals: 1 }, policy);
    expect(alerting.allPass).toBe(false);
    expect(alerting.checks.find((c) => c.key === "alerts")!.value).toBe("Pass rate floor");
    const regress = comparePairs([...pairs("refunds", 150, 0.4, 0.9, 1), ...pairs("sso", 100, 0.9, 0.5, 7)], options);
    expect(
      evaluateGates({ summary: regress, alertingRules: [], approvals: 1 }, policy).checks.find(
        (c) => c.key === "topics",
      )!.pass,
    ).toBe(false);
    const same = comparePairs(pairs("billing", 300, 0.8, 0.8, 8), { ...options, hasSlice: false });
    const r = evaluateGates({ summary: same, alertingRules: [], approvals: 1 }, policy);
    expect(r.checks.find((c) => c.key === "slice")!).toMatchObject({
      pass: false,
      label: expect.stringMatching(/overall/),
    });
    expect(r.checks.some((c) => c.key === "guardrail")).toBe(false);
  });

  it("fails the guardrail when the slice improves but the rest gets worse, and the decision rejects for harm", () => {
    const harmful = comparePairs(
      [...pairs("refunds", 200, 0.5, 0.9, 11), ...pairs("billing", 600, 0.85, 0.45, 12)],
      options,
    );
    const gates = evaluateGates(
      { summary: harmful, alertingRules: [], approvals: 0 },
      { ...policy, requiredApprovals: 0 },
    );
    expect(gates.checks.find((c) => c.key === "slice")!.pass).toBe(true);
    expect(gates.checks.find((c) => c.key === "guardrail")!.pass).toBe(false);
    expect(gates.automatic).toBe(false);
    const d = decide(harmful, gates, { ...policy, requiredApprovals: 0 });
    expect(d).toMatchObject({ action: "reject", rule: "harm" });
    expect(d.reason).toMatch(/harm outside the slice: after 600 pairs/);
  });

  it("rejects a candidate whose slice improves but one topic regresses (the guardrail), naming the topic", () => {
    const auto = { ...policy, requiredApprovals: 0 };
    const regress = comparePairs(
      [
        ...pairs("refunds", 150, 0.4, 0.9, 1),
        ...pairs("sso", 100, 0.9, 0.6, 7),
        ...pairs("billing", 400, 0.85, 0.85, 9),
      ],
      options,
    );
    const gates = evaluateGates({ summary: regress, alertingRules: [], approvals: 0 }, auto);
    expect(gates.checks.find((c) => c.key === "slice")!.pass).toBe(true);
    const d = decide(regress, gates, auto, (id) => `"${id === "sso" ? "SSO setup" : id}"`);
    expect(d).toMatchObject({ action: "reject", rule: "regression" });
    expect(d.reason).toMatch(
      /^guardrail: "SSO setup" regresses — passing 9\d\.\d% on production, [56]\d\.\d% on the candidate over 100 pairs; the always-valid bound puts the change at −\d+\.\d points or worse$/,
    );
    // Before the minimum paired samples nothing is decided, a regression included.
    expect(decide(regress, gates, { ...auto, minPairedSamples: 1000 }).action).toBe("wait");
  });

  it("promotes under an automatic policy only when every check passes, and waits otherwise", () => {
    const auto = { ...policy, requiredApprovals: 0 };
    expect(decide(good, evaluateGates({ summary: good, alertingRules: [], approvals: 0 }, auto), auto).action).toBe(
      "promote",
    );
    const firing = evaluateGates({ summary: good, alertingRules: ["Pass rate floor"], approvals: 0 }, auto);
    expect(decide(good, firing, auto).action).toBe("wait");
  });
});
