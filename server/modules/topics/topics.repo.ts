// Topics: the queries re-clustered, the changes a re-clustering or a merge writes (interactions re-pointed, merged
// topics kept as tombstones), the per-window counts behind the topic shift, and the runs.
import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { sqlDb, type Db, type Sql } from "../../db";
import { isoUtc, utcParam } from "../../db/sql";
import { sqlFor, type Executor } from "../../db/unit-of-work";

interface TopicChange {
  id: string;
  centroid: number[];
  terms: string[];
  /** Only written when the topic is named by its terms (an admin's name is kept). */
  label: string;
}

export interface ClusteringPlan {
  created: Array<{ key: string; label: string; terms: string[]; centroid: number[] }>;
  updated: TopicChange[];
  merges: Array<{ from: string; into: string }>;
  /** Interaction id → topic id or a created topic's key. */
  moves: Array<{ id: string; topic: string }>;
}

/** One writer of a project's topics at a time (a run, a merge); `SELECT 1` so that it returns a row on any executor. */
const lockTopics = (trx: Sql, projectId: string) =>
  sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('topics:' || ${projectId}))`.execute(trx);

/** Moves every interaction of `from` to `into`, keeps `from` as a tombstone; returns the hours that changed. */
async function mergeInto(client: Sql, projectId: string, from: string, into: string): Promise<string[]> {
  const { rows } = await sql<{
    hour: string;
  }>`UPDATE interactions SET topic_id = ${into} WHERE project_id = ${projectId} AND topic_id = ${from}
     RETURNING ${isoUtc("date_trunc('hour', started_at)")} AS hour`.execute(client);
  await sql`UPDATE topics SET merged_into_id = ${into}, is_new = false, size = 0, updated_at = now() WHERE project_id = ${projectId} AND id = ${from}`.execute(
    client,
  );
  // Earlier tombstones that pointed at `from` now point at the topic that survives.
  await sql`UPDATE topics SET merged_into_id = ${into} WHERE project_id = ${projectId} AND merged_into_id = ${from}`.execute(
    client,
  );
  // Its patterns are recomputed under `into` at the next scan; the ones an incident refers to stay as history.
  await sql`DELETE FROM failure_patterns p WHERE p.project_id = ${projectId} AND p.topic_id = ${from}
       AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.pattern_id = p.id)`.execute(client);
  return rows.map((r) => r.hour);
}

async function recountSizes(client: Sql, projectId: string) {
  await sql`UPDATE topics t SET size = (SELECT count(*) FROM interactions i WHERE i.project_id = ${projectId} AND i.topic_id = t.id)
     WHERE t.project_id = ${projectId} AND t.merged_into_id IS NULL`.execute(client);
}

/** What a model's topic name was made for: the topic's terms (a re-clustering that changes them renames it). */
const termsKey = (terms: readonly string[]) => [...terms].sort().join(" ");

export function createTopicsRepo(db: Db) {
  const pool = () => sqlDb(db);
  return {
    projectsWithTopics: async () =>
      (await db.topic.findMany({ distinct: ["projectId"], select: { projectId: true } })).map((t) => t.projectId),

    lastRun: (projectId: string) =>
      db.topicClustering.findFirst({ where: { projectId }, orderBy: { startedAt: "desc" } }),

    runs: (projectId: string, take = 10) =>
      db.topicClustering.findMany({ where: { projectId }, orderBy: { startedAt: "desc" }, take }),

    /** Starts a run unless one is running (a run that has not finished in `staleSeconds` is taken as dead). */
    async startRun(
      client: Sql,
      projectId: string,
      trigger: "schedule" | "manual",
      actorId: string | null,
      staleSeconds = 900,
    ) {
      await lockTopics(client, projectId);
      const { rows: running } =
        await sql`SELECT 1 FROM topic_clusterings WHERE project_id = ${projectId} AND status = 'running'
             AND started_at > (now() AT TIME ZONE 'UTC') - make_interval(secs => ${staleSeconds}::int)`.execute(client);
      if (running.length > 0) return null;
      await sql`UPDATE topic_clusterings SET status = 'failed', error = 'did not finish (worker stopped?)',
             finished_at = now() AT TIME ZONE 'UTC' WHERE project_id = ${projectId} AND status = 'running'`.execute(
        client,
      );
      const id = randomUUID();
      await sql`INSERT INTO topic_clusterings (id, project_id, status, trigger, actor_id, started_at)
           VALUES (${id}, ${projectId}, 'running', ${trigger}, ${actorId}, now() AT TIME ZONE 'UTC')`.execute(client);
      return id;
    },

    async finishRun(id: string, status: "succeeded" | "failed", stats: object, error?: string) {
      await db.topicClustering.update({
        where: { id },
        data: { status, stats: stats as never, error: error ?? null, finishedAt: new Date() },
      });
    },

    /** The latest production queries with an embedding since `since` (at most `limit`). */
    async windowPoints(projectId: string, since: Date, limit: number) {
      const { rows } = await sql<{
        id: string;
        embedding: number[];
        text: string;
        topicId: string | null;
        startedAt: string;
      }>`SELECT id, embedding, query_text AS text, topic_id AS "topicId", ${isoUtc("started_at")} AS "startedAt"
         FROM interactions
         WHERE project_id = ${projectId} AND role = 'production' AND started_at >= ${utcParam(since.toISOString())}
           AND cardinality(embedding) > 0
         ORDER BY started_at DESC LIMIT ${limit}`.execute(pool());
      return rows;
    },

    async saveEmbeddings(rows: Array<{ id: string; embedding: number[] }>) {
      await sql`UPDATE interactions i SET embedding = u.e FROM
           (SELECT id, ARRAY(SELECT jsonb_array_elements_text(e)::float8) AS e
            FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, e: r.embedding })))}::jsonb) AS x(id text, e jsonb)) u
         WHERE i.id = u.id`.execute(pool());
    },

    liveTopics: (projectId: string) =>
      db.topic.findMany({
        where: { projectId, mergedIntoId: null },
        select: {
          id: true,
          label: true,
          labelSource: true,
          labelModel: true,
          terms: true,
          centroid: true,
          size: true,
          isNew: true,
          createdAt: true,
        },
        orderBy: { createdAt: "asc" },
      }),

    topic: (projectId: string, id: string) =>
      db.topic.findFirst({
        where: { projectId, id },
        select: { id: true, label: true, centroid: true, size: true, mergedIntoId: true },
      }),

    /** Writes a re-clustering in one transaction; returns the hours whose rollups must be rebuilt. */
    async applyClustering(client: Sql, projectId: string, plan: ClusteringPlan) {
      await lockTopics(client, projectId);
      const ids = new Map<string, string>();
      for (const c of plan.created) {
        const id = randomUUID();
        ids.set(c.key, id);
        await sql`INSERT INTO topics (id, project_id, label, terms, centroid, size, is_new, created_at, updated_at)
             VALUES (${id}, ${projectId}, ${c.label}, ${c.terms}, ${c.centroid}, 0, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`.execute(
          client,
        );
      }
      const resolve = (key: string) => ids.get(key) ?? key;
      for (const u of plan.updated) {
        // A hand-given name stays; a model's name stays while the terms it was made for do.
        await sql`UPDATE topics SET centroid = ${u.centroid}, terms = ${u.terms},
               label = CASE WHEN label_source = 'admin' OR (label_source = 'model' AND label_key = ${termsKey(u.terms)}) THEN label
                            ELSE ${u.label} END,
               label_source = CASE WHEN label_source = 'model' AND label_key IS DISTINCT FROM ${termsKey(u.terms)} THEN 'terms'
                                   ELSE label_source END,
               updated_at = now() AT TIME ZONE 'UTC'
             WHERE project_id = ${projectId} AND id = ${u.id} AND merged_into_id IS NULL`.execute(client);
      }
      const hours = new Set<string>();
      for (const m of plan.merges)
        for (const h of await mergeInto(client, projectId, m.from, resolve(m.into))) hours.add(h);
      if (plan.moves.length > 0) {
        const { rows } = await sql<{
          hour: string;
        }>`UPDATE interactions i SET topic_id = u.topic FROM unnest(${plan.moves.map((m) => m.id)}::text[], ${plan.moves.map((m) => resolve(m.topic))}::text[]) AS u(id, topic)
             WHERE i.project_id = ${projectId} AND i.id = u.id AND i.topic_id IS DISTINCT FROM u.topic
             RETURNING ${isoUtc("date_trunc('hour', i.started_at)")} AS hour, i.id`.execute(client);
        for (const r of rows) hours.add(r.hour);
      }
      // A query assigned to a topic while it was being merged (the incremental path does not take this lock).
      const { rows: strays } = await sql<{
        hour: string;
      }>`UPDATE interactions i SET topic_id = t.merged_into_id FROM topics t
           WHERE t.project_id = ${projectId} AND t.merged_into_id IS NOT NULL AND i.project_id = ${projectId} AND i.topic_id = t.id
           RETURNING ${isoUtc("date_trunc('hour', i.started_at)")} AS hour`.execute(client);
      for (const r of strays) hours.add(r.hour);
      await recountSizes(client, projectId);
      return { hours: [...hours].map((h) => new Date(h)), created: [...ids.values()] };
    },

    /**
     * An admin's merge (inside the service's unit of work): every interaction of `from` moves to `into`, whose
     * centroid becomes the size-weighted mean. Returns the hours whose rollups changed.
     */
    async merge(tx: Executor, projectId: string, fromIds: string[], into: { id: string; centroid: number[] }) {
      const client = sqlFor(tx);
      await lockTopics(client, projectId);
      const hours = new Set<string>();
      for (const from of fromIds) for (const h of await mergeInto(client, projectId, from, into.id)) hours.add(h);
      await sql`UPDATE topics SET centroid = ${into.centroid}, updated_at = now() WHERE project_id = ${projectId} AND id = ${into.id}`.execute(
        client,
      );
      await recountSizes(client, projectId);
      return [...hours].map((h) => new Date(h));
    },

    /** A live topic's label, or null when it was merged or deleted. */
    async liveLabel(tx: Executor, projectId: string, id: string) {
      const row = await tx.topic.findFirst({ where: { projectId, id, mergedIntoId: null }, select: { label: true } });
      return row ? row.label : null;
    },

    async setLabel(tx: Executor, id: string, label: string) {
      await tx.topic.update({ where: { id }, data: { label, labelSource: "admin" }, select: { id: true } });
    },

    async setEmerging(projectId: string, ids: string[]) {
      await sql`UPDATE topics SET is_new = (id = ANY(${ids}::text[])) WHERE project_id = ${projectId}`.execute(pool());
    },

    /** Production queries per live topic in [previousStart, currentStart) and [currentStart, now), and its first. */
    async windowCounts(projectId: string, previousStart: Date, currentStart: Date, now: Date) {
      const { rows } = await sql<{
        topicId: string;
        current: number;
        previous: number;
        firstSeenAt: string | null;
      }>`SELECT t.id AS "topicId",
           (SELECT count(*) FROM interactions i WHERE i.project_id = ${projectId} AND i.topic_id = t.id AND i.role = 'production'
              AND i.started_at >= ${utcParam(currentStart.toISOString())} AND i.started_at < ${utcParam(now.toISOString())})::int AS current,
           (SELECT count(*) FROM interactions i WHERE i.project_id = ${projectId} AND i.topic_id = t.id AND i.role = 'production'
              AND i.started_at >= ${utcParam(previousStart.toISOString())} AND i.started_at < ${utcParam(currentStart.toISOString())})::int AS previous,
           (SELECT ${isoUtc("min(i.started_at)")} FROM interactions i
              WHERE i.project_id = ${projectId} AND i.topic_id = t.id) AS "firstSeenAt"
         FROM topics t WHERE t.project_id = ${projectId} AND t.merged_into_id IS NULL`.execute(pool());
      return rows.map((r) => ({ ...r, firstSeenAt: r.firstSeenAt ? new Date(r.firstSeenAt) : null }));
    },

    /** Production queries per (window k back from `now`, topic) for the last `windows` windows: k = 0 is current. */
    async windowHistory(projectId: string, windowSeconds: number, windows: number, now: Date) {
      const { rows } = await sql<{
        k: number;
        topicId: string;
        n: number;
      }>`SELECT floor(extract(epoch FROM (${utcParam(now.toISOString())} - started_at)) / ${windowSeconds})::int AS k,
                topic_id AS "topicId", count(*)::int AS n
         FROM interactions
         WHERE project_id = ${projectId} AND role = 'production' AND topic_id IS NOT NULL
           AND started_at < ${utcParam(now.toISOString())}
           AND started_at >= ${utcParam(now.toISOString())} - make_interval(secs => ${windowSeconds}::float8 * ${windows}::int)
         GROUP BY 1, 2`.execute(pool());
      return rows;
    },

    /** Live topics named by their terms whose terms have no model name yet, the largest first. */
    async unnamed(projectId: string, minSize: number, limit: number) {
      const topics = await db.topic.findMany({
        where: { projectId, mergedIntoId: null, labelSource: { in: ["terms", "model"] }, size: { gte: minSize } },
        select: { id: true, label: true, terms: true, labelKey: true, labelSource: true },
        orderBy: { size: "desc" },
      });
      return topics
        .filter((t) => t.terms.length > 0 && !(t.labelSource === "model" && t.labelKey === termsKey(t.terms)))
        .slice(0, limit);
    },

    /** A model's name for a topic, unless someone renamed it by hand meanwhile. */
    async setModelName(projectId: string, id: string, label: string, model: string, terms: string[]) {
      await db.topic.updateMany({
        where: { projectId, id, mergedIntoId: null, labelSource: { not: "admin" } },
        data: { label, labelSource: "model", labelModel: model, labelKey: termsKey(terms) },
      });
    },

    /** The latest production queries of each topic (examples for people to read). */
    async examples(projectId: string, topicIds: string[], perTopic: number) {
      if (topicIds.length === 0) return [];
      const { rows } = await sql<{
        topicId: string;
        id: string;
        text: string;
        startedAt: string;
      }>`SELECT t.id AS "topicId", x.id, x.query_text AS text, ${isoUtc("x.started_at")} AS "startedAt"
         FROM unnest(${topicIds}::text[]) AS t(id)
         CROSS JOIN LATERAL (
           SELECT i.id, i.query_text, i.started_at FROM interactions i
           WHERE i.project_id = ${projectId} AND i.topic_id = t.id AND i.role = 'production'
           ORDER BY i.started_at DESC LIMIT ${perTopic}
         ) x`.execute(pool());
      return rows;
    },

    /** Query texts of interactions by id (a pattern's examples). */
    async texts(projectId: string, ids: string[]) {
      if (ids.length === 0) return new Map<string, string>();
      const rows = await db.interaction.findMany({
        where: { projectId, id: { in: ids } },
        select: { id: true, queryText: true },
      });
      return new Map(rows.map((r) => [r.id, r.queryText]));
    },

    /** Patterns that are rising without being significant yet, and no active incident. */
    async growingPatterns(projectId: string, activeIncident: string[]) {
      const { rows } = await sql<{
        id: string;
        topicId: string | null;
        category: string;
        recentCount: number;
        recentTotal: number;
        baselineCount: number;
        baselineTotal: number;
        pValue: number | null;
        qValue: number | null;
        cusum: number | null;
        verdict: string;
        numbers: { examples?: string[] };
      }>`SELECT p.id, p.topic_id AS "topicId", p.category, p.recent_count AS "recentCount",
                p.recent_total AS "recentTotal", p.baseline_count AS "baselineCount",
                p.baseline_total AS "baselineTotal", p.p_value AS "pValue", p.q_value AS "qValue", p.cusum,
                p.verdict, p.numbers
         FROM failure_patterns p LEFT JOIN topics t ON t.id = p.topic_id
         WHERE p.project_id = ${projectId} AND NOT p.significant AND p.recent_count > 0 AND t.merged_into_id IS NULL
           AND p.verdict IN ('early_warning', 'not_significant', 'below_min_count', 'no_baseline')
           AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.pattern_id = p.id AND i.status = ANY(${activeIncident}))
         ORDER BY p.recent_count DESC LIMIT 100`.execute(pool());
      return rows;
    },
  };
}

export type TopicsRepo = ReturnType<typeof createTopicsRepo>;
