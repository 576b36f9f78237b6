import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";

export interface RecordedInteraction {
  id: string;
  projectId: string;
  role: "production" | "shadow";
  shadowOfId: string | null;
  modelVersionId: string;
  sessionId: string | null;
  endUserId: string | null;
  input: unknown;
  output: string | null;
  queryText: string;
  startedAt: Date;
  endedAt: Date;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  aborted: boolean;
  metadata: Record<string, unknown>;
}

export function createGatewayRepo(db: Db) {
  return {
    /** The session of this user's previous gateway request, when it is recent enough to be the same visit. */
    async recentSession(projectId: string, endUserId: string, since: Date): Promise<string | null> {
      const row = await db.interaction.findFirst({
        where: {
          projectId,
          endUserId,
          source: "gateway",
          role: "production",
          startedAt: { gte: since },
          sessionId: { not: null },
        },
        orderBy: { startedAt: "desc" },
        select: { sessionId: true },
      });
      return row?.sessionId ?? null;
    },

    /**
     * Records answers (id = the id returned to the app, so feedback links by either id column) in one statement:
     * the rows, the links of feedback that arrived first, and the sessions' last activity. One round trip per
     * batch; the gateway's group commit decides the batches.
     */
    async recordMany(rows: RecordedInteraction[]): Promise<void> {
      if (rows.length === 0) return;
      const json = rows.map((r) => ({
        id: r.id,
        project_id: r.projectId,
        role: r.role,
        shadow_of_id: r.shadowOfId,
        session_id: r.sessionId,
        end_user_id: r.endUserId,
        model_version_id: r.modelVersionId,
        input: r.input,
        output: r.output,
        query_text: r.queryText,
        started_at: r.startedAt.toISOString(),
        ended_at: r.endedAt.toISOString(),
        latency_ms: r.latencyMs,
        prompt_tokens: r.promptTokens,
        completion_tokens: r.completionTokens,
        aborted: r.aborted,
        metadata: r.metadata,
      }));
      await sql`WITH r AS (
           SELECT * FROM jsonb_to_recordset(${JSON.stringify(json)}::jsonb) AS x(
             id text, project_id text, role text, shadow_of_id text, session_id text, end_user_id text,
             model_version_id text, input jsonb, output text, query_text text, started_at timestamptz,
             ended_at timestamptz, latency_ms int, prompt_tokens int, completion_tokens int, aborted boolean,
             metadata jsonb)
         ), ins AS (
           INSERT INTO interactions (id, project_id, client_id, role, shadow_of_id, source, session_id, end_user_id,
             model_version_id, input, output, query_text, started_at, ended_at, latency_ms, prompt_tokens,
             completion_tokens, aborted, metadata)
           SELECT id, project_id, id, role::"InteractionRole", shadow_of_id, 'gateway', session_id, end_user_id,
             model_version_id, input, output, query_text, started_at AT TIME ZONE 'UTC', ended_at AT TIME ZONE 'UTC',
             latency_ms, prompt_tokens, completion_tokens, aborted, metadata
           FROM r
           ON CONFLICT DO NOTHING
           RETURNING id, project_id
         ), linked AS (
           UPDATE events e SET interaction_id = ins.id FROM ins
           WHERE e.project_id = ins.project_id AND e.interaction_id IS NULL AND e.interaction_ref = ins.id
         )
         INSERT INTO session_states (project_id, session_id, end_user_id, last_activity_at)
         SELECT DISTINCT ON (project_id, session_id) project_id, session_id, end_user_id, ended_at AT TIME ZONE 'UTC'
         FROM r WHERE role = 'production' AND session_id IS NOT NULL
         ORDER BY project_id, session_id, ended_at DESC
         ON CONFLICT (project_id, session_id) DO UPDATE SET
           last_activity_at = GREATEST(session_states.last_activity_at, EXCLUDED.last_activity_at), closed_at = NULL`.execute(
        sqlDb(db),
      );
    },
  };
}
export type GatewayRepo = ReturnType<typeof createGatewayRepo>;
