import { describe, expect, it } from "vitest";
import { dawidSkene } from "./dawid-skene";
import { seededRandom } from "./random";

describe("dawidSkene", () => {
  it("finds the unreliable labeler in a synthetic case and beats the majority vote", () => {
    // 400 items with a known truth; two good labelers (90 % right), three that mostly guess (40 % right, with a
    // systematic bias towards "fail"). Majority vote is swayed by the three; Dawid–Skene learns to discount them.
    const random = seededRandom(2024);
    const truth = Array.from({ length: 400 }, () => (random() < 0.6 ? "pass" : "fail"));
    const label = (t: string, accuracy: number) => (random() < accuracy ? t : t === "pass" ? "fail" : "pass");
    const biased = (t: string) => (random() < 0.4 ? t : "fail");
    const labels = truth.map((t) => [label(t, 0.9), label(t, 0.9), biased(t), biased(t), biased(t)]);

    const result = dawidSkene(labels);
    const majority = labels.map((row) => (row.filter((l) => l === "pass").length >= 3 ? "pass" : "fail"));
    const correct = (guess: Array<string | null>) => guess.filter((g, i) => g === truth[i]).length / truth.length;
    expect(correct(result.labels)).toBeGreaterThan(0.95);
    expect(correct(result.labels)).toBeGreaterThan(correct(majority) + 0.1);
    // The good labelers are estimated near 0.9; the biased ones far lower.
    expect(result.accuracy[0]).toBeGreaterThan(0.85);
    expect(result.accuracy[1]).toBeGreaterThan(0.85);
    for (const j of [2, 3, 4]) expect(result.accuracy[j]).toBeLessThan(0.8);
    expect(result.priors[result.categories.indexOf("pass")]).toBeCloseTo(
      truth.filter((t) => t === "pass").length / 400,
      1,
    );
  });

  it("handles missing labels and unanimous items; an item nobody labeled has no label", () => {
    const result = dawidSkene([
      [1, 1, null],
      [2, 2, 2],
      [null, null, null],
      [1, null, 1],
    ]);
    expect(result.categories).toEqual([1, 2]);
    expect(result.labels).toEqual([1, 2, null, 1]);
    for (const p of result.posteriors) expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
  });

  it("never overrides the only label of a single-labeled item, even from a labeler it finds biased", () => {
    // Labeler 1 says "a" wherever labelers 0 and 2 agree on "b": the model learns that its "a" means "b". An item
    // only labeler 1 saw still keeps its "a" — one label is no evidence to overrule — while its posterior says why.
    const rows: Array<Array<string | null>> = [
      ...Array.from({ length: 20 }, () => ["b", "a", "b"]),
      ...Array.from({ length: 5 }, () => ["a", "a", "a"]),
      [null, "a", null],
    ];
    const result = dawidSkene(rows);
    expect(result.labels.at(-1)).toBe("a");
    // The model alone would say "b" (most of labeler 1's "a" were "b"s); the rule keeps the label as given.
    expect(result.posteriors.at(-1)![result.categories.indexOf("b")]!).toBeGreaterThan(0.7);
    expect(result.labels.slice(0, 20).every((l) => l === "b")).toBe(true);
  });
});
