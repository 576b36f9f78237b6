import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../stats/random";
import { createProject, createUser } from "../../testing/factories";
import { incidentFixture, simulatedJudge } from "../../testing/loop";
import { fakeWebhook } from "../../testing/http-harness";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { createModelsRepo } from "../models/models.repo";
import { STANDARD_SETTINGS } from "../settings/settings-profiles";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
});
afterAll(async () => {
  await database.drop();
});

/**
 * A project with production (support-bot-v1) and a candidate trained for an incident on "refunds", in shadow, with
 * `n` judged pairs: the candidate fixes refunds (passes `candidateRefunds` of them, production 0.4) and matches
 * production on billing.
 */
async function world(n: number, requiredApprovals = 1, candidateRefunds = 0.9) {
  const admin = await createUser(database.db);
  const lead = await createUser(database.db);
  const project = await createProject(database.db, {
    members: [
      { userId: admin.id, role: "admin" },
      { userId: lead.id, role: "ml_lead" },
    ],
  });
  await services.settings.update(
    project.id,
    { ...STANDARD_SETTINGS, shadow: { ...STANDARD_SETTINGS.shadow, minPairedSamples: 100, requiredApprovals } },
    admin.id,
  );
  const production = await services.models.create(
    project.id,
    { provider: "simulated", name: "support-bot-v1", profile: "support-bot-v1" },
    admin.id,
  );
  const candidate = await services.models.create(
    project.id,
    { provider: "simulated", name: "support-bot-v1-ft", profile: "support-bot-v1" },
    admin.id,
  );
  await services.models.setStatus(project.id, candidate.id, "shadow", 0.5, admin.id);
  const refunds = await database.db.topic.create({ data: { projectId: project.id, label: "refunds" } });
  const billing = await database.db.topic.create({ data: { projectId: project.id, label: "billing" } });
  const incident = await incidentFixture(database.db, project.id, {
    title: "refunds",
    topicId: refunds.id,
    status: "shadow",
  });
  const now = new Date();
  const dataset = await database.db.dataset.create({
    data: { projectId: project.id, incidentId: incident.id, name: "d", kind: "sft" },
  });
  await database.db.fineTuneJob.create({
    data: {
      projectId: project.id,
      datasetId: dataset.id,
      incidentId: incident.id,
      method: "lora_sft",
      backend: "simulated",
      baseModelVersionId: production.id,
      status: "succeeded",
      candidateModelVersionId: candidate.id,
    },
  });
  const judge = await simulatedJudge(services, project.id, admin.id);
  const random = seededRandom(n);
  for (let i = 0; i < n; i++) {
    const onRefunds = i % 2 === 0;
    const productionPass = onRefunds ? random() < 0.4 : random() < 0.85;
    const candidatePass = onRefunds ? random() < candidateRefunds : random() < 0.85;
    const topicId = onRefunds ? refunds.id : billing.id;
    const startedAt = new Date(now.getTime() - (n - i) * 1000);
    const p = await database.db.interaction.create({
      data: {
        projectId: project.id,
        modelVersionId: production.id,
        topicId,
        input: [],
        output: `prod ${i}`,
        queryText: `q ${i}`,
        startedAt,
      },
    });
    const s = await database.db.interaction.create({
      data: {
        projectId: project.id,
        modelVersionId: candidate.id,
        role: "shadow",
        shadowOfId: p.id,
        topicId,
        input: [],
        output: `cand ${i}`,
        queryText: `q ${i}`,
        startedAt,
      },
    });
    await database.db.judgeScore.createMany({
      data: [
        [p.id, productionPass],
        [s.id, candidatePass],
      ].map(([interactionId, pass]) => ({
        projectId: project.id,
        interactionId: interactionId as string,
        ...judge,
        status: "ok",
        score: pass ? 5 : 1,
        pass: pass as boolean,
        confidence: 0.9,
      })),
    });
  }
  return { projectId: project.id, adminId: admin.id, leadId: lead.id, production, candidate, incident };
}

