import { describe, expect, it } from "vitest";
import { bernoulliCusum } from "./bernoulli-cusum";

describe("Bernoulli CUSUM", () => {
  it("adds log-likelihood ratios, floors at zero and signals past h", () => {
    // p0 = 0.1, p1 = 0.2: a failure adds ln 2 = 0.693147, a success adds ln(0.8/0.9) = −0.117783.
    const r = bernoulliCusum([true, false, true, true, false, true, true], 0.1, 0.2, 2.5);
    const up = Math.log(2);
    const down = Math.log(0.8 / 0.9);
    const expected = [
      up,
      up + down,
      2 * up + down,
      3 * up + down,
      3 * up + 2 * down,
      4 * up + 2 * down,
      5 * up + 2 * down,
    ];
    r.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    expect(r.alarmIndex).toBe(5); // 4 ln 2 + 2 ln(8/9) = 2.537 > 2.5
    expect(bernoulliCusum([false, false, false], 0.1, 0.2, 1).values).toEqual([0, 0, 0]);
  });

  it("stays quiet on in-control data far more often than on shifted data", () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const run = (p: number) => Array.from({ length: 200 }, () => random() < p);
    let quiet = 0;
    let caught = 0;
    for (let i = 0; i < 200; i++) {
      if (bernoulliCusum(run(0.1), 0.1, 0.2, 5).alarmIndex === null) quiet++;
      if (bernoulliCusum(run(0.25), 0.1, 0.2, 5).alarmIndex !== null) caught++;
    }
    expect(quiet).toBeGreaterThan(150);
    expect(caught).toBeGreaterThan(190);
  });
});
