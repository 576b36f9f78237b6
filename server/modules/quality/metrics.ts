// Quality figures from summed rollup counts (pure). A figure with no data is null, never 0.

export interface RollupCounts {
  interactions: number;
  judged: number;
  scoreSum: number;
  passCount: number;
  failCount: number;
  negative: number;
  explicit?: number;
  implicit?: number;
}

export interface QualityFigures {
  interactions: number;
  judged: number;
  meanScore: number | null;
  passRate: number | null;
  negativeRate: number | null;
  explicitCoverage: number | null;
  implicitCoverage: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function qualityFigures(c: RollupCounts): QualityFigures {
  return {
    interactions: c.interactions,
    judged: c.judged,
    meanScore: ratio(c.scoreSum, c.judged),
    passRate: ratio(c.passCount, c.passCount + c.failCount),
    negativeRate: ratio(c.negative, c.interactions),
    explicitCoverage: c.explicit === undefined ? null : ratio(c.explicit, c.interactions),
    implicitCoverage: c.implicit === undefined ? null : ratio(c.implicit, c.interactions),
  };
}

export function sumCounts<T extends RollupCounts>(rows: T[]): Required<RollupCounts> {
  const total = {
    interactions: 0,
    judged: 0,
    scoreSum: 0,
    passCount: 0,
    failCount: 0,
    negative: 0,
    explicit: 0,
    implicit: 0,
  };
  for (const r of rows) {
    total.interactions += r.interactions;
    total.judged += r.judged;
    total.scoreSum += r.scoreSum;
    total.passCount += r.passCount;
    total.failCount += r.failCount;
    total.negative += r.negative;
    total.explicit += r.explicit ?? 0;
    total.implicit += r.implicit ?? 0;
  }
  return total;
}

/**
 * Topics ranked worst first: lowest judge pass rate, then highest negative-signal rate; topics with fewer than
 * `minInteractions` are left out (too few to rank).
 */
export function worstTopics<T extends RollupCounts & { topicId: string; label: string | null }>(
  rows: T[],
  minInteractions: number,
  limit: number,
) {
  return rows
    .filter((r) => r.interactions >= minInteractions)
    .map((r) => ({
      topicId: r.topicId,
      label: r.label ?? (r.topicId ? "unnamed topic" : "no topic yet"),
      ...qualityFigures(r),
    }))
    .sort(
      (a, b) =>
        (a.passRate ?? 2) - (b.passRate ?? 2) ||
        (b.negativeRate ?? -1) - (a.negativeRate ?? -1) ||
        b.interactions - a.interactions,
    )
    .slice(0, limit);
}
