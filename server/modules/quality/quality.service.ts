import type { RangeName } from "../interactions/interactions.schema";
import { resolveRange } from "../interactions/range";
import { qualityFigures, sumCounts, worstTopics } from "./metrics";
import type { QualityRepo } from "./quality.repo";

const WEEK_MS = 7 * 86_400_000;

export function createQualityService({ repo, now }: { repo: QualityRepo; now: () => Date }) {
  return {
    /** Rebuilds the rollups of the hours touched since the last run (the worker calls it). */
    refresh: (projectId: string) => repo.refresh(projectId),

    /** The Overview page: quality over time per model version, from rollups only. */
    async overview(projectId: string, range: RangeName) {
      const { from, to, bucketSeconds } = resolveRange(range, now());

      const weekAgo = new Date(to.getTime() - WEEK_MS);
      const [rows, topics, models] = await Promise.all([
        repo.series(projectId, from, to, bucketSeconds),
        repo.byTopic(projectId, weekAgo, to),
        repo.modelNames(projectId),
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
      };
    },
  };
}
export type QualityService = ReturnType<typeof createQualityService>;
