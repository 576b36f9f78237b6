import { open, seal } from "../../crypto/secret-box";
import { refuseUnlessAllowed, type Outbound } from "../../net/outbound";
import { DomainError, unchanged } from "../../errors";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { SettingsService } from "../settings/settings.service";
import { assess, baselineOf, transition, type AlertState, type Metric, type Method } from "./alert-rules";
import type { CreateAlertRuleInput } from "./alerts.schema";
import type { AlertsRepo } from "./alerts.repo";

const METRIC_LABELS: Record<Metric, string> = {
  pass_rate: "judge pass rate",
  mean_score: "mean judge score",
  negative_rate: "negative-signal rate",
};
const format = (metric: Metric, v: number | null) =>
  v === null ? "n/a" : metric === "mean_score" ? v.toFixed(2) : `${(v * 100).toFixed(1)}%`;

/** Webhook attempts before a delivery is marked failed; seconds before attempt n + 1. */
const MAX_DELIVERY_ATTEMPTS = 6;
const deliveryBackoffSeconds = (attempts: number) => Math.min(600, 5 * 2 ** (attempts - 1));

export function createAlertsService({
  repo,
  settings,
  encryptionKey,
  publicUrl,
  now,
  audit,
  uow,
  outbound,
  webhookTiming = { timeoutMs: 10_000, leaseSeconds: 60 },
}: {
  repo: AlertsRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  settings: SettingsService;
  encryptionKey: string;
  /** The app's public URL, for links in notifications. */
  publicUrl: string;
  now: () => Date;
  /** Webhook deliveries and the save-time check of webhook URLs (server/net/outbound.ts). */
  outbound: Outbound;
  /** A delivery's timeout, and the lease of its claim (which must outlast it). */
  webhookTiming?: { timeoutMs: number; leaseSeconds: number };
}) {
  const dashboardLink = (projectId: string, at: Date) =>
    `${publicUrl.replace(/\/+$/, "")}/p/${projectId}/overview?at=${encodeURIComponent(at.toISOString())}`;

  async function resetBaseline(projectId: string, ruleId: string) {
    const rule = await repo.rule(projectId, ruleId);
    if (!rule) throw new DomainError("NOT_FOUND", "Alert rule not found");
    const windowSeconds = (await settings.get(projectId)).evaluation.baselineWindowSeconds;
    const to = now();
    const from = new Date(to.getTime() - windowSeconds * 1000);
    const modelVersionId = rule.modelVersionId ?? (await repo.productionVersionId(projectId));
    const buckets = await repo.buckets(
      projectId,
      rule.metric as Metric,
      { modelVersionId, topicId: rule.topicId },
      from,
      to,
    );
    const baseline = baselineOf(buckets);
    await repo.saveBaseline(rule.id, baseline, from, to);
    return { ruleId: rule.id, baseline, from, to };
  }

  return {
    listRules: repo.listRules,

    async createRule(projectId: string, input: CreateAlertRuleInput, actorId: string) {
      if (input.webhookUrl) await refuseUnlessAllowed(outbound, input.webhookUrl);
      const params =
        input.method === "ewma"
          ? { lambda: input.lambda, L: input.L }
          : input.method === "cusum"
            ? { k: input.k, h: input.h }
            : {};
      const data = {
        projectId,
        name: input.name,
        metric: input.metric,
        modelVersionId: input.modelVersionId ?? null,
        topicId: input.topicId ?? null,
        method: input.method,
        warnAt: input.warnAt ?? null,
        alertAt: input.alertAt ?? null,
        params,
        windowSeconds: input.windowSeconds,
        minSamples: input.minSamples,
        webhookSealed: input.webhookUrl ? seal(input.webhookUrl, encryptionKey) : null,
        webhookHost: input.webhookUrl ? new URL(input.webhookUrl).host : null,
        createdById: actorId,
      };
      const rule = await uow(async (tx) => {
        if (await repo.hasRuleNamed(tx, projectId, input.name))
          throw new DomainError("CONFLICT", `An alert rule named ${input.name} already exists`);
        // Another project's version or topic would be stored and read across tenants.
        if (!(await repo.ownsScope(tx, projectId, data)))
          throw new DomainError("NOT_FOUND", "Model version or topic not found");
        const created = await repo.createRule(tx, data);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "alert_rule.create",
          targetType: "alert_rule",
          targetId: created.id,
          detail: { name: input.name, metric: input.metric, method: input.method, webhook: data.webhookHost },
        });
        return created;
      });
      // EWMA and CUSUM compare with a baseline: take the first snapshot now.
      await resetBaseline(projectId, rule.id);
      return rule;
    },

    async updateRule(
      projectId: string,
      ruleId: string,
      change: { enabled?: boolean; webhookUrl?: string | null },
      actorId: string,
    ) {
      if (change.webhookUrl) await refuseUnlessAllowed(outbound, change.webhookUrl);
      const fields = {
        enabled: change.enabled,
        ...(change.webhookUrl === undefined
          ? {}
          : change.webhookUrl === null
            ? { webhookSealed: null, webhookHost: null }
            : {
                webhookSealed: seal(change.webhookUrl, encryptionKey),
                webhookHost: new URL(change.webhookUrl).host,
              }),
      };
      await uow(async (tx) => {
        if (!(await repo.updateRule(tx, projectId, ruleId, fields)))
          throw new DomainError("NOT_FOUND", "Alert rule not found");
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "alert_rule.update",
          targetType: "alert_rule",
          targetId: ruleId,
          detail: { enabled: fields.enabled, webhook: "webhookHost" in fields ? fields.webhookHost : undefined },
        });
      });
    },

    /** A new baseline snapshot from the last baseline window (the promotion issue calls this after a promotion). */
    resetBaseline,

    async resetAllBaselines(projectId: string) {
      const rules = await repo.listRules(projectId);
      return Promise.all(rules.map((r) => resetBaseline(projectId, r.id)));
    },

    /**
     * Evaluates every enabled rule of a project on the current rollups; opens an alert (with its webhook
     * notification) on entering ALERT and resolves it after the hysteresis clears. Returns notifications queued.
     */
    async evaluateProject(projectId: string): Promise<number> {
      const at = now();
      let queued = 0;
      const production = await repo.productionVersionId(projectId);
      for (const rule of await repo.enabledRules(projectId)) {
        const metric = rule.metric as Metric;
        const modelVersionId = rule.modelVersionId ?? production;
        const window = await repo.buckets(
          projectId,
          metric,
          { modelVersionId, topicId: rule.topicId },
          new Date(at.getTime() - rule.windowSeconds * 1000),
          at,
        );
        const baseline =
          rule.baselineMean !== null && rule.baselineSigma !== null
            ? { mean: rule.baselineMean, sigma: rule.baselineSigma, buckets: rule.baselineBuckets ?? 0 }
            : null;
        const result = assess(
          {
            metric,
            method: rule.method as Method,
            warnAt: rule.warnAt,
            alertAt: rule.alertAt,
            params: rule.params as { lambda?: number; L?: number; k?: number; h?: number },
            minSamples: rule.minSamples,
          },
          window,
          baseline,
          (v) => format(metric, v),
        );
        const next = transition(rule.state as AlertState, rule.okStreak, result.level);
        const line = `${METRIC_LABELS[metric]} is ${format(metric, result.value)}${
          baseline ? ` (baseline ${format(metric, baseline.mean)})` : ""
        }: ${result.reason}`;
        const link = dashboardLink(projectId, at);
        // The rule's state, the alert it opens or resolves and each webhook notification commit together.
        const saved = await uow((tx) =>
          repo.saveEvaluation(tx, {
            projectId,
            ruleId: rule.id,
            state: next.state,
            stateChanged: next.state !== rule.state,
            okStreak: next.okStreak,
            value: result.value,
            at,
            open: next.opened
              ? {
                  title: `${rule.name}: ${line}`,
                  detail: {
                    metric,
                    method: rule.method,
                    value: result.value,
                    statistic: result.statistic,
                    baselineMean: baseline?.mean ?? null,
                    baselineSigma: baseline?.sigma ?? null,
                    modelVersionId,
                    topicId: rule.topicId,
                    link,
                  },
                  notify: rule.webhookSealed ? { text: `[Tightloop] ALERT ${rule.name}: ${line} — ${link}` } : null,
                }
              : undefined,
            resolve: next.resolved
              ? {
                  notify: () =>
                    rule.webhookSealed
                      ? {
                          text: `[Tightloop] resolved ${rule.name}: ${METRIC_LABELS[metric]} back to ${format(metric, result.value)} — ${link}`,
                        }
                      : null,
                }
              : undefined,
          }),
        );
        queued += saved.notifications;
      }
      return queued;
    },

    listAlerts: repo.listAlerts,

    /** The project's deployment webhook (promotions and rollbacks are posted there): its host, never the URL. */
    async deploymentWebhook(projectId: string) {
      return { host: await repo.deploymentWebhookHost(projectId) };
    },

    async setDeploymentWebhook(projectId: string, webhookUrl: string | null, actorId: string) {
      if (webhookUrl !== null) await refuseUnlessAllowed(outbound, webhookUrl);
      const host = webhookUrl === null ? null : new URL(webhookUrl).host;
      await uow(async (tx) => {
        await repo.setDeploymentWebhook(
          tx,
          projectId,
          webhookUrl === null ? null : seal(webhookUrl, encryptionKey),
          host,
        );
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "project.deployment_webhook",
          targetType: "project",
          targetId: projectId,
          detail: { webhook: host },
        });
      });
      return { host };
    },

    acknowledge: (projectId: string, alertId: string, actorId: string) =>
      uow(async (tx) => {
        if (!(await repo.acknowledge(tx, projectId, alertId)))
          throw unchanged(
            await repo.hasAlert(tx, projectId, alertId),
            "Alert",
            "Only an open alert can be acknowledged",
          );
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "alert.acknowledge",
          targetType: "alert",
          targetId: alertId,
        });
      }),
    projectsWithRules: repo.projectsWithRules,

    /** Sends due webhook notifications (Slack-compatible JSON), retrying failures with backoff. */
    async deliverDue(limit = 50): Promise<{ sent: number; failed: number; retrying: number }> {
      const tally = { sent: 0, failed: 0, retrying: 0 };
      // One claim per delivery, right before it is sent: the lease (60 s) always outlasts the one send it covers (at
      // most 10 s), so a slow receiver can never see a notification re-claimed and delivered twice.
      for (let i = 0; i < limit; i++) {
        const [n] = await repo.claimNotifications(1, webhookTiming.leaseSeconds);
        if (!n) break;
        const sealed = await repo.webhookOf(n);
        if (!sealed) {
          await repo.notificationFailed(n.id, "no webhook any more", null);
          tally.failed++;
          continue;
        }
        let error: string | null = null;
        try {
          const res = await outbound.fetch(open(sealed, encryptionKey), {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(n.payload),
            signal: AbortSignal.timeout(webhookTiming.timeoutMs),
          });
          await res.body?.cancel();
          if (!res.ok) error = `HTTP ${res.status}`;
        } catch (e) {
          // The URL is a credential: report only the kind of failure.
          error = e instanceof Error && e.name === "TimeoutError" ? "timeout" : "unreachable";
        }
        if (error === null) {
          await repo.notificationSent(n.id);
          tally.sent++;
        } else if (n.attempts >= MAX_DELIVERY_ATTEMPTS) {
          await repo.notificationFailed(n.id, `${error} (gave up after ${n.attempts} attempts)`, null);
          tally.failed++;
        } else {
          await repo.notificationFailed(n.id, error, deliveryBackoffSeconds(n.attempts));
          tally.retrying++;
        }
      }
      return tally;
    },
  };
}
