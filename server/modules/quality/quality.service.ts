import { baselineOf, type Bucket } from "../alerts/alert-rules";
import type { RangeName } from "../interactions/interactions.schema";
import { resolveRange } from "../interactions/range";
import { qualityFigures, sumCounts, worstTopics } from "./metrics";
import type { SqlUnitOfWork } from "../../db/unit-of-work";
import type { QualityRepo } from "./quality.repo";

const WEEK_MS = 7 * 86_400_000;

function band(buckets: Bucket[]) {
  const b = baselineOf(buckets, 3);
  return b ? { mean: b.mean, lower: b.mean - 2 * b.sigma, upper: b.mean + 2 * b.sigma } : null;
}

export function createQualityService({
  repo,
  sqlUow,
  now,
}: {
  repo: QualityRepo;
  /** A rollup refresh replaces its hours' rows in one driver transaction. */
  sqlUow: SqlUnitOfWork;
  now: () => Date;
}) {
  return {
    /** Rebuilds the rollups of the hours touched since the last run (the worker calls it). */
    refresh: (projectId: string) => sqlUow((trx) => repo.refresh(trx, projectId)),

    /** The Overview page: quality over time per model version, from rollups only. */
    async overview(projectId: string, range: RangeName, at?: Date) {
      const current = now();
      const span = resolveRange(range, current);
      const spanMs = span.to.getTime() - span.from.getTime();
      const end = at ? new Date(Math.min(at.getTime() + spanMs / 2, current.getTime())) : current;
      const { from, to, bucketSeconds } = resolveRange(range, end);

      const weekAgo = new Date(to.getTime() - WEEK_MS);
      const previousFrom = new Date(from.getTime() - spanMs);
      const [rows, previous, topics, models, markers, promotions] = await Promise.all([
        repo.series(projectId, from, to, bucketSeconds),
        repo.series(projectId, previousFrom, from, bucketSeconds),
        repo.byTopic(projectId, weekAgo, to),
        repo.modelNames(projectId),
        repo.alertMarkers(projectId, from, to),
        repo.promotionMarkers(projectId, from, to),
      ]);
      const names = new Map(models.map((m) => [m.id, m]));
      const byBucket = new Map<number, typeof rows>();
      for (const r of rows) byBucket.set(r.bucket.getTime(), [...(byBucket.get(r.bucket.getTime()) ?? []), r]);
      const seen = [...new Set(rows.map((r) => r.modelVersionId))];
      return {
        from,
        to,
        bucketSeconds,
        models: seen.map((id) => ({
          id,
          name: names.get(id)?.name ?? (id ? "deleted version" : "no version"),
          simulated: names.get(id)?.provider === "simulated",
        })),
        points: rows.map((r) => ({ t: r.bucket, modelVersionId: r.modelVersionId, ...qualityFigures(r) })),
        /** All versions together, per bucket (coverage and negative-signal rate). */
        overall: [...byBucket].map(([t, bucketRows]) => ({ t: new Date(t), ...qualityFigures(sumCounts(bucketRows)) })),
        totals: qualityFigures(sumCounts(rows)),
        worstTopics: worstTopics(topics, 5, 8),
        /** The previous period of the same length: mean ± 2 SD of its bucket values (null without enough data). */
        baselineBand: {
          passRate: band(previous.map((r) => ({ num: r.passCount, den: r.passCount + r.failCount }))),
          meanScore: band(previous.map((r) => ({ num: r.scoreSum, den: r.judged }))),
        },
        markers: markers.map((m) => ({ ...m, kind: "alert" as const })),
        /** Production switches in the range (promotions and rollbacks), drawn on the quality charts. */
        promotions,
      };
    },
  };
}
