import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";

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
      const { modelVersionId, sessionId, signalType, q, cursor } = f;
      return sqlDb(db)
        .selectFrom("interactions as i")
        .leftJoin("modelVersions as mv", "mv.id", "i.modelVersionId")
        .leftJoin("topics as t", "t.id", "i.topicId")
        .select([
          "i.id",
          "i.clientId",
          "i.sessionId",
          "i.endUserId",
          "i.queryText",
          sql<string | null>`left(i.output, 240)`.as("outputPreview"),
          "i.startedAt",
          "i.latencyMs",
          "mv.name as modelName",
          sql<boolean | null>`mv.provider = 'simulated'`.as("modelSimulated"),
          "t.label as topicLabel",
          sql<Array<{ type: string; polarity: string }>>`COALESCE(
            (SELECT json_agg(json_build_object('type', s.type, 'polarity', s.polarity) ORDER BY s.type)
             FROM signals s WHERE s.project_id = i.project_id AND s.interaction_id = i.id), '[]'::json)`.as("signals"),
        ])
        .where("i.projectId", "=", projectId)
        .where("i.role", "=", "production")
        .where("i.startedAt", ">=", f.from)
        .$if(modelVersionId !== undefined, (qb) => qb.where("i.modelVersionId", "=", modelVersionId!))
        .$if(sessionId !== undefined, (qb) => qb.where("i.sessionId", "=", sessionId!))
        .$if(q !== undefined, (qb) =>
          qb.where((eb) =>
            eb.or([eb("i.queryText", "ilike", likePattern(q!)), eb("i.output", "ilike", likePattern(q!))]),
          ),
        )
        .$if(signalType !== undefined, (qb) =>
          qb.where(({ exists, selectFrom }) =>
            exists(
              selectFrom("signals as s")
                .select("s.id")
                .whereRef("s.projectId", "=", "i.projectId")
                .whereRef("s.interactionId", "=", "i.id")
                .where("s.type", "=", signalType!),
            ),
          ),
        )
        .$if(cursor !== undefined, (qb) =>
          qb.where((eb) => eb(eb.refTuple("i.startedAt", "i.id"), "<", eb.tuple(cursor!.startedAt, cursor!.id))),
        )
        .orderBy("i.startedAt", "desc")
        .orderBy("i.id", "desc")
        .limit(f.limit + 1)
        .execute();
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
