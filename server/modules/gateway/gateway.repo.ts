import { pgPool, type Db } from "../../db";

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

    /** Records an answer (id = the id returned to the app, so its feedback links by either id column). */
    async record(r: RecordedInteraction): Promise<void> {
      const client = await pgPool(db).connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO interactions (id, project_id, client_id, role, shadow_of_id, source, session_id, end_user_id, model_version_id,
             input, output, query_text, started_at, ended_at, latency_ms, prompt_tokens, completion_tokens, aborted, metadata)
           VALUES ($1, $2, $1, $3::"InteractionRole", $4, 'gateway', $5, $6, $7, $8::jsonb, $9, $10, ($11::timestamptz AT TIME ZONE 'UTC'),
             ($12::timestamptz AT TIME ZONE 'UTC'), $13, $14, $15, $16, $17::jsonb)
           ON CONFLICT DO NOTHING`,
          [
            r.id,
            r.projectId,
            r.role,
            r.shadowOfId,
            r.sessionId,
            r.endUserId,
            r.modelVersionId,
            JSON.stringify(r.input),
            r.output,
            r.queryText,
            r.startedAt.toISOString(),
            r.endedAt.toISOString(),
            r.latencyMs,
            r.promptTokens,
            r.completionTokens,
            r.aborted,
            JSON.stringify(r.metadata),
          ],
        );
        // Feedback that arrived before the answer was recorded (the app got the id from the response headers).
        await client.query(
          `UPDATE events SET interaction_id = $1 WHERE project_id = $2 AND interaction_id IS NULL AND interaction_ref = $1`,
          [r.id, r.projectId],
        );
        if (r.role === "production" && r.sessionId) {
          await client.query(
            `INSERT INTO session_states (project_id, session_id, end_user_id, last_activity_at)
             VALUES ($1, $2, $3, ($4::timestamptz AT TIME ZONE 'UTC'))
             ON CONFLICT (project_id, session_id) DO UPDATE SET
               last_activity_at = GREATEST(session_states.last_activity_at, EXCLUDED.last_activity_at), closed_at = NULL`,
            [r.projectId, r.sessionId, r.endUserId, r.endedAt.toISOString()],
          );
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
export type GatewayRepo = ReturnType<typeof createGatewayRepo>;
