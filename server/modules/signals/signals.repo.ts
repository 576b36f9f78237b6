import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { sqlDb, type Db } from "../../db";
import { utcParam } from "../../db/sql";
import { sqlFor, type Executor } from "../../db/unit-of-work";
import type { Prisma } from "../../db/types";

const turnSelect = {
  id: true,
  sessionId: true,
  endUserId: true,
  queryText: true,
  language: true,
  embedding: true,
  startedAt: true,
  endedAt: true,
} as const;

export interface NewSignal {
  projectId: string;
  interactionId: string;
  type: string;
  polarity: "negative" | "neutral" | "positive";
  strength: number;
  source: "explicit" | "implicit";
  evidence: Prisma.InputJsonValue;
  dedupeKey: string;
  occurredAt: Date;
}

export function createSignalsRepo(db: Db) {
  return {
    /**
     * Keeps a labeling item's `human` signal in step with its consensus (inside the labeling unit of work): one
     * signal on the item's interaction while it has a label, none once it loses it.
     */
    async setHumanSignal(
      tx: Executor,
      item: { id: string; projectId: string; queueId: string; interactionId: string },
      label: string | null,
      now: string,
    ) {
      const dedupeKey = `human:${item.id}`;
      if (label === null) {
        await tx.signal.deleteMany({ where: { projectId: item.projectId, dedupeKey } });
        return;
      }
      const pass = label === "pass";
      await sql`INSERT INTO signals (id, project_id, interaction_id, type, polarity, strength, source, evidence, dedupe_key,
                              occurred_at, created_at)
         VALUES (${randomUUID()}, ${item.projectId}, ${item.interactionId}, ${pass ? "human_pass" : "human_fail"}, ${pass ? "positive" : "negative"}::"SignalPolarity", 1, 'human', ${JSON.stringify({ itemId: item.id, queueId: item.queueId, label })}, ${dedupeKey}, ${utcParam(now)}, ${utcParam(now)})
         ON CONFLICT (project_id, dedupe_key) DO UPDATE
           SET type = EXCLUDED.type, polarity = EXCLUDED.polarity, evidence = EXCLUDED.evidence
         RETURNING id`.execute(sqlFor(tx));
    },

    unprocessedInteractions(projectId: string, limit: number) {
      return db.interaction.findMany({
        where: { projectId, processedAt: null },
        orderBy: { startedAt: "asc" },
        take: limit,
        select: { ...turnSelect, aborted: true, topicId: true, role: true },
      });
    },

    async saveProcessed(
      rows: Array<{ id: string; language: string; embedding: number[]; topicId: string | null }>,
      at: Date,
    ) {
      if (rows.length === 0) return;
      // One statement for the batch (the embeddings travel as JSON arrays and land as float8[]).
      await sql`UPDATE interactions i SET language = r.language, embedding = r.embedding, topic_id = r.topic_id,
          processed_at = ${at}
        FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, language: r.language, embedding: r.embedding, topic_id: r.topicId })))}::jsonb)
          AS r(id text, language text, embedding float8[], topic_id text)
        WHERE i.id = r.id`.execute(sqlDb(db));
    },

    topics(projectId: string) {
      return db.topic.findMany({
        where: { projectId, mergedIntoId: null },
        select: { id: true, centroid: true, size: true, terms: true },
      });
    },

    createTopic(projectId: string, label: string, terms: string[], centroid: number[]) {
      return db.topic.create({
        data: { projectId, label, terms, centroid, size: 1 },
        select: { id: true, centroid: true, size: true, terms: true },
      });
    },

    async updateTopic(id: string, centroid: number[], size: number) {
      await db.topic.update({ where: { id }, data: { centroid, size }, select: { id: true } });
    },

    /** The processed interactions just before and just after `at` in the session. */
    async sessionNeighbours(projectId: string, sessionId: string, at: Date, excludeId: string) {
      const neighbour = (startedAt: { lte: Date } | { gt: Date }, order: "asc" | "desc") =>
        db.interaction.findFirst({
          where: {
            projectId,
            sessionId,
            startedAt,
            id: { not: excludeId },
            processedAt: { not: null },
            role: "production",
          },
          orderBy: { startedAt: order },
          select: turnSelect,
        });
      const [prev, next] = await Promise.all([neighbour({ lte: at }, "desc"), neighbour({ gt: at }, "asc")]);
      return { prev, next };
    },

    userHistory(projectId: string, endUserId: string, from: Date, before: Date, excludeId: string, limit: number) {
      return db.interaction.findMany({
        where: {
          projectId,
          endUserId,
          startedAt: { gte: from, lt: before },
          id: { not: excludeId },
          processedAt: { not: null },
          role: "production",
        },
        orderBy: { startedAt: "desc" },
        take: limit,
        select: turnSelect,
      });
    },

    /** Events linked to an interaction that no rule has seen yet, with the answer they refer to. */
    async unprocessedEvents(projectId: string, limit: number) {
      const events = await db.event.findMany({
        where: { projectId, processedAt: null, interactionId: { not: null } },
        orderBy: { occurredAt: "asc" },
        take: limit,
        select: {
          id: true,
          clientEventId: true,
          type: true,
          kind: true,
          interactionId: true,
          payload: true,
          occurredAt: true,
        },
      });
      const ids = [...new Set(events.map((e) => e.interactionId!))];
      const answers = await db.interaction.findMany({ where: { id: { in: ids } }, select: { id: true, output: true } });
      const outputById = new Map(answers.map((a) => [a.id, a.output]));
      return events.map((e) => ({
        ...e,
        interactionId: e.interactionId!,
        answer: outputById.get(e.interactionId!) ?? null,
      }));
    },

    async copiedBefore(projectId: string, interactionId: string, at: Date): Promise<boolean> {
      return (await db.event.count({ where: { projectId, interactionId, kind: "copy", occurredAt: { lte: at } } })) > 0;
    },

    async markEventsProcessed(ids: string[], at: Date) {
      if (ids.length) await db.event.updateMany({ where: { id: { in: ids } }, data: { processedAt: at } });
    },

    idleSessions(projectId: string, before: Date, limit: number) {
      return db.sessionState.findMany({
        where: { projectId, closedAt: null, lastActivityAt: { lt: before } },
        orderBy: { lastActivityAt: "asc" },
        take: limit,
        select: { sessionId: true, lastActivityAt: true },
      });
    },

    async sessionSummary(projectId: string, sessionId: string) {
      const [last, count] = await Promise.all([
        db.interaction.findFirst({
          where: { projectId, sessionId, role: "production" },
          orderBy: { startedAt: "desc" },
          select: { id: true, startedAt: true, endedAt: true },
        }),
        db.interaction.count({ where: { projectId, sessionId, role: "production" } }),
      ]);
      if (!last) return null;
      const [events, negatives, rephrased] = await Promise.all([
        db.event.findMany({
          where: { projectId, interactionId: last.id },
          select: { kind: true, occurredAt: true, payload: true },
        }),
        // What the user did, not the judge's verdict (which may or may not have landed by the time the session
        // closes): abandonment is user evidence, and the judge is counted on its own.
        db.signal.findMany({
          where: { projectId, interactionId: last.id, polarity: "negative", source: { not: "judge" } },
          select: { type: true },
        }),
        // One EXISTS instead of loading every interaction id of the session to filter signals by them.
        sql<{ found: boolean }>`
          SELECT EXISTS (
            SELECT 1 FROM signals s JOIN interactions i ON i.id = s.interaction_id
            WHERE s.project_id = ${projectId} AND s.type = 'rephrase' AND i.project_id = ${projectId} AND i.session_id = ${sessionId}
          ) AS found`
          .execute(sqlDb(db))
          .then((r) => r.rows),
      ]);
      return {
        last,
        count,
        events,
        negativeTypes: [...new Set(negatives.map((n) => n.type))],
        rephrasedEarlier: rephrased[0]?.found ?? false,
      };
    },

    async closeSessions(projectId: string, sessionIds: string[], at: Date) {
      if (sessionIds.length)
        await db.sessionState.updateMany({
          where: { projectId, sessionId: { in: sessionIds } },
          data: { closedAt: at },
        });
    },

    async insertSignals(rows: NewSignal[]): Promise<number> {
      if (rows.length === 0) return 0;
      const res = await db.signal.createMany({ data: rows, skipDuplicates: true });
      return res.count;
    },

    /** Projects with something for the signal worker: unprocessed rows, or open sessions that may have gone idle. */
    async projectsWithWork(): Promise<string[]> {
      const rows = await sql<{ projectId: string }>`
        SELECT DISTINCT project_id FROM interactions WHERE processed_at IS NULL
        UNION SELECT DISTINCT project_id FROM events WHERE processed_at IS NULL AND interaction_id IS NOT NULL
        UNION SELECT DISTINCT project_id FROM session_states WHERE closed_at IS NULL`
        .execute(sqlDb(db))
        .then((r) => r.rows);
      return rows.map((r) => r.projectId);
    },

    // The Signals page: coverage over time, breakdown by type, the sessions with most negative signals.
    async coverage(projectId: string, from: Date, to: Date, bucketSeconds: number) {
      return sql<{ bucket: Date; total: number; explicit: number; implicit: number; anySignal: number }>`
        WITH marked AS (
          SELECT i.started_at,
            EXISTS (SELECT 1 FROM signals s WHERE s.project_id = i.project_id AND s.interaction_id = i.id AND s.source = 'explicit') AS has_explicit,
            EXISTS (SELECT 1 FROM signals s WHERE s.project_id = i.project_id AND s.interaction_id = i.id AND s.source = 'implicit') AS has_implicit
          FROM interactions i
          WHERE i.project_id = ${projectId} AND i.role = 'production' AND i.started_at >= ${from} AND i.started_at < ${to}
        )
        SELECT date_bin(make_interval(secs => ${bucketSeconds}), started_at, ${from}) AS bucket,
          count(*)::int AS total,
          count(*) FILTER (WHERE has_explicit)::int AS explicit,
          count(*) FILTER (WHERE has_implicit)::int AS implicit,
          count(*) FILTER (WHERE has_explicit OR has_implicit)::int AS any_signal
        FROM marked GROUP BY 1 ORDER BY 1`
        .execute(sqlDb(db))
        .then((r) => r.rows);
    },

    async signalBreakdown(projectId: string, from: Date, to: Date) {
      return sql<{ type: string; source: string; polarity: string; count: number }>`
        SELECT type, source::text, polarity::text, count(*)::int AS count FROM signals
        WHERE project_id = ${projectId} AND occurred_at >= ${from} AND occurred_at < ${to}
        GROUP BY 1, 2, 3 ORDER BY 4 DESC`
        .execute(sqlDb(db))
        .then((r) => r.rows);
    },

    async topNegativeSessions(projectId: string, from: Date, to: Date, limit: number) {
      return sql<{ sessionId: string; negatives: number; interactions: number; types: string[]; lastAt: Date }>`
        SELECT i.session_id, count(*)::int AS negatives, count(DISTINCT i.id)::int AS interactions,
          array_agg(DISTINCT s.type) AS types, max(s.occurred_at) AS last_at
        FROM signals s JOIN interactions i ON i.id = s.interaction_id
        WHERE s.project_id = ${projectId} AND s.polarity = 'negative' AND s.occurred_at >= ${from} AND s.occurred_at < ${to} AND i.session_id IS NOT NULL
        GROUP BY i.session_id ORDER BY negatives DESC, last_at DESC LIMIT ${limit}`
        .execute(sqlDb(db))
        .then((r) => r.rows);
    },
  };
}
export type SignalsRepo = ReturnType<typeof createSignalsRepo>;
