import { describe, expect, it } from "vitest";
import { erfc, normalCdf, normalQuantile } from "./normal";
import { benjaminiHochberg, binomialTest, twoProportionZTest, wilsonInterval } from "./proportions";

describe("normal distribution", () => {
  it("matches R's pnorm and qnorm", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15); // pnorm(-3)
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 25); // pnorm(-8)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12); // qnorm(0.975)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12); // qnorm(0.001)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 15); // 2 * pnorm(-0.5 * sqrt(2))
  });
});

describe("proportions", () => {
  it("two-proportion z-test: z² is prop.test's statistic without correction", () => {
    // prop.test(c(15, 25), c(50, 50), correct = FALSE): X-squared = 4.1667, p-value = 0.04123
    const { z, pValue } = twoProportionZTest(15, 50, 25, 50);
    expect(z * z).toBeCloseTo(4.166667, 5);
    expect(z).toBeLessThan(0);
    expect(pValue).toBeCloseTo(0.04122683, 7);
    expect(twoProportionZTest(25, 50, 15, 50).z).toBeCloseTo(-z, 12);
    expect(twoProportionZTest(0, 10, 0, 10)).toEqual({ z: 0, pValue: 1 });
  });

  it("Benjamini–Hochberg on the 15 p-values of Benjamini & Hochberg (1995) rejects 4 at q = 0.05", () => {
    const p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1,
    ];
    const adjusted = benjaminiHochberg(p);
    expect(adjusted.filter((q) => q <= 0.05)).toHaveLength(4);
    // R: p.adjust(p, "BH")
    const r = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714, 0.06385714, 0.0645, 0.0765, 0.486, 0.58118182, 0.714875,
      0.75323077, 0.81321429, 1,
    ];
    adjusted.forEach((q, i) => expect(q).toBeCloseTo(r[i]!, 7));
    // Input order is kept.
    expect(benjaminiHochberg([0.04, 0.01])).toEqual([0.04, 0.02]);
  });

  it("exact binomial test as binom.test", () => {
    expect(binomialTest(682, 925, 0.75)).toBeCloseTo(0.3824916, 6); // binom.test(682, 925, p = 0.75)
    expect(binomialTest(7, 20)).toBeCloseTo(0.263176, 6); // binom.test(7, 20)
    expect(binomialTest(10, 10)).toBeCloseTo(0.001953125, 12);
  });

  it("Wilson interval as prop.test without continuity correction", () => {
    const { lower, upper } = wilsonInterval(52, 100);
    expect(lower).toBeCloseTo(0.4231658, 6);
    expect(upper).toBeCloseTo(0.6153545, 6);
    expect(wilsonInterval(0, 10).lower).toBe(0);
  });
});