describe("shadow comparison, gates and promotion", () => {
  it("compares the pairs, gates on approvals, promotes atomically under gateway traffic, and rolls back", async () => {
    const w = await world(240);
    const view = await services.shadow.comparison(w.projectId, w.candidate.id);
    expect(view.summary.n).toBe(240);
    expect(view.summary.incident!.candidate!).toBeLessThan(view.summary.incident!.production!);
    expect(view.summary.biggestWins[0]).toMatchObject({
      query: expect.stringMatching(/^q /),
      candidateAnswer: expect.stringMatching(/^cand /),
    });
    expect(view.gates.evidenceOk).toBe(true);
    expect(view.gates.allPass).toBe(false); // one approval needed

    await expect(services.shadow.promote(w.projectId, w.candidate.id, w.leadId, null)).rejects.toThrow(/override/);
    expect(await services.shadow.approve(w.projectId, w.candidate.id, w.leadId, null)).toEqual({ approvals: 1 });

    // The gateway reads its targets while the switch happens: every read sees exactly one production version.
    const models = createModelsRepo(database.db);
    let reading = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (reading) {
        const t = await models.gatewayTargets(w.projectId);
        expect(t.production).not.toBeNull();
        seen.add(t.production!.id);
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const promoted = await services.shadow.promote(w.projectId, w.candidate.id, w.leadId, null);
    await new Promise((r) => setTimeout(r, 50));
    reading = false;
    await reader;
    expect(seen).toEqual(new Set([w.production.id, w.candidate.id]));
    expect(promoted.incidentId).toBe(w.incident.id);

    const versions = await database.db.modelVersion.findMany({
      where: { projectId: w.projectId },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(versions.map((v) => [v.id, v.status]))).toEqual({
      [w.production.id]: "retired",
      [w.candidate.id]: "production",
    });
    const incident = await database.db.incident.findUniqueOrThrow({ where: { id: w.incident.id } });
    expect(incident.status).toBe("resolved");
    expect(incident.deployedAt).not.toBeNull();
    const [record] = await services.shadow.history(w.projectId);
    expect(record).toMatchObject({
      action: "promote",
      fromModelVersionId: w.production.id,
      toModelVersionId: w.candidate.id,
      actorId: w.leadId,
    });
    expect(record!.gates).toMatchObject({
      n: 240,
      checks: expect.arrayContaining([expect.objectContaining({ key: "samples", pass: true })]),
    });
    expect(await services.patterns.scan(w.projectId, { force: true })).toMatchObject({ opened: [] });

    // Rollback: one click, audited, the previous version serves again.
    await services.shadow.rollback(w.projectId, w.adminId, "latency spike");
    expect(
      (await database.db.productionRoute.findUniqueOrThrow({ where: { projectId: w.projectId } })).modelVersionId,
    ).toBe(w.production.id);
    const audit = await database.db.auditLog.findMany({
      where: { projectId: w.projectId, action: { in: ["model.promote", "model.rollback", "candidate.approve"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["candidate.approve", "model.promote", "model.rollback"]);
    expect(audit[2]!.detail).toMatchObject({ reason: "latency spike" });
  });

  it("blocks a promotion without enough pairs unless overridden with a reason, and rejects with a reason", async () => {
    const w = await world(30, 0);
    const view = await services.shadow.comparison(w.projectId, w.candidate.id);
    expect(view.gates.checks.find((c) => c.key === "samples")).toMatchObject({ pass: false, value: "30" });
    expect(await services.shadow.promoteIfReady(w.projectId, w.candidate.id)).toBeNull();
    await expect(services.shadow.approve(w.projectId, w.candidate.id, w.leadId, null)).rejects.toThrow(/override/);
    await services.shadow.reject(w.projectId, w.candidate.id, w.leadId, "too few samples and it looks worse");
    expect((await database.db.modelVersion.findUniqueOrThrow({ where: { id: w.candidate.id } })).status).toBe(
      "retired",
    );
    await expect(services.shadow.promote(w.projectId, w.candidate.id, w.leadId, "because")).rejects.toThrow(
      /Only a candidate/,
    );
  });

  it("promotes on its own when the policy needs no approval and every check passes, and posts it to the webhook", async () => {
    const w = await world(240, 0);
    const hook = await fakeWebhook();
    expect(await services.alerts.setDeploymentWebhook(w.projectId, hook.url, w.adminId)).toEqual({
      host: new URL(hook.url).host,
    });
    expect(JSON.stringify(await services.alerts.deploymentWebhook(w.projectId))).not.toContain("secret-token");
    expect(await services.shadow.automaticCandidates()).toContainEqual({
      projectId: w.projectId,
      candidateId: w.candidate.id,
    });
    const result = await services.shadow.promoteIfReady(w.projectId, w.candidate.id);
    expect(result).toMatchObject({ action: "promote" });
    const [record] = await services.shadow.history(w.projectId);
    expect(record).toMatchObject({ action: "promote", automatic: true, actorId: null });

    // Queued with the switch, delivered by the notification job (Slack-compatible { text }).
    try {
      expect(await services.alerts.deliverDue()).toMatchObject({ sent: 1, failed: 0 });
      expect(hook.received).toHaveLength(1);
      const { text } = hook.received[0] as { text: string };
      expect(text).toMatch(
        /^\[Tightloop\] support-bot-v1-ft promoted to production \(replacing support-bot-v1\) by the system/,
      );
      expect(text).toMatch(
        /240 paired samples, mean judge-score Δ \d\.\d\d, sequential p = 0\.\d{4}; every gate passed/,
      );
      expect(text).toContain(`/p/${w.projectId}/deployments`);

      await services.shadow.rollback(w.projectId, w.leadId, "support tickets doubled");
      await services.alerts.deliverDue();
      expect((hook.received[1] as { text: string }).text).toMatch(
        /^\[Tightloop\] ROLLBACK: production is back on support-bot-v1 \(was support-bot-v1-ft\) by .+: support tickets doubled/,
      );
    } finally {
      await hook.close();
    }
  });

  it("under an automatic policy, rejects a candidate that is significantly worse (futility), with the numbers", async () => {
    const w = await world(240, 0, 0.05);
    const result = await services.shadow.promoteIfReady(w.projectId, w.candidate.id);
    expect(result).toMatchObject({ action: "reject" });
    expect(result!.action === "reject" && result!.reason).toMatch(
      /^significantly worse than production after 240 pairs: always-valid interval for the mean judge-score difference \[-\d\.\d\d, -\d\.\d\d\]$/,
    );
    expect(await database.db.modelVersion.findUniqueOrThrow({ where: { id: w.candidate.id } })).toMatchObject({
      status: "retired",
      mirrorFraction: 0,
    });
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: w.projectId, action: "candidate.reject" },
    });
    expect(audit).toMatchObject({ actorId: null, detail: { reason: result!.action === "reject" && result!.reason } });
    expect(await services.shadow.history(w.projectId)).toEqual([]);
  });
});
