// Shadow pairs (a production answer and the candidate's answer to the same mirrored request, both judged by the
// same judge and rubric version), approvals, and the atomic production switch (promotion and rollback).
import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { sqlDb, type Db } from "../../db";
import { isoUtc, utcParam } from "../../db/sql";
import { DomainError } from "../../errors";
import { sqlFor, type Executor } from "../../db/unit-of-work";
import { notifyRoutesChanged } from "../deployments/route-changes";
import type { Pair } from "./comparison";

export interface StoredPair extends Pair {
  judgeConfigId: string;
  rubricVersionId: string;
  productionVersionId: string | null;
}

export function createShadowRepo(db: Db) {
  const pool = () => sqlDb(db);
  /**
   * The incident a candidate was trained for, if any, with its slice's topics: the pattern's topic, the topic it
   * was merged into and the topics merged into either (re-clustering moves queries; the slice follows them).
   */
  async function incidentOf(projectId: string, candidateId: string) {
    const { rows } = await sql<{
      id: string;
      title: string;
      topicId: string | null;
      triggeredAt: string;
      startedById: string | null;
      sliceTopicIds: string[];
    }>`SELECT i.id, i.title, fp.topic_id AS "topicId", ${isoUtc("i.triggered_at")} AS "triggeredAt",
              coalesce(j.created_by_id, j.approved_by_id) AS "startedById",
              ARRAY(SELECT t.id FROM topics t WHERE t.project_id = ${projectId} AND fp.topic_id IS NOT NULL AND (
                      t.id = fp.topic_id OR t.merged_into_id = fp.topic_id
                      OR t.id = (SELECT merged_into_id FROM topics WHERE id = fp.topic_id)
                      OR t.merged_into_id = (SELECT merged_into_id FROM topics WHERE id = fp.topic_id))
              ) AS "sliceTopicIds"
       FROM fine_tune_jobs j
       JOIN incidents i ON i.id = j.incident_id JOIN failure_patterns fp ON fp.id = i.pattern_id
       WHERE j.project_id = ${projectId} AND j.candidate_model_version_id = ${candidateId} LIMIT 1`.execute(pool());
    return rows[0] ?? null;
  }

  return {
    /** Every judged pair of the candidate, oldest first (one row per judge and rubric version that scored both). */
    async pairs(projectId: string, candidateId: string): Promise<StoredPair[]> {
      const { rows } =
        await sql<StoredPair>`SELECT p.id AS "productionInteractionId", s.id AS "shadowInteractionId", p.topic_id AS "topicId",
                jp.score AS "productionScore", js.score AS "shadowScore", jp.pass AS "productionPass",
                js.pass AS "shadowPass", js.judge_config_id AS "judgeConfigId",
                js.rubric_version_id AS "rubricVersionId", p.model_version_id AS "productionVersionId",
                CASE jsonb_typeof(s.metadata->'slice') WHEN 'boolean' THEN (s.metadata->>'slice')::boolean END
                  AS "inSlice",
                ${isoUtc("s.started_at")} AS at
         FROM interactions s
         JOIN interactions p ON p.id = s.shadow_of_id AND p.project_id = s.project_id
         JOIN judge_scores js ON js.interaction_id = s.id AND js.status = 'ok'
         JOIN judge_scores jp ON jp.interaction_id = p.id AND jp.status = 'ok'
           AND jp.judge_config_id = js.judge_config_id AND jp.rubric_version_id = js.rubric_version_id
         WHERE s.project_id = ${projectId} AND s.model_version_id = ${candidateId} AND s.role = 'shadow'
         ORDER BY s.started_at, s.id`.execute(pool());
      return rows;
    },

    /** Query text and both answers of the pairs shown side by side. */
    async sideBySide(
      projectId: string,
      pairs: Array<{ productionInteractionId: string; shadowInteractionId: string }>,
    ) {
      const ids = pairs.flatMap((p) => [p.productionInteractionId, p.shadowInteractionId]);
      const rows = await db.interaction.findMany({
        where: { projectId, id: { in: ids } },
        select: { id: true, queryText: true, output: true },
      });
      return new Map(rows.map((r) => [r.id, r]));
    },

    shadowVersions: () =>
      db.modelVersion.findMany({ where: { status: "shadow" }, select: { id: true, projectId: true }, take: 500 }),

    async topicLabels(projectId: string, ids: string[]) {
      const rows = await db.topic.findMany({
        where: { projectId, id: { in: ids } },
        select: { id: true, label: true },
      });
      return new Map(rows.map((r) => [r.id, r.label]));
    },

    versions: (projectId: string) =>
      db.modelVersion.findMany({
        where: { projectId },
        select: {
          id: true,
          name: true,
          status: true,
          provider: true,
          mirrorFraction: true,
          parentId: true,
          createdAt: true,
        },
        orderBy: { createdAt: "desc" },
      }),

    /** The version serving production now (the route row), or null before one is registered. */
    async production(projectId: string): Promise<string | null> {
      const row = await db.productionRoute.findUnique({ where: { projectId }, select: { modelVersionId: true } });
      return row?.modelVersionId ?? null;
    },

    incidentOf,

    /**
     * What the gateway needs to tell a slice request when it mirrors: per candidate with an incident, the slice's
     * topics and the embeddings of up to 40 of the incident's failing queries (judge fail or a strong negative user
     * signal, before the trigger); and the centroids of the project's live topics (nearest-topic assignment).
     */
    async sliceDefinitions(projectId: string, candidateIds: string[], signalStrength: number) {
      const definitions = new Map<string, { topicIds: string[]; examples: number[][] }>();
      for (const candidateId of candidateIds) {
        const incident = await incidentOf(projectId, candidateId);
        if (!incident?.topicId) continue;
        const { rows } = await sql<{ embedding: number[] }>`SELECT i.embedding FROM interactions i
           WHERE i.project_id = ${projectId} AND i.role = 'production' AND i.topic_id = ANY(${incident.sliceTopicIds})
             AND cardinality(i.embedding) > 0 AND i.started_at <= ${utcParam(incident.triggeredAt)}
             AND (EXISTS (SELECT 1 FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok'
                          AND js.pass = false)
                  OR EXISTS (SELECT 1 FROM signals s WHERE s.project_id = ${projectId} AND s.interaction_id = i.id
                             AND s.polarity = 'negative' AND s.source IN ('explicit', 'implicit', 'human')
                             AND s.strength >= ${signalStrength}))
           ORDER BY i.started_at DESC LIMIT 40`.execute(pool());
        definitions.set(candidateId, { topicIds: incident.sliceTopicIds, examples: rows.map((r) => r.embedding) });
      }
      const topics =
        definitions.size === 0
          ? []
          : await db.topic.findMany({
              where: { projectId, mergedIntoId: null },
              select: { id: true, centroid: true },
            });
      return { definitions, topics: topics.filter((t) => t.centroid.length > 0) };
    },

    /** What mirroring to a candidate has cost so far: requests and tokens its shadow answers used. */
    async mirrorCost(projectId: string, candidateId: string) {
      const { rows } = await sql<{
        requests: number;
        slice: number;
        tokens: number;
      }>`SELECT count(*)::int AS requests, count(*) FILTER (WHERE metadata->>'slice' = 'true')::int AS slice,
                coalesce(sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)), 0)::int AS tokens
         FROM interactions WHERE project_id = ${projectId} AND model_version_id = ${candidateId} AND role = 'shadow'`.execute(
        pool(),
      );
      return rows[0]!;
    },

    /** Names of the alert rules in the ALERT state on these versions or on all of production. */
    /** Rules pinned to the candidate that are in the ALERT state. */
    async alertingRules(projectId: string, candidateId: string) {
      const rules = await db.alertRule.findMany({
        where: { projectId, enabled: true, state: "ALERT", modelVersionId: candidateId },
        select: { name: true },
      });
      return rules.map((r) => r.name);
    },

    approvals: (projectId: string, candidateId: string) =>
      db.promotionApproval.findMany({
        where: { projectId, candidateId },
        select: { actorId: true, override: true, createdAt: true },
        orderBy: { createdAt: "asc" },
      }),

    async approve(
      tx: Executor,
      projectId: string,
      candidateId: string,
      actorId: string,
      gates: object,
      override: string | null,
    ) {
      await tx.promotionApproval.upsert({
        where: { candidateId_actorId: { candidateId, actorId } },
        create: { projectId, candidateId, actorId, gates: gates as never, override },
        update: { gates: gates as never, override, createdAt: new Date() },
      });
    },

    /** Who did it, as a notification names them. */
    async actorName(userId: string | null): Promise<string> {
      if (!userId) return "the system (automatic policy)";
      const user = await db.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
      return user?.name || user?.email || "a deleted user";
    },

    async history(projectId: string) {
      const rows = await db.promotion.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, take: 50 });
      const ids = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
      const users = await db.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, email: true },
      });
      const names = new Map(users.map((u) => [u.id, u.name || u.email]));
      return rows.map((r) => ({
        ...r,
        actorName: r.actorId ? (names.get(r.actorId) ?? "a deleted user") : "the system (automatic policy)",
      }));
    },

    /**
     * Switches production to `toId` in one transaction: the route row (the only thing the gateway reads for
     * production) is locked and updated, so every request sees exactly one production version. The old version is
     * retired (kept for rollback), the switch is recorded with its evidence, alert states and pattern baselines
     * start over, and the incident the candidate was trained for is marked deployed (stage 5).
     */
    async switchProduction(
      tx: Executor,
      input: {
        projectId: string;
        toId: string;
        action: "promote" | "rollback";
        actorId: string | null;
        gates: object;
        reason: string | null;
        /** Posted to the project's deployment webhook, if it has one (Slack-compatible `{ text }`). */
        notice: string;
      },
    ) {
      const client = sqlFor(tx);
      const { rows: route } = await sql<{
        modelVersionId: string;
      }>`SELECT model_version_id FROM production_routes WHERE project_id = ${input.projectId} FOR UPDATE`.execute(
        client,
      );
      const fromId = route[0]?.modelVersionId ?? null;
      if (!fromId) throw new DomainError("INVALID_STATE", "This project has no production version");
      if (fromId === input.toId) throw new DomainError("INVALID_STATE", "That version already serves production");
      const { rows: target } = await sql<{
        status: string;
      }>`SELECT status FROM model_versions WHERE project_id = ${input.projectId} AND id = ${input.toId} FOR UPDATE`.execute(
        client,
      );
      if (!target[0]) throw new DomainError("NOT_FOUND", "Model version not found");
      await sql`UPDATE production_routes SET model_version_id = ${input.toId}, updated_at = now() WHERE project_id = ${input.projectId}`.execute(
        client,
      );
      await sql`UPDATE model_versions SET status = 'production', mirror_fraction = 0, updated_at = now() WHERE id = ${input.toId}`.execute(
        client,
      );
      await sql`UPDATE model_versions SET status = 'retired', mirror_fraction = 0, updated_at = now() WHERE id = ${fromId}`.execute(
        client,
      );
      const promotionId = randomUUID();
      const { rows: created } = await sql<{
        at: string;
      }>`INSERT INTO promotions (id, project_id, action, from_model_version_id, to_model_version_id, actor_id, automatic,
             gates, reason, created_at)
           VALUES (${promotionId}, ${input.projectId}, ${input.action}, ${fromId}, ${input.toId}, ${input.actorId}, ${input.actorId === null}, ${JSON.stringify(input.gates)}, ${input.reason}, now() AT TIME ZONE 'UTC') RETURNING ${isoUtc("created_at")} AS at`.execute(
        client,
      );
      // Quality alerts start over against the new production version: the open alerts of the rules that follow
      // production (about the version that no longer serves) are resolved, so a rule that still fires opens a
      // fresh one about the new version.
      await sql`UPDATE alert_rules SET state = 'NO_DATA', state_since = now() AT TIME ZONE 'UTC' WHERE project_id = ${input.projectId}`.execute(
        client,
      );
      await sql`UPDATE alerts SET status = 'resolved', resolved_at = now() AT TIME ZONE 'UTC',
             detail = detail || jsonb_build_object('resolvedBy', ${`production changed (${input.action})`}::text)
           WHERE project_id = ${input.projectId} AND kind = 'quality' AND status <> 'resolved'
             AND rule_id IN (SELECT id FROM alert_rules WHERE project_id = ${input.projectId} AND model_version_id IS NULL)`.execute(
        client,
      );
      let incidentId: string | null = null;
      if (input.action === "promote") {
        const { rows: incident } = await sql<{
          id: string;
        }>`UPDATE incidents i SET status = 'resolved', deployed_at = now() AT TIME ZONE 'UTC'
             FROM fine_tune_jobs j WHERE j.project_id = ${input.projectId} AND j.candidate_model_version_id = ${input.toId}
               AND i.id = j.incident_id AND i.deployed_at IS NULL RETURNING i.id`.execute(client);
        incidentId = incident[0]?.id ?? null;
        // The incident's alert closes with it.
        if (incidentId)
          await sql`UPDATE alerts SET status = 'resolved', resolved_at = now() AT TIME ZONE 'UTC'
               WHERE project_id = ${input.projectId} AND kind = 'incident' AND status <> 'resolved' AND detail->>'incidentId' = ${incidentId}`.execute(
            client,
          );
      }
      // Queued in the same transaction (nothing lost); the alert-notify job delivers it with retries.
      await sql`INSERT INTO alert_notifications (id, project_id, kind, payload, next_attempt_at, created_at)
           SELECT ${randomUUID()}, id, 'deployment', ${JSON.stringify({ text: input.notice })}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
           FROM projects WHERE id = ${input.projectId} AND deploy_webhook_sealed IS NOT NULL`.execute(client);
      await notifyRoutesChanged(tx, input.projectId);
      return { promotionId, fromId, at: new Date(created[0]!.at), incidentId };
    },

    /** Retires a candidate (kept for the record); `actorId` null: the system, under an automatic policy. */
    /** Retires a candidate or shadow version; false when it is neither (or not the project's). */
    hasVersion: async (tx: Executor, projectId: string, id: string) =>
      (await tx.modelVersion.count({ where: { projectId, id } })) > 0,

    async retireCandidate(tx: Executor, projectId: string, candidateId: string): Promise<boolean> {
      const updated = await tx.modelVersion.updateMany({
        where: { id: candidateId, projectId, status: { in: ["candidate", "shadow"] } },
        data: { status: "retired", mirrorFraction: 0 },
      });
      if (updated.count === 0) return false;
      await notifyRoutesChanged(tx, projectId);
      return true;
    },
  };
}

export type ShadowRepo = ReturnType<typeof createShadowRepo>;
