import type { Db } from "../../db";
import { Prisma } from "../../db/generated/client";

export interface InteractionListRow {
  id: string;
  client_id: string | null;
  session_id: string | null;
  end_user_id: string | null;
  query_text: string;
  output_preview: string | null;
  started_at: Date;
  latency_ms: number | null;
  model_name: string | null;
  model_simulated: boolean | null;
  topic_label: string | null;
  signals: Array<{ type: string; polarity: string }>;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createInteractionsRepo(db: Db) {
  return {
    async list(
      projectId: string,
      f: {
        from: Date;
        modelVersionId?: string;
        sessionId?: string;
        signalType?: string;
        q?: string;
        limit: number;
        cursor?: { startedAt: Date; id: string };
      },
    ) {
      const conditions: Prisma.Sql[] = [
        Prisma.sql`i.project_id = ${projectId}`,
        Prisma.sql`i.role = 'production'`,
        Prisma.sql`i.started_at >= ${f.from}`,
      ];
      if (f.modelVersionId) conditions.push(Prisma.sql`i.model_version_id = ${f.modelVersionId}`);
      if (f.sessionId) conditions.push(Prisma.sql`i.session_id = ${f.sessionId}`);
      if (f.q)
        conditions.push(Prisma.sql`(i.query_text ILIKE ${likePattern(f.q)} OR i.output ILIKE ${likePattern(f.q)})`);
      if (f.signalType) {
        conditions.push(
          Prisma.sql`EXISTS (SELECT 1 FROM signals s WHERE s.project_id = i.project_id AND s.interaction_id = i.id AND s.type = ${f.signalType})`,
        );
      }
      if (f.cursor) conditions.push(Prisma.sql`(i.started_at, i.id) < (${f.cursor.startedAt}, ${f.cursor.id})`);
      return db.$queryRaw<InteractionListRow[]>`
        SELECT i.id, i.client_id, i.session_id, i.end_user_id, i.query_text, left(i.output, 240) AS output_preview, i.started_at, i.latency_ms,
          mv.name AS model_name, mv.provider = 'simulated' AS model_simulated, t.label AS topic_label,
          COALESCE((SELECT json_agg(json_build_object('type', s.type, 'polarity', s.polarity) ORDER BY s.type)
                    FROM signals s WHERE s.project_id = i.project_id AND s.interaction_id = i.id), '[]'::json) AS signals
        FROM interactions i
        LEFT JOIN model_versions mv ON mv.id = i.model_version_id
        LEFT JOIN topics t ON t.id = i.topic_id
        WHERE ${Prisma.join(conditions, " AND ")}
        ORDER BY i.started_at DESC, i.id DESC
        LIMIT ${f.limit + 1}`;
    },

    /** When the project's recorded history begins (null: nothing recorded yet). */
    async firstStartedAt(projectId: string): Promise<Date | null> {
      const row = await db.interaction.findFirst({
        where: { projectId },
        orderBy: { startedAt: "asc" },
        select: { startedAt: true },
      });
      return row?.startedAt ?? null;
    },

    async facets(projectId: string) {
      const [models, types] = await Promise.all([
        db.modelVersion.findMany({ where: { projectId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
        db.signal.findMany({
          where: { projectId },
          distinct: ["type"],
          select: { type: true },
          orderBy: { type: "asc" },
        }),
      ]);
      return { models, signalTypes: types.map((t) => t.type) };
    },

    async get(projectId: string, interactionId: string) {
      const interaction = await db.interaction.findFirst({
        where: { projectId, id: interactionId },
        select: {
          id: true,
          clientId: true,
          sessionId: true,
          endUserId: true,
          role: true,
          source: true,
          input: true,
          output: true,
          queryText: true,
          language: true,
          startedAt: true,
          endedAt: true,
          latencyMs: true,
          promptTokens: true,
          completionTokens: true,
          aborted: true,
          metadata: true,
          createdAt: true,
          modelVersionId: true,
          topicId: true,
        },
      });
      if (!interaction) return null;
      const [events, signals, model, topic, session, shadows, verdicts] = await Promise.all([
        db.event.findMany({
          where: { projectId, interactionId },
          orderBy: { occurredAt: "asc" },
          select: { id: true, type: true, kind: true, payload: true, occurredAt: true, receivedAt: true },
        }),
        db.signal.findMany({
          where: { projectId, interactionId },
          orderBy: { occurredAt: "asc" },
          select: {
            id: true,
            type: true,
            polarity: true,
            strength: true,
            source: true,
            evidence: true,
            occurredAt: true,
            createdAt: true,
          },
        }),
        interaction.modelVersionId
          ? db.modelVersion.findUnique({
              where: { id: interaction.modelVersionId },
              select: { name: true, provider: true },
            })
          : null,
        interaction.topicId
          ? db.topic.findUnique({ where: { id: interaction.topicId }, select: { label: true } })
          : null,
        interaction.sessionId
          ? db.interaction.findMany({
              where: { projectId, sessionId: interaction.sessionId, role: "production" },
              orderBy: { startedAt: "asc" },
              take: 50,
              select: { id: true, queryText: true, startedAt: true },
            })
          : [],
        db.interaction.findMany({
          where: { projectId, shadowOfId: interactionId, role: "shadow" },
          orderBy: { startedAt: "asc" },
          select: { id: true, modelVersionId: true, output: true, latencyMs: true, metadata: true },
        }),
        db.judgeScore.findMany({
          where: { projectId, interactionId, status: { in: ["ok", "unparseable"] } },
          orderBy: { updatedAt: "asc" },
          select: {
            id: true,
            status: true,
            score: true,
            pass: true,
            category: true,
            rationale: true,
            confidence: true,
            judgeConfigId: true,
          },
        }),
      ]);
      const judges = await db.judgeConfig.findMany({
        where: { projectId, id: { in: verdicts.map((v) => v.judgeConfigId) } },
        select: { id: true, name: true, provider: true },
      });
      const judgeOf = new Map(judges.map((j) => [j.id, j]));
      const shadowModels = await db.modelVersion.findMany({
        where: { id: { in: shadows.map((s) => s.modelVersionId ?? "") } },
        select: { id: true, name: true },
      });
      const shadowName = new Map(shadowModels.map((m) => [m.id, m.name]));
      return {
        ...interaction,
        modelName: model?.name ?? null,
        /** The answer came from the demo world's simulated model. */
        modelSimulated: model?.provider === "simulated",
        topicLabel: topic?.label ?? null,
        events,
        signals,
        /** The judges' verdicts on this answer (a simulated judge is the demo world's). */
        verdicts: verdicts.map(({ judgeConfigId, ...v }) => ({
          ...v,
          judgeName: judgeOf.get(judgeConfigId)?.name ?? "a deleted judge",
          judgeSimulated: judgeOf.get(judgeConfigId)?.provider === "simulated",
        })),
        session,
        shadows: shadows.map((s) => ({
          ...s,
          modelName: s.modelVersionId ? (shadowName.get(s.modelVersionId) ?? null) : null,
        })),
      };
    },
  };
}
export type InteractionsRepo = ReturnType<typeof createInteractionsRepo>;
