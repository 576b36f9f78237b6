import { describe, expect, it } from "vitest";
import { cohensKappa, fleissKappa, krippendorffAlpha, type Label } from "./agreement";
import { brierScore, expectedCalibrationError } from "./calibration";

const repeat = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

// Fleiss (1971) psychiatric diagnoses, 30 patients × 6 raters (R irr `diagnoses`, as in statsmodels' tests).
const DIAGNOSES = [
  [4, 4, 4, 4, 4, 4],
  [2, 2, 2, 5, 5, 5],
  [2, 3, 3, 3, 3, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3],
  [3, 3, 3, 3, 5, 5],
  [1, 1, 3, 3, 3, 4],
  [1, 1, 4, 4, 4, 4],
  [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4],
  [1, 2, 4, 4, 4, 4],
  [2, 2, 2, 3, 3, 3],
  [1, 4, 4, 4, 4, 4],
  [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5],
  [1, 1, 1, 4, 5, 5],
  [1, 1, 1, 1, 1, 2],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 4, 4, 4, 4, 4],
  [2, 2, 4, 5, 5, 5],
  [1, 1, 4, 4, 4, 4],
  [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4],
  [1, 1, 1, 1, 5, 5],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 3, 3, 3],
  [5, 5, 5, 5, 5, 5],
];
const counts = (rows: number[][], categories: number[]) =>
  rows.map((r) => categories.map((c) => r.filter((v) => v === c).length));

// R irr `anxiety` ratings (20 subjects × 3 raters, 1–6; level 5 never used by raters 2 and 3).
const ANXIETY = [
  3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3, 3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3,
  4, 2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2,
];
const anxietyRater = (r: number) => ANXIETY.slice(r * 20, r * 20 + 20); // column-major, as R stores it

// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders × 12 units with missing values.
const KRIPPENDORFF: Label[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe("cohensKappa", () => {
  it("reproduces scikit-learn's example, unweighted, linear and quadratic", () => {
    const y1 = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const y2 = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    expect(cohensKappa(y1, y2)).toBeCloseTo(0.9315, 4);
    expect(cohensKappa(y1, y2, { weights: "linear" })).toBeCloseTo(0.9412, 4);
    expect(cohensKappa(y1, y2, { weights: "quadratic" })).toBeCloseTo(0.9541, 4);
  });

  it("reproduces R irr kappa2 on the anxiety data (raters 2 and 3; categories are the observed ones)", () => {
    const [r2, r3] = [anxietyRater(1), anxietyRater(2)];
    expect(cohensKappa(r2, r3)).toBeCloseTo(-0.006289308, 8);
    expect(cohensKappa(r2, r3, { weights: "linear" })).toBeCloseTo(0.1459075, 7);
    expect(cohensKappa(r2, r3, { weights: "quadratic" })).toBeCloseTo(0.2520325, 7);
  });

  it("drops pairs with a missing label, takes string labels, and is NaN with a single category", () => {
    expect(cohensKappa(["a", "b", null, "a"], ["a", "b", "b", "a"])).toBe(1);
    expect(cohensKappa(["x", "x"], ["x", "x"])).toBeNaN();
    expect(() => cohensKappa([1], [1, 2])).toThrow();
  });
});

describe("fleissKappa", () => {
  it("reproduces Fleiss (1971): κ = 0.4302 (R irr kappam.fleiss 0.4302445)", () => {
    expect(fleissKappa(counts(DIAGNOSES, [1, 2, 3, 4, 5]))).toBeCloseTo(0.4302445, 7);
  });

  it("reproduces Wikipedia's 10 subjects × 14 raters example (κ = 0.210)", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.21, 3);
    expect(() =>
      fleissKappa([
        [1, 1],
        [3, 0],
      ]),
    ).toThrow();
  });
});

