import type { Db } from "../../db";

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
 * with ON CONFLICT DO NOTHING for idempotency, then links events to interactions in both directions (either may
 * arrive first) and records session activity. Rows are sorted by their unique keys so that concurrent batches
 * take row locks in the same order and cannot deadlock.
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

      return db.$transaction(async (tx) => {
        const insertedInteractions = ix.length
          ? await tx.$queryRaw<Array<{ id: string; client_event_id: string }>>`
            INSERT INTO interactions (id, project_id, client_event_id, client_id, session_id, end_user_id, model_version_id,
              input, output, query_text, started_at, ended_at, latency_ms, prompt_tokens, completion_tokens, metadata, source)
            SELECT 'ix_' || replace(gen_random_uuid()::text, '-', ''), ${projectId}, t.client_event_id, t.client_id, t.session_id, t.end_user_id,
              (SELECT mv.id FROM model_versions mv WHERE mv.project_id = ${projectId} AND mv.name = t.model_version),
              t.input::jsonb, t.output, t.query_text, (t.started_at::timestamptz AT TIME ZONE 'UTC'), (t.ended_at::timestamptz AT TIME ZONE 'UTC'),
              t.latency_ms, t.prompt_tokens, t.completion_tokens, t.metadata::jsonb, t.source
            FROM unnest(
              ${ix.map((r) => r.clientEventId)}::text[], ${ix.map((r) => r.clientId)}::text[], ${ix.map((r) => r.sessionId)}::text[],
              ${ix.map((r) => r.endUserId)}::text[], ${ix.map((r) => r.modelVersion)}::text[], ${ix.map((r) => r.input)}::text[],
              ${ix.map((r) => r.output)}::text[], ${ix.map((r) => r.queryText)}::text[], ${ix.map((r) => r.startedAt)}::text[],
              ${ix.map((r) => r.endedAt)}::text[], ${ix.map((r) => r.latencyMs)}::int[], ${ix.map((r) => r.promptTokens)}::int[],
              ${ix.map((r) => r.completionTokens)}::int[], ${ix.map((r) => r.metadata)}::text[], ${ix.map((r) => r.source)}::text[]
            ) AS t(client_event_id, client_id, session_id, end_user_id, model_version, input, output, query_text, started_at,
                   ended_at, latency_ms, prompt_tokens, completion_tokens, metadata, source)
            ON CONFLICT DO NOTHING
            RETURNING id, client_event_id`
          : [];

        const insertedEvents = ev.length
          ? await tx.$queryRaw<Array<{ client_event_id: string }>>`
            INSERT INTO events (id, project_id, client_event_id, type, kind, interaction_ref, session_id, end_user_id, payload, occurred_at)
            SELECT 'ev_' || replace(gen_random_uuid()::text, '-', ''), ${projectId}, t.client_event_id, t.type, t.kind, t.interaction_ref,
              t.session_id, t.end_user_id, t.payload::jsonb, (t.occurred_at::timestamptz AT TIME ZONE 'UTC')
            FROM unnest(
              ${ev.map((r) => r.clientEventId)}::text[], ${ev.map((r) => r.type)}::text[], ${ev.map((r) => r.kind)}::text[],
              ${ev.map((r) => r.interactionRef)}::text[], ${ev.map((r) => r.sessionId)}::text[], ${ev.map((r) => r.endUserId)}::text[],
              ${ev.map((r) => r.payload)}::text[], ${ev.map((r) => r.occurredAt)}::text[]
            ) AS t(client_event_id, type, kind, interaction_ref, session_id, end_user_id, payload, occurred_at)
            ON CONFLICT DO NOTHING
            RETURNING client_event_id`
          : [];

        const newEventIds = insertedEvents.map((r) => r.client_event_id);
        if (newEventIds.length) {
          await tx.$executeRaw`
            UPDATE events e SET interaction_id = i.id
            FROM interactions i
            WHERE e.project_id = ${projectId} AND e.client_event_id = ANY(${newEventIds}::text[]) AND e.interaction_id IS NULL
              AND e.interaction_ref IS NOT NULL AND i.project_id = ${projectId}
              AND (i.id = e.interaction_ref OR i.client_id = e.interaction_ref)`;
        }
        const newInteractionIds = insertedInteractions.map((r) => r.id);
        if (newInteractionIds.length) {
          await tx.$executeRaw`
            UPDATE events e SET interaction_id = i.id
            FROM interactions i
            WHERE i.project_id = ${projectId} AND i.id = ANY(${newInteractionIds}::text[])
              AND e.project_id = ${projectId} AND e.interaction_id IS NULL AND e.interaction_ref = i.client_id`;
        }
        if (ss.length && (newInteractionIds.length || newEventIds.length)) {
          await tx.$executeRaw`
            INSERT INTO session_states (project_id, session_id, end_user_id, last_activity_at)
            SELECT ${projectId}, t.session_id, t.end_user_id, (t.last_activity_at::timestamptz AT TIME ZONE 'UTC')
            FROM unnest(${ss.map((s) => s.sessionId)}::text[], ${ss.map((s) => s.endUserId)}::text[], ${ss.map((s) => s.lastActivityAt)}::text[])
              AS t(session_id, end_user_id, last_activity_at)
            ON CONFLICT (project_id, session_id) DO UPDATE SET
              last_activity_at = GREATEST(session_states.last_activity_at, EXCLUDED.last_activity_at),
              end_user_id = COALESCE(session_states.end_user_id, EXCLUDED.end_user_id),
              closed_at = NULL`;
        }
        return {
          interactions: new Map(insertedInteractions.map((r) => [r.client_event_id, r.id])),
          events: new Set(newEventIds),
        };
      });
    },
  };
}
export type IngestRepo = ReturnType<typeof createIngestRepo>;
