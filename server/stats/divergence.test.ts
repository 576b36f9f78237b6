import { describe, expect, it } from "vitest";
import { jensenShannonDivergence, jensenShannonTerms } from "./divergence";

// Reference values: scipy.spatial.distance.jensenshannon's documented examples. scipy returns the distance
// sqrt(JSD) with natural logarithms unless base is given; JSD in bits = distance² / ln 2 for the natural-log ones.
describe("jensenShannonDivergence", () => {
  it("is 1 bit for distributions with no category in common (scipy: jensenshannon([1,0,0],[0,1,0], 2.0) = 1.0)", () => {
    expect(jensenShannonDivergence([1, 0, 0], [0, 1, 0])).toBeCloseTo(1, 12);
  });

  it("matches scipy: jensenshannon([1.0, 0.0], [0.5, 0.5]) = 0.46450140402245893", () => {
    const bits = jensenShannonDivergence([1, 0], [0.5, 0.5]);
    expect(Math.sqrt(bits * Math.LN2)).toBeCloseTo(0.46450140402245893, 12);
    expect(bits).toBeCloseTo(0.311278124459133, 12);
  });

  it("is 0 for the same mix given as different counts, and symmetric", () => {
    expect(jensenShannonDivergence([10, 30, 60], [1, 3, 6])).toBe(0);
    const a = [5, 1, 0, 9];
    const b = [2, 2, 7, 1];
    expect(jensenShannonDivergence(a, b)).toBeCloseTo(jensenShannonDivergence(b, a), 14);
  });

  it("splits into per-category terms that sum to the divergence (the top movers)", () => {
    const terms = jensenShannonTerms([50, 30, 20, 0], [40, 30, 10, 20]);
    expect(terms.reduce((x, y) => x + y, 0)).toBeCloseTo(
      jensenShannonDivergence([50, 30, 20, 0], [40, 30, 10, 20]),
      14,
    );
    expect(terms[1]).toBeCloseTo(0, 14); // the same share on both sides contributes nothing
    expect(Math.max(...terms)).toBe(terms[3]); // the new category moved most
  });

  it("rejects mismatched lengths, negative weights and empty totals", () => {
    expect(() => jensenShannonDivergence([1], [1, 2])).toThrow(/same categories/);
    expect(() => jensenShannonDivergence([1, -1], [1, 2])).toThrow(/non-negative/);
    expect(() => jensenShannonDivergence([0, 0], [1, 2])).toThrow(/positive total/);
  });
});