describe("krippendorffAlpha", () => {
  it("reproduces Krippendorff's (2011) example at every level of measurement", () => {
    expect(krippendorffAlpha(KRIPPENDORFF, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(KRIPPENDORFF, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(KRIPPENDORFF, "interval")).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(KRIPPENDORFF, "ratio")).toBeCloseTo(0.797, 3);
  });

  it("agrees with Fleiss' κ's nominal sibling on complete data and handles perfect agreement", () => {
    // With no missing data and many units, nominal α ≈ Fleiss' κ (they differ by a small-sample factor).
    const byCoder = DIAGNOSES[0]!.map((_, c) => DIAGNOSES.map((row) => row[c]!));
    const alpha = krippendorffAlpha(byCoder, "nominal");
    expect(Math.abs(alpha - 0.4302445)).toBeLessThan(0.01);
    expect(
      krippendorffAlpha(
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
        "interval",
      ),
    ).toBe(1);
    expect(() =>
      krippendorffAlpha(
        [
          ["a", "b"],
          ["a", "c"],
        ],
        "interval",
      ),
    ).toThrow();
  });
});

describe("calibration", () => {
  it("Brier score matches scikit-learn's brier_score_loss example (0.0375)", () => {
    expect(brierScore([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0])).toBeCloseTo(0.0375, 10);
    expect(brierScore([0.1, 0.9, 0.8, 0.3], [false, true, true, false])).toBeCloseTo(0.0375, 10);
  });

  it("ECE weighs each bin's |accuracy − confidence| by its share (hand-checked)", () => {
    // Bin 0.9–1.0: confidences 0.95, 0.95, 1.0, 0.9 → mean 0.95, accuracy 3/4 → gap 0.2, weight 4/6.
    // Bin 0.6–0.7: 0.6, 0.6 → mean 0.6, accuracy 1/2 → gap 0.1, weight 2/6. ECE = 0.2·4/6 + 0.1·2/6 = 1/6.
    const ece = expectedCalibrationError([0.95, 0.95, 1, 0.9, 0.6, 0.6], [true, true, true, false, true, false]);
    expect(ece).toBeCloseTo(1 / 6, 10);
    expect(expectedCalibrationError([0.8, 0.8, 0.8, 0.8, 0.8], [true, true, true, true, false])).toBeCloseTo(0, 10);
    expect(() => expectedCalibrationError([1.2], [true])).toThrow();
  });
});

// Every statistic's behaviour where it is undefined or misused, stated once: no data, one rater, no variation,
// unequal numbers of ratings.
describe("agreement edge cases", () => {
  it("no data: NaN for every statistic", () => {
    expect(cohensKappa([], [])).toBeNaN();
    expect(fleissKappa([])).toBeNaN();
    expect(krippendorffAlpha([], "nominal")).toBeNaN();
    expect(krippendorffAlpha([[], []], "interval")).toBeNaN();
  });

  it("one rater: α has no pairable unit (NaN); Fleiss' κ refuses a single rating per subject", () => {
    expect(krippendorffAlpha([["a", "b", "a"]], "nominal")).toBeNaN();
    expect(() =>
      fleissKappa([
        [1, 0],
        [0, 1],
      ]),
    ).toThrow(/at least two ratings/);
  });

  it("all-identical values: no expected disagreement, so κ and α are undefined (NaN), never 1 or 0", () => {
    expect(cohensKappa(["a", "a", "a"], ["a", "a", "a"])).toBeNaN();
    expect(
      fleissKappa([
        [3, 0],
        [3, 0],
      ]),
    ).toBeNaN();
    expect(
      krippendorffAlpha(
        [
          ["a", "a"],
          ["a", "a"],
        ],
        "nominal",
      ),
    ).toBeNaN();
    expect(
      krippendorffAlpha(
        [
          [4, 4],
          [4, 4],
        ],
        "interval",
      ),
    ).toBeNaN();
  });

  it("unequal rating counts: Fleiss' κ refuses them, α takes them (missing data), Cohen's κ needs equal lengths", () => {
    expect(() =>
      fleissKappa([
        [2, 0],
        [1, 2],
      ]),
    ).toThrow(/same number of ratings/);
    expect(() => fleissKappa([[2, 1], [3]])).toThrow(/same categories/);
    // Three coders, the second and third missing some units: the pairable values all agree.
    expect(
      krippendorffAlpha(
        [
          ["a", "b", "a"],
          ["a", null, "a"],
          [null, "b", null],
        ],
        "nominal",
      ),
    ).toBe(1);
    expect(() => cohensKappa(["a"], ["a", "b"])).toThrow(/equal length/);
  });

  it("a legitimate negative κ: two subjects split 2–1 in opposite directions give (1/3 − 1/2)/(1 − 1/2) = −1/3", () => {
    expect(
      fleissKappa([
        [2, 1],
        [1, 2],
      ]),
    ).toBeCloseTo(-1 / 3, 12);
  });
});
