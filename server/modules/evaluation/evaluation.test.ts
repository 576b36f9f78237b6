import { describe, expect, it } from "vitest";
import { qualityFigures, sumCounts, worstTopics } from "../quality/metrics";
import type { RubricContent } from "./evaluation.schema";
import { backoffSeconds, passesFilters } from "./evaluation.service";
import { buildJudgeMessages, parseVerdict, verdictJsonSchema } from "./judge-prompt";
import { isSampled } from "./sampling";

const rubric: RubricContent = {
  criteria: [
    { name: "Correct", description: "States the right steps for the product.", scale: "pass_fail" },
    { name: "Helpful", description: "The user can act on it.", scale: "1-5" },
  ],
  failureCategories: ["incorrect", "incomplete", "off_topic"],
  examples: [{ input: "Reset my password?", output: "Try later.", verdict: "fail", note: "No steps." }],
  notes: "Be strict about policy.",
};

describe("judge prompt", () => {
  it("puts the rubric, the examples and the conversation in front of the judge", () => {
    const [system, user] = buildJudgeMessages(rubric, {
      input: [{ role: "user", content: "How do refunds work?" }],
      output: "Within 30 days.",
    });
    expect(system!.content).toContain("1. Correct (pass/fail): States the right steps");
    expect(system!.content).toContain("2. Helpful (1–5)");
    expect(system!.content).toContain("incorrect, incomplete, off_topic");
    expect(system!.content).toContain("Example 1 — FAIL");
    expect(system!.content).toContain("Be strict about policy.");
    expect(user!.content).toContain("USER: How do refunds work?");
    expect(user!.content).toContain("Answer to judge:\nWithin 30 days.");
    const schema = verdictJsonSchema(rubric).json_schema.schema;
    expect(schema.required).toEqual(["score", "pass", "failure_category", "rationale", "confidence"]);
    expect(schema.properties.failure_category.enum).toEqual(["incorrect", "incomplete", "off_topic", null]);
  });
});

describe("parseVerdict", () => {
  const valid = { score: 2, pass: false, failure_category: "incomplete", rationale: "No steps.", confidence: 0.8 };

  it("accepts a JSON verdict, bare or in one fence", () => {
    expect(parseVerdict(JSON.stringify(valid), rubric)).toEqual({
      status: "ok",
      score: 2,
      pass: false,
      category: "incomplete",
      rationale: "No steps.",
      confidence: 0.8,
    });
    const fenced = "```json\n" + JSON.stringify({ ...valid, pass: true, score: 5, failure_category: null }) + "\n```";
    expect(parseVerdict(fenced, rubric)).toMatchObject({ status: "ok", pass: true, category: null, score: 5 });
  });

  it("keeps partial, garbage and refusals as unparseable, never guessing a score", () => {
    const { confidence: _, ...partial } = valid;
    expect(parseVerdict(JSON.stringify(partial), rubric)).toEqual({
      status: "unparseable",
      reason: "confidence: Invalid input: expected number, received undefined",
    });
    expect(parseVerdict("The answer looks fine to me, 4/5.", rubric)).toEqual({
      status: "unparseable",
      reason: "not a JSON object",
    });
    expect(parseVerdict("I'm sorry, but I can't help with evaluating this.", rubric).status).toBe("unparseable");
    expect(parseVerdict("", rubric)).toEqual({ status: "unparseable", reason: "empty answer" });
    expect(parseVerdict(null, rubric).status).toBe("unparseable");
    expect(parseVerdict(JSON.stringify({ ...valid, score: 9 }), rubric).status).toBe("unparseable");
    expect(parseVerdict(JSON.stringify({ ...valid, failure_category: "rude" }), rubric)).toEqual({
      status: "unparseable",
      reason: 'failure_category "rude" is not in the rubric',
    });
    expect(parseVerdict(JSON.stringify({ ...valid, failure_category: null }), rubric).status).toBe("unparseable");
    expect(parseVerdict('Here: {"score": 2}', rubric).status).toBe("unparseable");
  });
});

describe("sampling", () => {
  it("is deterministic per (interaction, judge), close to the rate, and independent across judges", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `ix_${i}`);
    const a = ids.filter((id) => isSampled(id, "judge-a", 0.3));
    expect(ids.filter((id) => isSampled(id, "judge-a", 0.3))).toEqual(a);
    // Binomial SE at n = 20,000, p = 0.3 is 0.0032; allow 4 SE.
    expect(Math.abs(a.length / ids.length - 0.3)).toBeLessThan(0.013);
    const b = new Set(ids.filter((id) => isSampled(id, "judge-b", 0.3)));
    const both = a.filter((id) => b.has(id)).length / ids.length;
    expect(Math.abs(both - 0.09)).toBeLessThan(0.01); // independent: 0.3 × 0.3
    expect(isSampled("x", "j", 1)).toBe(true);
    expect(isSampled("x", "j", 0)).toBe(false);
  });

  it("filters by model version, topic and negative signal", () => {
    const row = { modelVersionId: "m1", topicId: "t1", hasNegative: false };
    expect(passesFilters(row, {})).toBe(true);
    expect(passesFilters(row, { modelVersionIds: ["m2"] })).toBe(false);
    expect(passesFilters(row, { modelVersionIds: ["m1"], topicIds: ["t1"] })).toBe(true);
    expect(passesFilters({ ...row, topicId: null }, { topicIds: ["t1"] })).toBe(false);
    expect(passesFilters(row, { negativeSignalOnly: true })).toBe(false);
    expect(passesFilters({ ...row, hasNegative: true }, { negativeSignalOnly: true })).toBe(true);
  });

  it("backs off exponentially, capped at five minutes", () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([2, 4, 8, 16]);
    expect(backoffSeconds(20)).toBe(300);
  });
});

describe("quality figures", () => {
  it("turns summed counts into rates, null where there is no data", () => {
    expect(
      qualityFigures({ interactions: 0, judged: 0, scoreSum: 0, passCount: 0, failCount: 0, negative: 0 }),
    ).toEqual({
      interactions: 0,
      judged: 0,
      meanScore: null,
      passRate: null,
      negativeRate: null,
      explicitCoverage: null,
      implicitCoverage: null,
    });
    const total = sumCounts([
      { interactions: 10, judged: 4, scoreSum: 14, passCount: 3, failCount: 1, negative: 2, explicit: 1, implicit: 3 },
      { interactions: 30, judged: 6, scoreSum: 18, passCount: 2, failCount: 4, negative: 6, explicit: 0, implicit: 9 },
    ]);
    expect(qualityFigures(total)).toEqual({
      interactions: 40,
      judged: 10,
      meanScore: 3.2,
      passRate: 0.5,
      negativeRate: 0.2,
      explicitCoverage: 0.025,
      implicitCoverage: 0.3,
    });
  });

  it("ranks the worst topics by pass rate, then negative rate, leaving out thin ones", () => {
    const row = (topicId: string, interactions: number, pass: number, fail: number, negative: number) => ({
      topicId,
      label: topicId,
      interactions,
      judged: pass + fail,
      scoreSum: 0,
      passCount: pass,
      failCount: fail,
      negative,
    });
    const ranked = worstTopics(
      [row("ok", 50, 45, 5, 2), row("bad", 40, 10, 30, 5), row("thin", 2, 0, 2, 2), row("tie", 40, 10, 30, 20)],
      5,
      10,
    );
    expect(ranked.map((r) => r.topicId)).toEqual(["tie", "bad", "ok"]);
  });
});
