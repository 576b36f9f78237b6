// What dataset mining reads (interactions with their judge verdicts, human labels, corrections and rephrases) and
// the stored datasets.
import { sql } from "kysely";
import { utcParam } from "../../db/sql";
import { sqlDb, type Db } from "../../db";
import type { Executor } from "../../db/unit-of-work";
import type { ChatMessage, DatasetRow, MiningInteraction } from "./mining";

export function createDatasetsRepo(db: Db) {
  const pool = () => sqlDb(db);

  return {
    async incidentPattern(projectId: string, incidentId: string) {
      const incident = await db.incident.findFirst({ where: { id: incidentId, projectId } });
      if (!incident) return null;
      const pattern = await db.failurePattern.findFirst({ where: { id: incident.patternId, projectId } });
      return { incident, pattern };
    },

    /** Interactions of a topic since a time that failed in a category (judge, human consensus or user feedback). */
    async failingIds(
      projectId: string,
      topicId: string,
      category: string,
      since: Date,
      signalStrength: number,
      limit: number,
    ) {
      const { rows } = await sql<{ id: string }>`SELECT i.id FROM interactions i
         WHERE i.project_id = ${projectId} AND i.topic_id = ${topicId} AND i.role = 'production' AND i.started_at >= ${utcParam(since.toISOString())}
           AND CASE WHEN ${category} = 'negative_feedback' THEN EXISTS (
                  SELECT 1 FROM signals s WHERE s.project_id = ${projectId} AND s.interaction_id = i.id
                    AND s.source IN ('explicit', 'implicit') AND s.polarity = 'negative' AND s.strength >= ${signalStrength})
                ELSE EXISTS (
                  SELECT 1 FROM signals h WHERE h.project_id = ${projectId} AND h.interaction_id = i.id AND h.type = 'human_fail'
                    AND coalesce(h.evidence->>'label', 'fail') = ${category})
                  OR (EXISTS (SELECT 1 FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok'
                              AND js.pass = false AND coalesce(js.category, 'fail') = ${category})
                      AND NOT EXISTS (SELECT 1 FROM signals h WHERE h.project_id = ${projectId} AND h.interaction_id = i.id
                                      AND h.source = 'human'))
               END
         ORDER BY i.started_at DESC LIMIT ${limit}`.execute(pool());
      return rows.map((r) => r.id);
    },

    /** Answers on a topic that the judge passed and a human confirmed. */
    async confirmedGoodIds(projectId: string, topicId: string, limit: number) {
      const { rows } = await sql<{ id: string }>`SELECT i.id FROM interactions i
         WHERE i.project_id = ${projectId} AND i.topic_id = ${topicId} AND i.role = 'production'
           AND EXISTS (SELECT 1 FROM signals h WHERE h.project_id = ${projectId} AND h.interaction_id = i.id AND h.type = 'human_pass')
           AND EXISTS (SELECT 1 FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok' AND js.pass)
         ORDER BY i.started_at DESC LIMIT ${limit}`.execute(pool());
      return rows.map((r) => r.id);
    },

    async miningData(projectId: string, ids: string[], signalStrength: number): Promise<MiningInteraction[]> {
      if (ids.length === 0) return [];
      const { rows } = await sql<{
        id: string;
        input: unknown;
        output: string | null;
        judgePass: boolean | null;
        humanLabel: string | null;
        correctedText: string | null;
        rephrasedAs: string | null;
        negative: boolean;
      }>`SELECT i.id, i.input, i.output,
           (SELECT js.pass FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok'
            ORDER BY js.updated_at DESC LIMIT 1) AS judge_pass,
           (SELECT s.evidence->>'label' FROM signals s WHERE s.project_id = ${projectId} AND s.interaction_id = i.id
              AND s.source = 'human' LIMIT 1) AS human_label,
           (SELECT s.evidence->>'correctedText' FROM signals s WHERE s.project_id = ${projectId} AND s.interaction_id = i.id
              AND s.type = 'correction' ORDER BY s.occurred_at DESC LIMIT 1) AS corrected_text,
           (SELECT s.evidence->>'nextInteractionId' FROM signals s WHERE s.project_id = ${projectId} AND s.interaction_id = i.id
              AND s.type = 'rephrase' ORDER BY s.occurred_at LIMIT 1) AS rephrased_as,
           EXISTS (SELECT 1 FROM signals s WHERE s.project_id = ${projectId} AND s.interaction_id = i.id
              AND s.source IN ('explicit', 'implicit') AND s.polarity = 'negative' AND s.strength >= ${signalStrength}) AS negative
         FROM interactions i WHERE i.project_id = ${projectId} AND i.id = ANY(${ids})`.execute(pool());
      return rows.map((r) => ({
        id: r.id,
        input: Array.isArray(r.input)
          ? (r.input as Array<{ role?: unknown; content?: unknown }>)
              .filter((m) => typeof m.content === "string")
              .map((m) => ({ role: String(m.role ?? "user"), content: m.content as string }) satisfies ChatMessage)
          : [],
        output: r.output,
        judgePass: r.judgePass,
        humanLabel: r.humanLabel,
        correctedText: r.correctedText,
        rephrasedAs: r.rephrasedAs,
        negative: r.negative,
      }));
    },

    /** The dataset and its rows (inside the service's unit of work). */
    async save(
      tx: Executor,
      input: {
        projectId: string;
        incidentId: string | null;
        name: string;
        rows: DatasetRow[];
        stats: object;
        options: object;
        actorId: string | null;
      },
    ) {
      const dataset = await tx.dataset.create({
        data: {
          projectId: input.projectId,
          incidentId: input.incidentId,
          name: input.name,
          kind: "sft+dpo",
          rowCount: input.rows.length,
          stats: input.stats,
          options: input.options,
          createdById: input.actorId,
        },
        select: { id: true },
      });
      await tx.datasetExample.createMany({
        data: input.rows.map((r) => ({
          projectId: input.projectId,
          datasetId: dataset.id,
          kind: r.kind,
          source: r.source,
          split: r.split,
          prompt: r.prompt as unknown as object[],
          chosen: r.chosen,
          rejected: r.rejected,
          sourceInteractionId: r.provenance.interactionIds[0] ?? null,
          provenance: r.provenance,
        })),
      });
      return dataset.id;
    },

    list(projectId: string) {
      return db.dataset.findMany({
        where: { projectId },
        orderBy: { createdAt: "desc" },
        take: 100,
        select: {
          id: true,
          name: true,
          incidentId: true,
          kind: true,
          rowCount: true,
          stats: true,
          options: true,
          createdAt: true,
        },
      });
    },

    dataset(projectId: string, datasetId: string) {
      return db.dataset.findFirst({
        where: { id: datasetId, projectId },
        select: { id: true, name: true, incidentId: true, rowCount: true, stats: true, options: true, createdAt: true },
      });
    },

    examples(projectId: string, datasetId: string, limit?: number) {
      return db.datasetExample.findMany({
        where: { projectId, datasetId },
        orderBy: [{ kind: "asc" }, { id: "asc" }],
        ...(limit ? { take: limit } : {}),
        select: {
          id: true,
          kind: true,
          source: true,
          split: true,
          prompt: true,
          chosen: true,
          rejected: true,
          provenance: true,
        },
      });
    },
  };
}

export type DatasetsRepo = ReturnType<typeof createDatasetsRepo>;
