// Krippendorff's coincidence matrix, split by unit so that a bootstrap over units can re-add the units' shares
// instead of recomputing from the raw table (pure). `krippendorffAlpha` in agreement.ts is built on it.

export type AlphaLevel = "nominal" | "ordinal" | "interval" | "ratio";

/** The distinct values, numbers ascending or strings in locale order. */
export function sortedCategories(values: Array<string | number>): Array<string | number> {
  const unique = [...new Set(values)];
  const numeric = unique.every((v) => typeof v === "number");
  return numeric
    ? (unique as number[]).sort((x, y) => x - y)
    : unique.sort((x, y) => String(x).localeCompare(String(y)));
}

/**
 * For `data[coder][unit]`: the sorted categories, and per unit (in order, skipping units with fewer than two values)
 * its coincidences as [category, category, weight]: each ordered pair of values from different coders counts
 * 1/(m_u − 1).
 */
export function unitCoincidences(data: Array<Array<string | number | null>>) {
  const unitCount = Math.max(0, ...data.map((c) => c.length));
  const perUnit: Array<Array<string | number>> = [];
  const values: Array<string | number> = [];
  for (let u = 0; u < unitCount; u++) {
    const unitValues: Array<string | number> = [];
    for (const coder of data) {
      const v = coder[u];
      if (v !== null && v !== undefined) unitValues.push(v);
    }
    if (unitValues.length >= 2) {
      perUnit.push(unitValues);
      for (const v of unitValues) values.push(v);
    }
  }
  const categories = sortedCategories(values);
  const index = new Map(categories.map((c, i) => [c, i]));
  const units = perUnit.map((unitValues) => {
    const m = unitValues.length;
    const cells = new Map<number, number>();
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const key = index.get(unitValues[i]!)! * categories.length + index.get(unitValues[j]!)!;
        cells.set(key, (cells.get(key) ?? 0) + 1 / (m - 1));
      }
    }
    return [...cells].map(([key, w]) => [Math.floor(key / categories.length), key % categories.length, w] as const);
  });
  return { categories, units };
}

/** α from a coincidence matrix `o` over `categories` (Krippendorff 2011); NaN when there is no expected disagreement. */
export function alphaFromCoincidences(o: number[][], categories: Array<string | number>, level: AlphaLevel): number {
  const k = categories.length;
  const nc = o.map((row) => row.reduce((s, v) => s + v, 0));
  const n = nc.reduce((s, v) => s + v, 0);
  if ((level === "interval" || level === "ratio") && !categories.every((c) => typeof c === "number"))
    throw new RangeError(`${level} α needs numeric values`);
  const num = categories as number[];
  const delta2 = (c: number, kk: number): number => {
    if (c === kk) return 0;
    switch (level) {
      case "nominal":
        return 1;
      case "interval":
        return (num[c]! - num[kk]!) ** 2;
      case "ratio": {
        const sum = num[c]! + num[kk]!;
        return sum === 0 ? 0 : ((num[c]! - num[kk]!) / sum) ** 2;
      }
      case "ordinal": {
        const [lo, hi] = c < kk ? [c, kk] : [kk, c];
        let between = 0;
        for (let g = lo; g <= hi; g++) between += nc[g]!;
        return (between - (nc[lo]! + nc[hi]!) / 2) ** 2;
      }
    }
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let kk = 0; kk < k; kk++) {
      const d = delta2(c, kk);
      observed += o[c]![kk]! * d;
      expected += nc[c]! * nc[kk]! * d;
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - ((n - 1) * observed) / expected;
}
