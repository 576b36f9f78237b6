// The feedback-latency tracker (pure): for each incident the five stages of the loop — the first failing
// interaction of the pattern (1), the first signal Tightloop received about it (2), the trigger (3), the candidate
// trained (4), the promotion (5) — the duration of each step and the whole failure-to-fix; over incidents, each
// step's median and 90th percentile, the trend by week, and the bottleneck (the step with the largest median).

const STAGES = ["failure", "signal", "trigger", "trained", "deployed"] as const;
const STEPS = [
  { key: "detect", label: "failure → signal", from: 0, to: 1 },
  { key: "decide", label: "signal → trigger", from: 1, to: 2 },
  { key: "train", label: "trigger → trained", from: 2, to: 3 },
  { key: "ship", label: "trained → deployed", from: 3, to: 4 },
] as const;
type StepKey = (typeof STEPS)[number]["key"];

export interface IncidentTimes {
  id: string;
  title: string;
  status: string;
  failureAt: Date;
  signalAt: Date;
  triggeredAt: Date;
  trainedAt: Date | null;
  deployedAt: Date | null;
}

/** Type-7 quantile (R's default) of sorted-or-not values; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** One incident's stage times, how many it reached, each step's seconds (null until reached) and the total. */
export function incidentTimeline(i: IncidentTimes) {
  const times = [i.failureAt, i.signalAt, i.triggeredAt, i.trainedAt, i.deployedAt];
  const reached = times.findIndex((t) => t === null);
  const stages = reached === -1 ? 5 : reached;
  const seconds = (a: Date | null, b: Date | null) => (a && b ? Math.max(0, (b.getTime() - a.getTime()) / 1000) : null);
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    stages,
    times: Object.fromEntries(STAGES.map((s, k) => [s, times[k] ?? null])) as Record<
      (typeof STAGES)[number],
      Date | null
    >,
    steps: Object.fromEntries(STEPS.map((s) => [s.key, seconds(times[s.from]!, times[s.to]!)])) as Record<
      StepKey,
      number | null
    >,
    /** Failure to fix, once deployed. */
    totalSeconds: seconds(i.failureAt, i.deployedAt),
  };
}

export type Timeline = ReturnType<typeof incidentTimeline>;

/** Median and p90 of each step over the incidents that completed it, and the step with the largest median. */
export function stepDistribution(timelines: readonly Timeline[]) {
  const steps = STEPS.map((s) => {
    const values = timelines.flatMap((t) => (t.steps[s.key] === null ? [] : [t.steps[s.key]!]));
    return { key: s.key, label: s.label, n: values.length, median: quantile(values, 0.5), p90: quantile(values, 0.9) };
  });
  const totals = timelines.flatMap((t) => (t.totalSeconds === null ? [] : [t.totalSeconds]));
  const ranked = steps.filter((s) => s.median !== null).sort((a, b) => b.median! - a.median!);
  return {
    steps,
    total: { n: totals.length, median: quantile(totals, 0.5), p90: quantile(totals, 0.9) },
    bottleneck: ranked[0]?.key ?? null,
  };
}

/** Median failure-to-fix and step medians per week of the trigger (UTC weeks starting Monday), oldest first. */
export function weeklyTrend(timelines: readonly Timeline[]) {
  const weekOf = (d: Date) => {
    const day = (d.getUTCDay() + 6) % 7;
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
  };
  const byWeek = new Map<number, Timeline[]>();
  for (const t of timelines) {
    const w = weekOf(t.times.trigger!);
    byWeek.set(w, [...(byWeek.get(w) ?? []), t]);
  }
  return [...byWeek]
    .sort((a, b) => a[0] - b[0])
    .map(([week, list]) => ({ week: new Date(week), incidents: list.length, ...stepDistribution(list) }));
}
