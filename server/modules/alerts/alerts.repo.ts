import { sql } from "kysely";
import { utcParam } from "../../db/sql";
import { sqlDb, type Db } from "../../db";
import type { Prisma } from "../../db/types";
import type { Executor } from "../../db/unit-of-work";
import type { AlertState, Bucket, Metric } from "./alert-rules";

const ruleSelect = {
  id: true,
  name: true,
  metric: true,
  modelVersionId: true,
  topicId: true,
  method: true,
  warnAt: true,
  alertAt: true,
  params: true,
  windowSeconds: true,
  minSamples: true,
  webhookHost: true,
  enabled: true,
  state: true,
  stateSince: true,
  okStreak: true,
  lastValue: true,
  lastEvaluatedAt: true,
  baselineMean: true,
  baselineSigma: true,
  baselineBuckets: true,
  baselineFrom: true,
  baselineTo: true,
  createdAt: true,
} as const;

const NUM_DEN: Record<Metric, [string, string]> = {
  pass_rate: ["sum(pass_count)", "sum(pass_count + fail_count)"],
  mean_score: ["sum(score_sum)", "sum(judged)"],
  negative_rate: ["sum(negative)", "sum(interactions)"],
};

export function createAlertsRepo(db: Db) {
  const pool = () => sqlDb(db);
  return {
    listRules(projectId: string) {
      return db.alertRule.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, select: ruleSelect });
    },

    /** Rules to evaluate, with the sealed webhook (never leaves the server). */
    enabledRules(projectId: string) {
      return db.alertRule.findMany({
        where: { projectId, enabled: true },
        select: { ...ruleSelect, webhookSealed: true },
      });
    },

    rule(projectId: string, ruleId: string) {
      return db.alertRule.findFirst({
        where: { id: ruleId, projectId },
        select: { ...ruleSelect, webhookSealed: true },
      });
    },

    /** Whether the model version and the topic (each when given) are this project's. */
    async ownsScope(tx: Executor, projectId: string, scope: { modelVersionId: string | null; topicId: string | null }) {
      const [version, topic] = await Promise.all([
        scope.modelVersionId
          ? tx.modelVersion.findFirst({ where: { id: scope.modelVersionId, projectId }, select: { id: true } })
          : { id: "" },
        scope.topicId
          ? tx.topic.findFirst({ where: { id: scope.topicId, projectId }, select: { id: true } })
          : { id: "" },
      ]);
      return version !== null && topic !== null;
    },

    hasAlert: async (tx: Executor, projectId: string, id: string) =>
      (await tx.alert.count({ where: { projectId, id } })) > 0,

    hasRuleNamed: async (tx: Executor, projectId: string, name: string) =>
      (await tx.alertRule.findFirst({ where: { projectId, name }, select: { id: true } })) !== null,

    createRule: (tx: Executor, data: Prisma.AlertRuleUncheckedCreateInput) =>
      tx.alertRule.create({ data, select: { id: true } }),

    /** False when the rule is not the project's. */
    async updateRule(
      tx: Executor,
      projectId: string,
      ruleId: string,
      change: { enabled?: boolean; webhookSealed?: string | null; webhookHost?: string | null },
    ) {
      const res = await tx.alertRule.updateMany({ where: { id: ruleId, projectId }, data: change });
      return res.count === 1;
    },

    /** Where promotions and rollbacks are posted: the host only (the URL is a credential). */
    async deploymentWebhookHost(projectId: string): Promise<string | null> {
      const row = await db.project.findUnique({ where: { id: projectId }, select: { deployWebhookHost: true } });
      return row?.deployWebhookHost ?? null;
    },

    async setDeploymentWebhook(tx: Executor, projectId: string, sealed: string | null, host: string | null) {
      await tx.project.update({
        where: { id: projectId },
        data: { deployWebhookSealed: sealed, deployWebhookHost: host },
      });
    },

    /** The version serving production now (rules without a version follow it). */
    async productionVersionId(projectId: string): Promise<string | null> {
      const row = await db.productionRoute.findUnique({ where: { projectId }, select: { modelVersionId: true } });
      return row?.modelVersionId ?? null;
    },

    /** Hourly production buckets of a metric over [from, to), oldest first. */
    async buckets(
      projectId: string,
      metric: Metric,
      filter: { modelVersionId: string | null; topicId: string | null },
      from: Date,
      to: Date,
    ): Promise<Bucket[]> {
      const [num, den] = NUM_DEN[metric];
      const { rows } = await sql<{
        num: number;
        den: number;
      }>`SELECT (${sql.raw(num)})::float8 AS num, (${sql.raw(den)})::float8 AS den FROM quality_rollups
         WHERE project_id = ${projectId} AND role = 'production'
           AND (${filter.modelVersionId}::text IS NULL OR model_version_id = ${filter.modelVersionId}) AND (${filter.topicId}::text IS NULL OR topic_id = ${filter.topicId})
           AND hour >= date_trunc('hour', ${from.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND hour < ${utcParam(to.toISOString())}
         GROUP BY hour ORDER BY hour`.execute(pool());
      return rows;
    },

    saveBaseline(
      ruleId: string,
      baseline: { mean: number; sigma: number; buckets: number } | null,
      from: Date,
      to: Date,
    ) {
      return db.alertRule.update({
        where: { id: ruleId },
        data: {
          baselineMean: baseline?.mean ?? null,
          baselineSigma: baseline?.sigma ?? null,
          baselineBuckets: baseline?.buckets ?? null,
          baselineFrom: from,
          baselineTo: to,
        },
      });
    },

    /**
     * Stores an evaluation; when it opens or resolves an alert, the alert row and its webhook notification are
     * written in the same transaction (a crash never leaves one without the other).
     */
    async saveEvaluation(
      tx: Executor,
      input: {
        projectId: string;
        ruleId: string;
        state: AlertState;
        stateChanged: boolean;
        okStreak: number;
        value: number | null;
        at: Date;
        open?: { title: string; detail: Prisma.InputJsonObject; notify: Prisma.InputJsonObject | null };
        resolve?: { notify: (alert: { id: string; title: string }) => Prisma.InputJsonObject | null };
      },
    ): Promise<{ notifications: number }> {
      let notifications = 0;
      await tx.alertRule.update({
        where: { id: input.ruleId },
        data: {
          state: input.state,
          okStreak: input.okStreak,
          lastValue: input.value,
          lastEvaluatedAt: input.at,
          ...(input.stateChanged ? { stateSince: input.at } : {}),
        },
      });
      if (input.open) {
        const alert = await tx.alert.create({
          data: {
            projectId: input.projectId,
            kind: "quality",
            severity: "critical",
            title: input.open.title,
            detail: input.open.detail,
            ruleId: input.ruleId,
            openedAt: input.at,
          },
          select: { id: true },
        });
        if (input.open.notify) {
          await tx.alertNotification.create({
            data: { projectId: input.projectId, alertId: alert.id, ruleId: input.ruleId, payload: input.open.notify },
          });
          notifications++;
        }
      }
      if (input.resolve) {
        const open = await tx.alert.findMany({
          where: { projectId: input.projectId, ruleId: input.ruleId, status: { in: ["open", "acknowledged"] } },
          select: { id: true, title: true },
        });
        for (const alert of open) {
          await tx.alert.update({ where: { id: alert.id }, data: { status: "resolved", resolvedAt: input.at } });
          const payload = input.resolve.notify(alert);
          if (payload) {
            await tx.alertNotification.create({
              data: { projectId: input.projectId, alertId: alert.id, ruleId: input.ruleId, payload },
            });
            notifications++;
          }
        }
      }
      return { notifications };
    },

    listAlerts(projectId: string, status: "open" | "acknowledged" | "resolved" | "all", from?: Date, to?: Date) {
      return db.alert.findMany({
        where: {
          projectId,
          ...(status === "all" ? {} : { status }),
          ...(from || to ? { openedAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
        },
        orderBy: { openedAt: "desc" },
        take: 200,
        select: {
          id: true,
          severity: true,
          status: true,
          title: true,
          detail: true,
          ruleId: true,
          openedAt: true,
          resolvedAt: true,
        },
      });
    },

    /** False when the alert is not open (or not the project's). */
    async acknowledge(tx: Executor, projectId: string, alertId: string) {
      const res = await tx.alert.updateMany({
        where: { id: alertId, projectId, status: "open" },
        data: { status: "acknowledged" },
      });
      return res.count === 1;
    },

    /** Claims due webhook deliveries (a lease keeps two workers from sending the same one at once). */
    async claimNotifications(limit: number, leaseSeconds: number) {
      const { rows } = await sql<{
        id: string;
        projectId: string;
        kind: string;
        ruleId: string | null;
        payload: unknown;
        attempts: number;
      }>`UPDATE alert_notifications n SET attempts = n.attempts + 1,
           next_attempt_at = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds})
         WHERE n.id IN (SELECT id FROM alert_notifications WHERE status = 'pending'
                          AND next_attempt_at <= now() AT TIME ZONE 'UTC'
                        ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
         RETURNING n.id, n.project_id, n.kind, n.rule_id, n.payload, n.attempts`.execute(pool());
      return rows;
    },

    /** The sealed webhook a notification goes to: its rule's, or for a deployment the project's. */
    async webhookOf(n: { kind: string; projectId: string; ruleId: string | null }): Promise<string | null> {
      if (n.kind === "deployment") {
        const row = await db.project.findUnique({ where: { id: n.projectId }, select: { deployWebhookSealed: true } });
        return row?.deployWebhookSealed ?? null;
      }
      if (!n.ruleId) return null;
      const row = await db.alertRule.findUnique({ where: { id: n.ruleId }, select: { webhookSealed: true } });
      return row?.webhookSealed ?? null;
    },

    async notificationSent(id: string) {
      await sql`UPDATE alert_notifications SET status = 'sent', sent_at = now() AT TIME ZONE 'UTC', last_error = NULL WHERE id = ${id}`.execute(
        pool(),
      );
    },

    async notificationFailed(id: string, error: string, retryInSeconds: number | null) {
      const lastError = error.slice(0, 500);
      await (
        retryInSeconds === null
          ? sql`UPDATE alert_notifications SET status = 'failed', last_error = ${lastError} WHERE id = ${id}`
          : sql`UPDATE alert_notifications SET last_error = ${lastError},
                next_attempt_at = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${retryInSeconds}) WHERE id = ${id}`
      ).execute(pool());
    },

    async projectsWithRules(): Promise<string[]> {
      const rows = await db.alertRule.findMany({
        where: { enabled: true },
        distinct: ["projectId"],
        select: { projectId: true },
      });
      return rows.map((r) => r.projectId);
    },
  };
}
export type AlertsRepo = ReturnType<typeof createAlertsRepo>;
