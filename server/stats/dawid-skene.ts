// Dawid & Skene (1979): labels from several labelers aggregated by EM, weighting each labeler by an estimated
// confusion matrix instead of counting votes equally (pure).

export interface DawidSkeneResult<C extends string | number> {
  categories: C[];
  /** Per item: posterior probability of each category (same order as `categories`). */
  posteriors: number[][];
  /** Per item: the most probable category (null for an item nobody labeled; its only label for an item one saw). */
  labels: Array<C | null>;
  /** Per labeler: estimated probability of giving the right label (Σ_c prior_c · π_cc). */
  accuracy: number[];
  /** Per labeler: confusion[true][given]. */
  confusion: number[][][];
  priors: number[];
  iterations: number;
}

/**
 * `labels[item][labeler]` (null = not labeled). Starts from the majority vote (soft), then alternates estimating
 * class priors and labeler confusion matrices (with a small additive smoothing) and the item posteriors, until the
 * posteriors move less than `tolerance` or `maxIterations` is reached.
 */
export function dawidSkene<C extends string | number>(
  labels: Array<Array<C | null>>,
  options: { maxIterations?: number; tolerance?: number; smoothing?: number } = {},
): DawidSkeneResult<C> {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const smoothing = options.smoothing ?? 0.01;
  const seen = new Set<C>();
  for (const row of labels) for (const l of row) if (l !== null) seen.add(l);
  const categories = [...seen].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b)),
  );
  const K = categories.length;
  const J = Math.max(0, ...labels.map((r) => r.length));
  const index = new Map(categories.map((c, i) => [c, i]));

  // Initial posteriors: the share of votes per category.
  let T = labels.map((row) => {
    const votes = new Array<number>(K).fill(0);
    for (const l of row) if (l !== null) votes[index.get(l)!]! += 1;
    const total = votes.reduce((s, v) => s + v, 0);
    return total > 0 ? votes.map((v) => v / total) : new Array<number>(K).fill(1 / K);
  });

  let priors = new Array<number>(K).fill(1 / K);
  let confusion: number[][][] = [];
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // M-step: priors and confusion matrices from the current posteriors.
    priors = categories.map((_, k) => T.reduce((s, t) => s + t[k]!, 0) / Math.max(1, T.length));
    confusion = Array.from({ length: J }, (_, j) => {
      const m = Array.from({ length: K }, () => new Array<number>(K).fill(smoothing));
      labels.forEach((row, i) => {
        const l = row[j];
        if (l === null || l === undefined) return;
        const given = index.get(l)!;
        for (let k = 0; k < K; k++) m[k]![given]! += T[i]![k]!;
      });
      return m.map((r) => {
        const total = r.reduce((s, v) => s + v, 0);
        return r.map((v) => v / total);
      });
    });
    // E-step: posteriors from priors and confusion matrices (in log space).
    const next = labels.map((row) => {
      const log = priors.map((p) => Math.log(Math.max(p, 1e-12)));
      row.forEach((l, j) => {
        if (l === null || l === undefined) return;
        const given = index.get(l)!;
        for (let k = 0; k < K; k++) log[k]! += Math.log(confusion[j]![k]![given]!);
      });
      const max = Math.max(...log);
      const exp = log.map((v) => Math.exp(v - max));
      const total = exp.reduce((s, v) => s + v, 0);
      return exp.map((v) => v / total);
    });
    const change = Math.max(0, ...next.flatMap((t, i) => t.map((v, k) => Math.abs(v - T[i]![k]!))));
    T = next;
    if (change < tolerance) {
      iterations++;
      break;
    }
  }
  return {
    categories,
    posteriors: T,
    // One label is no evidence to overrule: an item only one labeler saw keeps that label (its posterior still
    // shows how much the model trusts it).
    labels: labels.map((row, i) => {
      const given = row.filter((l): l is C => l !== null && l !== undefined);
      if (given.length === 0) return null;
      if (given.length === 1) return given[0]!;
      return categories[T[i]!.indexOf(Math.max(...T[i]!))]!;
    }),
    accuracy: confusion.map((m) => m.reduce((s, r, k) => s + priors[k]! * r[k]!, 0)),
    confusion,
    priors,
    iterations,
  };
}
