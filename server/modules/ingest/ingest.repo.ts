import { pgPool, type Db } from "../../db";

export interface InteractionRow {
  clientEventId: string;
  clientId: string;
  sessionId: string | null;
  endUserId: string | null;
  modelVersion: string | null;
  input: string; // JSON
  output: string | null;
  queryText: string;
  startedAt: string; // ISO
  endedAt: string | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  metadata: string; // JSON
  source: string;
}

export interface EventRow {
  clientEventId: string;
  type: "feedback" | "behavior";
  kind: string;
  interactionRef: string | null;
  sessionId: string | null;
  endUserId: string | null;
  payload: string; // JSON
  occurredAt: string; // ISO
}

export interface SessionTouch {
  sessionId: string;
  endUserId: string | null;
  lastActivityAt: string; // ISO
}

export interface WriteResult {
  /** clientEventId → interaction id, for interactions written now. */
  interactions: Map<string, string>;
  /** clientEventIds of feedback/behavior events written now. */
  events: Set<string>;
}

/**
 * One transaction per batch: multi-row INSERTs through unnest() (one statement per table, whatever the batch size)
 * with ON CONFLICT DO NOTHING for idempotency, links events to interactions in both directions (either may arrive
 * first) and records session activity. Rows are sorted by their unique keys so that concurrent batches take row
 * locks in the same order and cannot deadlock.
 *
 * This is the ingest hot path, so it talks to the pg driver directly (on the pool Prisma also uses): Prisma's
 * interactive transaction measured twice as slow for the same statements.
 */
export function createIngestRepo(db: Db) {
  return {
    async writeBatch(
      projectId: string,
      interactions: InteractionRow[],
      events: EventRow[],
      sessions: SessionTouch[],
    ): Promise<WriteResult> {
      const ix = [...interactions].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
      const ev = [...events].sort((a, b) => (a.clientEventId < b.clientEventId ? -1 : 1));
      const ss = [...sessions].sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
      const client = await pgPool(db).connect();
      try {
        await client.query("BEGIN");
        const insertedInteractions = ix.length
          ? (
              await client.query<{ id: string; client_event_id: string }>(
                `INSERT INTO interactions (id, project_id, client_event_id, client_id, session_id, end_user_id, model_version_id,
                   input, output, query_text, started_at, ended_at, latency_ms, prompt_tokens, completion_tokens, metadata, source)
                 SELECT 'ix_' || replace(gen_random_uuid()::text, '-', ''), $1, t.client_event_id, t.client_id, t.session_id, t.end_user_id,
                   (SELECT mv.id FROM model_versions mv WHERE mv.project_id = $1 AND mv.name = t.model_version),
                   t.input::jsonb, t.output, t.query_text, (t.started_at::timestamptz AT TIME ZONE 'UTC'), (t.ended_at::timestamptz AT TIME ZONE 'UTC'),
                   t.latency_ms, t.prompt_tokens, t.completion_tokens, t.metadata::jsonb, t.source
                 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                             $11::text[], $12::int[], $13::int[], $14::int[], $15::text[], $16::text[])
                   AS t(client_event_id, client_id, session_id, end_user_id, model_version, input, output, query_text, started_at,
                        ended_at, latency_ms, prompt_tokens, completion_tokens, metadata, source)
                 ON CONFLICT DO NOTHING
                 RETURNING id, client_event_id`,
                [
                  projectId,
                  ix.map((r) => r.clientEventId),
                  ix.map((r) => r.clientId),
                  ix.map((r) => r.sessionId),
                  ix.map((r) => r.endUserId),
                  ix.map((r) => r.modelVersion),
                  ix.map((r) => r.input),
                  ix.map((r) => r.output),
                  ix.map((r) => r.queryText),
                  ix.map((r) => r.startedAt),
                  ix.map((r) => r.endedAt),
                  ix.map((r) => r.latencyMs),
                  ix.map((r) => r.promptTokens),
                  ix.map((r) => r.completionTokens),
                  ix.map((r) => r.metadata),
                  ix.map((r) => r.source),
                ],
              )
            ).rows
          : [];

        // Each event is linked at insert time to an interaction it names (the app's id or Tightloop's), including
        // one written a moment ago in this batch; interactions that arrive later are linked by the UPDATE below.
        const insertedEvents = ev.length
          ? (
              await client.query<{ client_event_id: string }>(
                `INSERT INTO events (id, project_id, client_event_id, type, kind, interaction_ref, interaction_id, session_id, end_user_id, payload, occurred_at)
                 SELECT 'ev_' || replace(gen_random_uuid()::text, '-', ''), $1, t.client_event_id, t.type, t.kind, t.interaction_ref,
                   COALESCE(
                     (SELECT i.id FROM interactions i WHERE i.project_id = $1 AND i.client_id = t.interaction_ref),
                     (SELECT i.id FROM interactions i WHERE i.id = t.interaction_ref AND i.project_id = $1)),
                   t.session_id, t.end_user_id, t.payload::jsonb, (t.occurred_at::timestamptz AT TIME ZONE 'UTC')
                 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                   AS t(client_event_id, type, kind, interaction_ref, session_id, end_user_id, payload, occurred_at)
                 ON CONFLICT DO NOTHING
                 RETURNING client_event_id`,
                [
                  projectId,
                  ev.map((r) => r.clientEventId),
                  ev.map((r) => r.type),
                  ev.map((r) => r.kind),
                  ev.map((r) => r.interactionRef),
                  ev.map((r) => r.sessionId),
                  ev.map((r) => r.endUserId),
                  ev.map((r) => r.payload),
                  ev.map((r) => r.occurredAt),
                ],
              )
            ).rows
          : [];

        const newInteractionIds = insertedInteractions.map((r) => r.id);
        if (newInteractionIds.length) {
          await client.query(
            `UPDATE events e SET interaction_id = i.id
             FROM interactions i
             WHERE i.project_id = $1 AND i.id = ANY($2::text[])
               AND e.project_id = $1 AND e.interaction_id IS NULL AND e.interaction_ref = i.client_id`,
            [projectId, newInteractionIds],
          );
        }
        if (ss.length && (newInteractionIds.length || insertedEvents.length)) {
          await client.query(
            `INSERT INTO session_states (project_id, session_id, end_user_id, last_activity_at)
             SELECT $1, t.session_id, t.end_user_id, (t.last_activity_at::timestamptz AT TIME ZONE 'UTC')
             FROM unnest($2::text[], $3::text[], $4::text[]) AS t(session_id, end_user_id, last_activity_at)
             ON CONFLICT (project_id, session_id) DO UPDATE SET
               last_activity_at = GREATEST(session_states.last_activity_at, EXCLUDED.last_activity_at),
               end_user_id = COALESCE(session_states.end_user_id, EXCLUDED.end_user_id),
               closed_at = NULL`,
            [projectId, ss.map((x) => x.sessionId), ss.map((x) => x.endUserId), ss.map((x) => x.lastActivityAt)],
          );
        }
        await client.query("COMMIT");
        return {
          interactions: new Map(insertedInteractions.map((r) => [r.client_event_id, r.id])),
          events: new Set(insertedEvents.map((r) => r.client_event_id)),
        };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
export type IngestRepo = ReturnType<typeof createIngestRepo>;
