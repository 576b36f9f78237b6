// Shadow pairs (a production answer and the candidate's answer to the same mirrored request, both judged by the
// same judge and rubric version), approvals, and the atomic production switch (promotion and rollback).
import { randomUUID } from "node:crypto";
import { pgPool, type Db } from "../../db";
import { isoUtc, utcParam } from "../../db/sql";
import { DomainError } from "../../errors";
import { sql, type Executor } from "../../db/unit-of-work";
import { notifyRoutesChanged } from "../deployments/route-changes";
import type { Pair } from "./comparison";

export interface StoredPair extends Pair {
  judgeConfigId: string;
  rubricVersionId: string;
  productionVersionId: string | null;
}

export function createShadowRepo(db: Db) {
  const pool = () => pgPool(db);
  /**
   * The incident a candidate was trained for, if any, with its slice's topics: the pattern's topic, the topic it
   * was merged into and the topics merged into either (re-clustering moves queries; the slice follows them).
   */
  async function incidentOf(projectId: string, candidateId: string) {
    const { rows } = await pool().query<{
      id: string;
      title: string;
      topicId: string | null;
      triggeredAt: string;
      startedById: string | null;
      sliceTopicIds: string[];
    }>(
      `SELECT i.id, i.title, fp.topic_id AS "topicId", ${isoUtc("i.triggered_at")} AS "triggeredAt",
              coalesce(j.created_by_id, j.approved_by_id) AS "startedById",
              ARRAY(SELECT t.id FROM topics t WHERE t.project_id = $1 AND fp.topic_id IS NOT NULL AND (
                      t.id = fp.topic_id OR t.merged_into_id = fp.topic_id
                      OR t.id = (SELECT merged_into_id FROM topics WHERE id = fp.topic_id)
                      OR t.merged_into_id = (SELECT merged_into_id FROM topics WHERE id = fp.topic_id))
              ) AS "sliceTopicIds"
       FROM fine_tune_jobs j
       JOIN incidents i ON i.id = j.incident_id JOIN failure_patterns fp ON fp.id = i.pattern_id
       WHERE j.project_id = $1 AND j.candidate_model_version_id = $2 LIMIT 1`,
      [projectId, candidateId],
    );
    return rows[0] ?? null;
  }

  return {
    /** Every judged pair of the candidate, oldest first (one row per judge and rubric version that scored both). */
    async pairs(projectId: string, candidateId: string): Promise<StoredPair[]> {
      const { rows } = await pool().query<StoredPair>(
        `SELECT p.id AS "productionInteractionId", s.id AS "shadowInteractionId", p.topic_id AS "topicId",
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
         WHERE s.project_id = $1 AND s.model_version_id = $2 AND s.role = 'shadow'
         ORDER BY s.started_at, s.id`,
        [projectId, candidateId],
      );
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
        const { rows } = await pool().query<{ embedding: number[] }>(
          `SELECT i.embedding FROM interactions i
           WHERE i.project_id = $1 AND i.role = 'production' AND i.topic_id = ANY($2)
             AND cardinality(i.embedding) > 0 AND i.started_at <= ${utcParam("$3")}
             AND (EXISTS (SELECT 1 FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok'
                          AND js.pass = false)
                  OR EXISTS (SELECT 1 FROM signals s WHERE s.project_id = $1 AND s.interaction_id = i.id
                             AND s.polarity = 'negative' AND s.source IN ('explicit', 'implicit', 'human')
                             AND s.strength >= $4))
           ORDER BY i.started_at DESC LIMIT 40`,
          [projectId, incident.sliceTopicIds, incident.triggeredAt, signalStrength],
        );
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
      const { rows } = await pool().query<{ requests: number; slice: number; tokens: number }>(
        `SELECT count(*)::int AS requests, count(*) FILTER (WHERE metadata->>'slice' = 'true')::int AS slice,
                coalesce(sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)), 0)::int AS tokens
         FROM interactions WHERE project_id = $1 AND model_version_id = $2 AND role = 'shadow'`,
        [projectId, candidateId],
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
      const client = sql(tx);
      const { rows: route } = await client.query<{ model_version_id: string }>(
        "SELECT model_version_id FROM production_routes WHERE project_id = $1 FOR UPDATE",
        [input.projectId],
      );
      const fromId = route[0]?.model_version_id ?? null;
      if (!fromId) throw new DomainError("INVALID_STATE", "This project has no production version");
      if (fromId === input.toId) throw new DomainError("INVALID_STATE", "That version already serves production");
      const { rows: target } = await client.query<{ status: string }>(
        "SELECT status FROM model_versions WHERE project_id = $1 AND id = $2 FOR UPDATE",
        [input.projectId, input.toId],
      );
      if (!target[0]) throw new DomainError("NOT_FOUND", "Model version not found");
      await client.query(
        "UPDATE production_routes SET model_version_id = $2, updated_at = now() WHERE project_id = $1",
        [input.projectId, input.toId],
      );
      await client.query(
        "UPDATE model_versions SET status = 'production', mirror_fraction = 0, updated_at = now() WHERE id = $1",
        [input.toId],
      );
      await client.query(
        "UPDATE model_versions SET status = 'retired', mirror_fraction = 0, updated_at = now() WHERE id = $1",
        [fromId],
      );
      const promotionId = randomUUID();
      const { rows: created } = await client.query<{ at: string }>(
        `INSERT INTO promotions (id, project_id, action, from_model_version_id, to_model_version_id, actor_id, automatic,
             gates, reason, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() AT TIME ZONE 'UTC') RETURNING ${isoUtc("created_at")} AS at`,
        [
          promotionId,
          input.projectId,
          input.action,
          fromId,
          input.toId,
          input.actorId,
          input.actorId === null,
          JSON.stringify(input.gates),
          input.reason,
        ],
      );
      // Quality alerts start over against the new production version: the open alerts of the rules that follow
      // production (about the version that no longer serves) are resolved, so a rule that still fires opens a
      // fresh one about the new version.
      await client.query(
        "UPDATE alert_rules SET state = 'NO_DATA', state_since = now() AT TIME ZONE 'UTC' WHERE project_id = $1",
        [input.projectId],
      );
      await client.query(
        `UPDATE alerts SET status = 'resolved', resolved_at = now() AT TIME ZONE 'UTC',
             detail = detail || jsonb_build_object('resolvedBy', $2::text)
           WHERE project_id = $1 AND kind = 'quality' AND status <> 'resolved'
             AND rule_id IN (SELECT id FROM alert_rules WHERE project_id = $1 AND model_version_id IS NULL)`,
        [input.projectId, `production changed (${input.action})`],
      );
      let incidentId: string | null = null;
      if (input.action === "promote") {
        const { rows: incident } = await client.query<{ id: string }>(
          `UPDATE incidents i SET status = 'resolved', deployed_at = now() AT TIME ZONE 'UTC'
             FROM fine_tune_jobs j WHERE j.project_id = $1 AND j.candidate_model_version_id = $2
               AND i.id = j.incident_id AND i.deployed_at IS NULL RETURNING i.id`,
          [input.projectId, input.toId],
        );
        incidentId = incident[0]?.id ?? null;
        // The incident's alert closes with it.
        if (incidentId)
          await client.query(
            `UPDATE alerts SET status = 'resolved', resolved_at = now() AT TIME ZONE 'UTC'
               WHERE project_id = $1 AND kind = 'incident' AND status <> 'resolved' AND detail->>'incidentId' = $2`,
            [input.projectId, incidentId],
          );
      }
      // Queued in the same transaction (nothing lost); the alert-notify job delivers it with retries.
      await client.query(
        `INSERT INTO alert_notifications (id, project_id, kind, payload, next_attempt_at, created_at)
           SELECT $2, id, 'deployment', $3, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
           FROM projects WHERE id = $1 AND deploy_webhook_sealed IS NOT NULL`,
        [input.projectId, randomUUID(), JSON.stringify({ text: input.notice })],
      );
      await notifyRoutesChanged(tx, input.projectId);
      return { promotionId, fromId, at: new Date(created[0]!.at), incidentId };
    },

    /** Retires a candidate (kept for the record); `actorId` null: the system, under an automatic policy. */
    /** Retires a candidate or shadow version; false when it is neither (or not the project's). */
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
