import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST_SETTINGS } from "../settings/settings-profiles";
import { createProject, createUser, thresholdRule } from "../../testing/factories";
import { fakeWebhook } from "../../testing/http-harness";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { unitOfWork } from "../../db/unit-of-work";
import { outboundPolicy } from "../../net/outbound";
import { createAuditRepo } from "../audit/audit.repo";
import { createAlertsRepo } from "./alerts.repo";
import { createAlertsService } from "./alerts.service";

const KEY = randomBytes(32).toString("base64");

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let clock = new Date("2026-06-01T12:30:00Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock, publicUrl: "https://tightloop.example.com" });
});
afterAll(async () => {
  await database.drop();
});

async function project() {
  const admin = await createUser(database.db);
  const p = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  await services.settings.update(p.id, FAST_SETTINGS, admin.id);
  const model = await database.db.modelVersion.create({
    data: { projectId: p.id, name: "prod", provider: "simulated" },
  });
  await database.db.productionRoute.create({ data: { projectId: p.id, modelVersionId: model.id } });
  return { admin, projectId: p.id, modelId: model.id };
}

/** Hourly production rollups with the given pass rates (100 verdicts per hour), ending at the current hour. */
async function passRates(projectId: string, modelVersionId: string, rates: number[]) {
  const current = Math.floor(clock.getTime() / HOUR) * HOUR;
  for (const [i, rate] of rates.entries()) {
    const hour = new Date(current - (rates.length - 1 - i) * HOUR);
    const pass = Math.round(rate * 100);
    await database.db.qualityRollup.upsert({
      where: {
        projectId_hour_role_modelVersionId_topicId: {
          projectId,
          hour,
          role: "production",
          modelVersionId,
          topicId: "",
        },
      },
      create: {
        projectId,
        hour,
        role: "production",
        modelVersionId,
        topicId: "",
        interactions: 100,
        judged: 100,
        scoreSum: 300,
        passCount: pass,
        failCount: 100 - pass,
        unparseable: 0,
        negative: 10,
        explicit: 1,
        implicit: 20,
        signalCounts: {},
        latencyBuckets: [],
        latencySumMs: 0,
      },
      update: { passCount: pass, failCount: 100 - pass },
    });
  }
}

describe("webhook deliveries", () => {
  it("reach a slow receiver exactly once, even when a second worker sweeps meanwhile", async () => {
    const { admin, projectId } = await project();
    const db = database.db;
    // Each delivery takes 1.5 s; a claim's lease is 2 s. Claiming a batch up front, the third would be re-claimed.
    const slow = createAlertsService({
      repo: createAlertsRepo(db),
      settings: services.settings,
      encryptionKey: KEY,
      publicUrl: "https://tightloop.example.com",
      now: () => clock,
      audit: createAuditRepo(db),
      uow: unitOfWork(db),
      outbound: outboundPolicy({ allow: "127.0.0.1" }),
      webhookTiming: { timeoutMs: 1_900, leaseSeconds: 2 },
    });
    const hook = await fakeWebhook(0, 1_500);
    try {
      await slow.setDeploymentWebhook(projectId, hook.url, admin.id);
      await db.alertNotification.createMany({
        data: [1, 2, 3].map((n) => ({ projectId, kind: "deployment", payload: { text: `release ${n}` } })),
      });
      // The second worker's sweep comes once a lease taken at the start would have run out.
      const later = new Promise((resolve) => setTimeout(resolve, 2_100)).then(() => slow.deliverDue(10));
      const [a, b] = await Promise.all([slow.deliverDue(10), later]);
      expect(a.sent + b.sent).toBe(3);
      expect((hook.received as Array<{ text: string }>).map((r) => r.text).sort()).toEqual([
        "release 1",
        "release 2",
        "release 3",
      ]);
    } finally {
      await hook.close();
    }
  });
});

