// Jensen–Shannon divergence between two discrete distributions (the topic mix of two weeks), in bits, so it lies
// in [0, 1]. Inputs are counts or weights over the same categories; each side is normalised. scipy's
// `spatial.distance.jensenshannon` returns the distance, the square root of the divergence in natural-log units.

/** Each category's share of the divergence: ½·p·log₂(p/m) + ½·q·log₂(q/m), m = (p + q)/2; they sum to the JSD. */
export function jensenShannonTerms(p: readonly number[], q: readonly number[]): number[] {
  if (p.length !== q.length) throw new Error("jensenShannon: the two distributions need the same categories");
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const sp = sum(p);
  const sq = sum(q);
  if (sp <= 0 || sq <= 0 || p.some((x) => x < 0) || q.some((x) => x < 0)) {
    throw new Error("jensenShannon: weights must be non-negative with a positive total");
  }
  const part = (a: number, m: number) => (a > 0 ? 0.5 * a * Math.log2(a / m) : 0);
  return p.map((raw, i) => {
    const a = raw / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    return part(a, m) + part(b, m);
  });
}

/** JSD(P‖Q) in bits: 0 for the same mix, 1 for two mixes with no category in common. */
export function jensenShannonDivergence(p: readonly number[], q: readonly number[]): number {
  // Rounding can leave a tiny negative sum for identical inputs.
  return Math.max(
    0,
    jensenShannonTerms(p, q).reduce((a, b) => a + b, 0),
  );
}
