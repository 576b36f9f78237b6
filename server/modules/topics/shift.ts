// The topic mix, this window against the previous one (pure): Jensen–Shannon divergence with each topic's share of
// it (the top movers), and the emerging topics — new ones (no query before this window) with enough queries, and
// ones whose share grew significantly (two-proportion z-test on the shares, Benjamini–Hochberg across topics).
import { jensenShannonDivergence, jensenShannonTerms } from "../../stats/divergence";
import { benjaminiHochberg, twoProportionZTest } from "../../stats/proportions";

export interface TopicWindowCounts {
  topicId: string;
  /** Queries in the current and the previous window. */
  current: number;
  previous: number;
  /** The topic's first query ever (null: none). */
  firstSeenAt: Date | null;
}

export interface ShiftOptions {
  windowStart: Date;
  emergingMinCount: number;
  falseDiscoveryRate: number;
  /** A growing topic's share must at least multiply by this. */
  minGrowth: number;
}

interface Mover {
  topicId: string;
  current: number;
  previous: number;
  shareNow: number;
  sharePrevious: number;
  /** Its term of the divergence, in bits. */
  contribution: number;
}

interface Emerging {
  topicId: string;
  reason: "new" | "growing";
  current: number;
  previous: number;
  growth: number | null;
  pValue: number | null;
  qValue: number | null;
}

export interface TopicShift {
  currentTotal: number;
  previousTotal: number;
  /** null while either window is empty. */
  jsd: number | null;
  movers: Mover[];
  emerging: Emerging[];
}

export function topicShift(rows: readonly TopicWindowCounts[], o: ShiftOptions): TopicShift {
  const currentTotal = rows.reduce((a, r) => a + r.current, 0);
  const previousTotal = rows.reduce((a, r) => a + r.previous, 0);
  if (currentTotal === 0 || previousTotal === 0)
    return { currentTotal, previousTotal, jsd: null, movers: [], emerging: [] };

  const terms = jensenShannonTerms(
    rows.map((r) => r.current),
    rows.map((r) => r.previous),
  );
  const movers = rows
    .map((r, i) => ({
      topicId: r.topicId,
      current: r.current,
      previous: r.previous,
      shareNow: r.current / currentTotal,
      sharePrevious: r.previous / previousTotal,
      contribution: terms[i]!,
    }))
    .filter((m) => m.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution);

  const tests = rows.map((r) => twoProportionZTest(r.current, currentTotal, r.previous, previousTotal));
  const q = benjaminiHochberg(tests.map((t) => t.pValue));
  const emerging: Emerging[] = [];
  rows.forEach((r, i) => {
    if (r.current < o.emergingMinCount) return;
    const isNew = r.previous === 0 && r.firstSeenAt !== null && r.firstSeenAt >= o.windowStart;
    const growth = r.previous > 0 ? r.current / currentTotal / (r.previous / previousTotal) : null;
    const grew = tests[i]!.z > 0 && q[i]! <= o.falseDiscoveryRate && (growth === null || growth >= o.minGrowth);
    if (isNew || grew) {
      emerging.push({
        topicId: r.topicId,
        reason: isNew ? "new" : "growing",
        current: r.current,
        previous: r.previous,
        growth,
        pValue: tests[i]!.pValue,
        qValue: q[i]!,
      });
    }
  });
  emerging.sort((a, b) => b.current - a.current);
  return {
    currentTotal,
    previousTotal,
    jsd: jensenShannonDivergence(
      rows.map((r) => r.current),
      rows.map((r) => r.previous),
    ),
    movers,
    emerging,
  };
}