describe("quality alerts", () => {
  it("refuses a rule scoped to another project's model version", async () => {
    const mine = await project();
    const theirs = await project();
    await expect(
      services.alerts.createRule(
        mine.projectId,
        thresholdRule("Borrowed scope", { modelVersionId: theirs.modelId }),
        mine.admin.id,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await database.db.alertRule.count({ where: { projectId: mine.projectId } })).toBe(0);
  });

  it("opens an alert with a webhook, retries the delivery, and resolves after the hysteresis", async () => {
    const { admin, projectId, modelId } = await project();
    const hook = await fakeWebhook(2);
    try {
      await services.alerts.createRule(
        projectId,
        {
          name: "Pass rate floor",
          metric: "pass_rate",
          method: "threshold",
          alertAt: 0.7,
          warnAt: 0.8,
          windowSeconds: (2 * HOUR) / 1000,
          minSamples: 50,
          lambda: 0.2,
          L: 3,
          k: 0.5,
          h: 5,
          webhookUrl: hook.url,
        },
        admin.id,
      );
      // The webhook URL is a credential: only its host is ever shown.
      const listed = await services.alerts.listRules(projectId);
      expect(JSON.stringify(listed)).not.toContain("secret-token");
      expect(listed[0]).toMatchObject({ webhookHost: new URL(hook.url).host, state: "NO_DATA" });

      await passRates(projectId, modelId, [0.9, 0.6]); // pooled 0.75: warning
      expect(await services.alerts.evaluateProject(projectId)).toBe(0);
      expect((await services.alerts.listRules(projectId))[0]!.state).toBe("WARNING");

      await passRates(projectId, modelId, [0.6, 0.6]); // 0.60: alert
      expect(await services.alerts.evaluateProject(projectId)).toBe(1);
      const [alert] = await services.alerts.listAlerts(projectId, "open");
      expect(alert!.title).toBe("Pass rate floor: judge pass rate is 60.0%: beyond the alert threshold 70.0%");
      expect(alert!.detail).toMatchObject({
        link: `https://tightloop.example.com/p/${projectId}/overview?at=${encodeURIComponent(clock.toISOString())}`,
      });

      // Delivery: two 500s, each retried after its backoff, then delivered.
      expect(await services.alerts.deliverDue()).toEqual({ sent: 0, failed: 0, retrying: 1 });
      expect(await services.alerts.deliverDue()).toEqual({ sent: 0, failed: 0, retrying: 0 }); // not due yet
      await database.db.alertNotification.updateMany({ data: { nextAttemptAt: new Date(0) } });
      expect(await services.alerts.deliverDue()).toEqual({ sent: 0, failed: 0, retrying: 1 });
      await database.db.alertNotification.updateMany({ data: { nextAttemptAt: new Date(0) } });
      expect(await services.alerts.deliverDue()).toEqual({ sent: 1, failed: 0, retrying: 0 });
      expect(hook.calls()).toBe(3);
      expect(hook.received).toEqual([
        { text: expect.stringMatching(/^\[Tightloop\] ALERT Pass rate floor: judge pass rate is 60\.0%/) },
      ]);

      // Recovery: the first OK evaluation keeps the alert (hysteresis), the second resolves it.
      await passRates(projectId, modelId, [0.95, 0.95]);
      await services.alerts.evaluateProject(projectId);
      expect((await services.alerts.listRules(projectId))[0]!.state).toBe("ALERT");
      expect(await services.alerts.evaluateProject(projectId)).toBe(1);
      expect((await services.alerts.listRules(projectId))[0]!.state).toBe("OK");
      expect(await services.alerts.listAlerts(projectId, "resolved")).toHaveLength(1);
      await services.alerts.deliverDue();
      expect(hook.received.at(-1)).toEqual({ text: expect.stringMatching(/^\[Tightloop\] resolved Pass rate floor/) });

      // The Overview at the alert's time shows it as a marker.
      const overview = await services.quality.overview(projectId, "24h", alert!.openedAt);
      expect(overview.markers.map((m) => m.id)).toEqual([alert!.id]);
    } finally {
      await hook.close();
    }
  });

  it("takes a baseline snapshot and catches a departure with CUSUM; reset baseline is a service call", async () => {
    const { admin, projectId, modelId } = await project();
    await services.settings.update(
      projectId,
      { ...FAST_SETTINGS, evaluation: { ...FAST_SETTINGS.evaluation, baselineWindowSeconds: 48 * 3600 } },
      admin.id,
    );
    // A steady day around 85 %.
    await passRates(
      projectId,
      modelId,
      Array.from({ length: 24 }, (_, i) => 0.85 + (i % 2 ? 0.02 : -0.02)),
    );
    const rule = await services.alerts.createRule(
      projectId,
      {
        name: "Pass rate CUSUM",
        metric: "pass_rate",
        method: "cusum",
        windowSeconds: 4 * 3600,
        minSamples: 50,
        lambda: 0.2,
        L: 3,
        k: 0.5,
        h: 4,
      },
      admin.id,
    );
    const [snap] = await services.alerts.listRules(projectId);
    expect(snap!.baselineMean).toBeCloseTo(0.85, 2);
    expect(snap!.baselineBuckets).toBe(24);
    expect(await services.alerts.evaluateProject(projectId)).toBe(0);
    expect((await services.alerts.listRules(projectId))[0]!.state).toBe("OK");

    // The last three hours fall to 80 %: about 2.3 σ each, the CUSUM crosses h = 4.
    clock = new Date(clock.getTime() + 3 * HOUR);
    await passRates(projectId, modelId, [0.8, 0.8, 0.8, 0.8]);
    await services.alerts.evaluateProject(projectId);
    expect((await services.alerts.listRules(projectId))[0]!.state).toBe("ALERT");
    expect(await services.alerts.listAlerts(projectId, "open")).toHaveLength(1);

    // After a promotion the baseline is reset to the new normal.
    const reset = await services.alerts.resetBaseline(projectId, rule.id);
    expect(reset.baseline!.mean).toBeLessThan(0.85);
  });
});
