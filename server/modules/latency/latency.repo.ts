// What the latency tracker reads: incidents' stage times, and the fast path's step durations (percentiles in SQL).
import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";
import { utcParam } from "../../db/sql";

export interface FastPathStep {
  key: "event_ingested" | "ingested_judged" | "judged_queued" | "queued_labeled";
  n: number;
  median: number | null;
  p90: number | null;
}

export function createLatencyRepo(db: Db) {
  const pool = () => sqlDb(db);
  return {
    incidents: (projectId: string, since: Date) =>
      db.incident.findMany({
        where: { projectId, triggeredAt: { gte: since }, status: { not: "dismissed" } },
        orderBy: { triggeredAt: "desc" },
        take: 200,
        select: {
          id: true,
          title: true,
          status: true,
          failureAt: true,
          signalAt: true,
          triggeredAt: true,
          trainedAt: true,
          deployedAt: true,
        },
      }),

    /**
     * Seconds per fast-path step since `since`: an event's occurrence to its receipt (live events only: those
     * received within an hour of happening, so a history import or back-fill does not count), an interaction's receipt to its
     * judge verdict, the verdict to a routing queue, and a routed item to its first label (imported labels, which
     * arrive with their items, are no step of the loop).
     */
    async fastPath(projectId: string, since: Date): Promise<FastPathStep[]> {
      const stat = (expr: string) =>
        `count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr}) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${expr}) AS p90`;
      const { rows } =
        await sql<FastPathStep>`SELECT 'event_ingested' AS key, ${sql.raw(stat("extract(epoch FROM e.received_at - e.occurred_at)"))}
           FROM events e WHERE e.project_id = ${projectId} AND e.received_at >= ${utcParam(since.toISOString())}
             AND e.occurred_at <= e.received_at AND e.occurred_at > e.received_at - interval '1 hour'
         UNION ALL
         SELECT 'ingested_judged', ${sql.raw(stat("extract(epoch FROM js.updated_at - i.created_at)"))}
           FROM judge_scores js JOIN interactions i ON i.id = js.interaction_id
           WHERE js.project_id = ${projectId} AND js.status = 'ok' AND js.updated_at >= ${utcParam(since.toISOString())} AND js.backfill_id IS NULL
             AND i.created_at >= ${utcParam(since.toISOString())}
         UNION ALL
         SELECT 'judged_queued', ${sql.raw(stat("extract(epoch FROM li.created_at - js.updated_at)"))}
           FROM label_items li JOIN label_queues q ON q.id = li.queue_id AND q.source = 'routing'
           JOIN LATERAL (SELECT max(s.updated_at) AS updated_at FROM judge_scores s
                         WHERE s.interaction_id = li.interaction_id AND s.status = 'ok') js ON true
           WHERE li.project_id = ${projectId} AND li.created_at >= ${utcParam(since.toISOString())} AND js.updated_at <= li.created_at
         UNION ALL
         SELECT 'queued_labeled', ${sql.raw(stat("extract(epoch FROM l.first_at - li.created_at)"))}
           FROM label_items li JOIN label_queues q ON q.id = li.queue_id AND q.source = 'routing'
           JOIN LATERAL (SELECT min(x.created_at) AS first_at FROM labels x WHERE x.item_id = li.id) l ON l.first_at IS NOT NULL
           WHERE li.project_id = ${projectId} AND li.created_at >= ${utcParam(since.toISOString())}`.execute(pool());
      return rows.map((r) => ({
        ...r,
        median: r.median === null ? null : Number(r.median),
        p90: r.p90 === null ? null : Number(r.p90),
      }));
    },
  };
}

export type LatencyRepo = ReturnType<typeof createLatencyRepo>;
