// Inter-rater agreement (pure): Cohen's κ (unweighted, linear, quadratic), Fleiss' κ and Krippendorff's α.
// Conventions follow R's irr, scikit-learn and Krippendorff (2011) so results can be compared with them.

import { alphaFromCoincidences, sortedCategories, unitCoincidences, type AlphaLevel } from "./coincidence";

export type Label = string | number | null;

/**
 * Cohen's κ for two raters. Pairs where either label is null are dropped. Categories are the sorted union of the
 * observed labels unless given; weights (disagreement) are spaced by category position: linear |i−j|/(k−1),
 * quadratic ((i−j)/(k−1))². NaN with no pairs or when fewer than two categories occur (κ is undefined); arrays of
 * different lengths are refused.
 */
export function cohensKappa(
  a: Label[],
  b: Label[],
  options: { weights?: "none" | "linear" | "quadratic"; categories?: Array<string | number> } = {},
): number {
  if (a.length !== b.length) throw new RangeError("cohensKappa needs two arrays of equal length");
  const pairs: Array<[string | number, string | number]> = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== null && b[i] !== null) pairs.push([a[i]!, b[i]!]);
  if (pairs.length === 0) return Number.NaN;
  const categories = options.categories ?? sortedCategories(pairs.flat());
  const k = categories.length;
  if (k < 2) return Number.NaN;
  const index = new Map(categories.map((c, i) => [c, i]));
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [x, y] of pairs) {
    const i = index.get(x);
    const j = index.get(y);
    if (i === undefined || j === undefined)
      throw new RangeError(`label ${String(i === undefined ? x : y)} is not a category`);
    observed[i]![j]! += 1 / pairs.length;
  }
  const rows = observed.map((r) => r.reduce((s, v) => s + v, 0));
  const cols = categories.map((_, j) => observed.reduce((s, r) => s + r[j]!, 0));
  const weight = (i: number, j: number) => {
    if (options.weights === "linear") return Math.abs(i - j) / (k - 1);
    if (options.weights === "quadratic") return ((i - j) / (k - 1)) ** 2;
    return i === j ? 0 : 1;
  };
  let disagreeObserved = 0;
  let disagreeExpected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      disagreeObserved += weight(i, j) * observed[i]![j]!;
      disagreeExpected += weight(i, j) * rows[i]! * cols[j]!;
    }
  }
  return disagreeExpected === 0 ? Number.NaN : 1 - disagreeObserved / disagreeExpected;
}

/**
 * Fleiss' κ: `counts[subject][category]` = raters who chose that category. Every row must sum to the same n ≥ 2 over
 * the same categories (it refuses anything else: with unequal counts the statistic is not Fleiss' κ). NaN with no
 * subjects, or when every rating is the same category (chance agreement is 1: κ is undefined).
 */
export function fleissKappa(counts: number[][]): number {
  if (counts.length === 0) return Number.NaN;
  const n = counts[0]!.reduce((s, v) => s + v, 0);
  if (n < 2) throw new RangeError("fleissKappa needs at least two ratings per subject");
  for (const row of counts) {
    if (row.length !== counts[0]!.length) throw new RangeError("every subject needs the same categories");
    if (row.reduce((s, v) => s + v, 0) !== n) throw new RangeError("every subject needs the same number of ratings");
  }
  const N = counts.length;
  const categories = counts[0]!.length;
  const p = Array.from({ length: categories }, (_, j) => counts.reduce((s, row) => s + row[j]!, 0) / (N * n));
  const agreement = counts.reduce((s, row) => s + (row.reduce((t, v) => t + v * v, 0) - n) / (n * (n - 1)), 0) / N;
  const chance = p.reduce((s, v) => s + v * v, 0);
  return chance === 1 ? Number.NaN : (agreement - chance) / (1 - chance);
}

export type { AlphaLevel } from "./coincidence";

/**
 * Krippendorff's α from `data[coder][unit]` (null = missing), via the coincidence matrix (Krippendorff 2011).
 * Units with fewer than two values are ignored, so units may carry different numbers of values (missing data is
 * what α is for). Interval and ratio need numeric values; ordinal ranks the values. NaN when no unit has two values
 * (no data, one coder) or when every value is the same (no expected disagreement: α is 0/0, undefined).
 */
export function krippendorffAlpha(data: Label[][], level: AlphaLevel): number {
  const { categories, units } = unitCoincidences(data);
  if (categories.length === 0) return Number.NaN;
  const k = categories.length;
  const o = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const unit of units) for (const [c, kk, w] of unit) o[c]![kk]! += w;
  return alphaFromCoincidences(o, categories, level);
}
