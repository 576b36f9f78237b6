import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../stats/random";
import { createProject, createUser } from "../../testing/factories";
import { incidentFixture, simulatedJudge, trainedFor } from "../../testing/loop";
import { fakeWebhook } from "../../testing/http-harness";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { shadowGatesJob } from "../../jobs/shadow-gates.job";
import { createDeploymentsRepo } from "../deployments/deployments.repo";
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
 * `n` judged pairs, half of them in the incident's slice (refunds, marked as the gateway marks them): the candidate
 * passes `candidateRefunds` of the slice (production 0.4) and `candidateBilling` of the rest (production 0.85).
 */
async function world(
  n: number,
  requiredApprovals = 1,
  candidateRefunds = 0.9,
  candidateBilling = 0.85,
  shadowSettings: Partial<typeof STANDARD_SETTINGS.shadow> = {},
) {
  const admin = await createUser(database.db);
  const lead = await createUser(database.db);
  const secondLead = await createUser(database.db);
  const project = await createProject(database.db, {
    members: [
      { userId: admin.id, role: "admin" },
      { userId: lead.id, role: "ml_lead" },
      { userId: secondLead.id, role: "ml_lead" },
    ],
  });
  await services.settings.update(
    project.id,
    {
      ...STANDARD_SETTINGS,
      shadow: { ...STANDARD_SETTINGS.shadow, minPairedSamples: 100, requiredApprovals, ...shadowSettings },
    },
    admin.id,
  );
  const production = await services.deployments.create(
    project.id,
    { provider: "simulated", name: "support-bot-v1", profile: "support-bot-v1" },
    admin.id,
  );
  const candidate = await services.deployments.create(
    project.id,
    { provider: "simulated", name: "support-bot-v1-ft", profile: "support-bot-v1" },
    admin.id,
  );
  await services.deployments.setStatus(project.id, candidate.id, "shadow", 0.5, admin.id);
  const refunds = await database.db.topic.create({ data: { projectId: project.id, label: "refunds" } });
  const billing = await database.db.topic.create({ data: { projectId: project.id, label: "billing" } });
  const incident = await incidentFixture(database.db, project.id, {
    title: "refunds",
    topicId: refunds.id,
    status: "shadow",
  });
  const now = new Date();
  await trainedFor(database.db, project.id, {
    incidentId: incident.id,
    baseId: production.id,
    candidateId: candidate.id,
    by: lead.id,
  });
  const judge = await simulatedJudge(services, project.id, admin.id);
  const random = seededRandom(n);
  for (let i = 0; i < n; i++) {
    const onRefunds = i % 2 === 0;
    const productionPass = onRefunds ? random() < 0.4 : random() < 0.85;
    const candidatePass = onRefunds ? random() < candidateRefunds : random() < candidateBilling;
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
        metadata: { slice: onRefunds },
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
  return {
    projectId: project.id,
    adminId: admin.id,
    leadId: lead.id,
    secondLeadId: secondLead.id,
    production,
    candidate,
    incident,
  };
}

describe("shadow comparison, gates and promotion", () => {
  it("compares the pairs, gates on approvals, promotes atomically under gateway traffic, and rolls back", async () => {
    const w = await world(480);
    const view = await services.shadow.comparison(w.projectId, w.candidate.id);
    expect(view.summary.n).toBe(480);
    expect(view.summary.slice.n).toBe(240);
    expect(view.summary.rest!.n).toBe(240);
    expect(view.summary.slice.candidateFailureRate!).toBeLessThan(view.summary.slice.productionFailureRate!);
    expect(view.gates.checks.map((c) => c.key)).toEqual([
      "samples",
      "slice",
      "guardrail",
      "topics",
      "alerts",
      "approvals",
    ]);
    expect(view.cost).toEqual({ requests: 480, slice: 240, tokens: 0 });
    expect(view.decision.action).toBe("wait"); // the evidence is there; the policy wants an approval
    expect(view.summary.biggestWins[0]).toMatchObject({
      query: expect.stringMatching(/^q /),
      candidateAnswer: expect.stringMatching(/^cand /),
    });
    // The interaction page shows the judge's verdict on each side as text.
    const shown = await services.interactions.get(w.projectId, view.summary.biggestWins[0]!.productionInteractionId);
    expect(shown.verdicts).toEqual([
      expect.objectContaining({ status: "ok", pass: false, score: 1, judgeName: "j", judgeSimulated: true }),
    ]);
    expect(view.gates.evidenceOk).toBe(true);
    expect(view.gates.allPass).toBe(false); // one approval needed

    await expect(services.shadow.promote(w.projectId, w.candidate.id, w.leadId, null)).rejects.toThrow(/override/);
    expect(await services.shadow.approve(w.projectId, w.candidate.id, w.leadId, null)).toEqual({ approvals: 1 });

    // The gateway reads its targets while the switch happens: every read sees exactly one production version.
    const models = createDeploymentsRepo(database.db);
    let reading = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (reading) {
        const t = await models.gatewayTargets(w.projectId);
        expect(t.production).not.toBeNull();
        seen.add(t.production!.id);
      }
    })();
    // Open alerts: the incident's, one of a rule that follows production, one of a rule pinned to the old version.
    const rule = (name: string, modelVersionId: string | null) =>
      database.db.alertRule.create({
        data: {
          projectId: w.projectId,
          name,
          metric: "pass_rate",
          method: "threshold",
          windowSeconds: 3600,
          modelVersionId,
        },
      });
    const [following, pinned] = [await rule("floor", null), await rule("pinned floor", w.production.id)];
    const alert = (kind: string, title: string, ruleId: string | null, detail: object) =>
      database.db.alert.create({
        data: { projectId: w.projectId, kind, severity: "warning", title, ruleId, detail: detail as never },
      });
    const alerts = [
      await alert("incident", `Incident: ${w.incident.title}`, null, { incidentId: w.incident.id }),
      await alert("quality", "Pass rate below floor", following.id, {}),
      await alert("quality", "Pinned pass rate below floor", pinned.id, {}),
    ];
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
    // The incident's alert closes with it; production's rule starts over; the pinned rule's alert stays open.
    const after = await database.db.alert.findMany({ where: { id: { in: alerts.map((a) => a.id) } } });
    expect(alerts.map((a) => after.find((x) => x.id === a.id)!.status)).toEqual(["resolved", "resolved", "open"]);
    expect(after.find((x) => x.id === alerts[1]!.id)!.detail).toMatchObject({
      resolvedBy: "production changed (promote)",
    });
    expect(incident.deployedAt).not.toBeNull();
    const [record] = await services.shadow.history(w.projectId);
    expect(record).toMatchObject({
      action: "promote",
      fromModelVersionId: w.production.id,
      toModelVersionId: w.candidate.id,
      actorId: w.leadId,
    });
    expect(record!.gates).toMatchObject({
      n: 480,
      checks: expect.arrayContaining([expect.objectContaining({ key: "samples", pass: true })]),
    });
    expect(await services.patterns.scan(w.projectId, { force: true })).toMatchObject({ opened: [] });

    // Rollback: one click, audited, the previous version serves again.
    expect(await services.shadow.rollbackTo(w.projectId)).toEqual({
      modelVersionId: w.production.id,
      name: "support-bot-v1",
    });
    await services.shadow.rollback(w.projectId, w.adminId, "latency spike");
    expect(
      (await database.db.productionRoute.findUniqueOrThrow({ where: { projectId: w.projectId } })).modelVersionId,
    ).toBe(w.production.id);
    // A rollback never "rolls back" to the candidate it just rolled back: that is a re-promotion, gated.
    expect(await services.shadow.rollbackTo(w.projectId)).toBeNull();
    await expect(services.shadow.rollback(w.projectId, w.adminId, null)).rejects.toThrow(/no earlier production/);
    expect((await services.shadow.history(w.projectId)).map((h) => h.actorName)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
    const audit = await database.db.auditLog.findMany({
      where: { projectId: w.projectId, action: { in: ["model.promote", "model.rollback", "candidate.approve"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["candidate.approve", "model.promote", "model.rollback"]);
    expect(audit[2]!.detail).toMatchObject({ reason: "latency spike" });
  });

  it("a promotion whose audit record cannot be written does not happen (one transaction)", async () => {
    const w = await world(30, 0);
    // The audit table refuses this project's promotion records.
    await database.db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_promote_audit() RETURNS trigger AS $$
      BEGIN
        IF NEW.action = 'model.promote' AND NEW.project_id = '${w.projectId}' THEN
          RAISE EXCEPTION 'audit refused';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await database.db.$executeRawUnsafe(
      "CREATE TRIGGER refuse_promote_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION refuse_promote_audit()",
    );
    try {
      await expect(
        services.shadow.promote(w.projectId, w.candidate.id, w.leadId, "override for the test"),
      ).rejects.toThrow(/audit refused/);
    } finally {
      await database.db.$executeRawUnsafe("DROP TRIGGER refuse_promote_audit ON audit_logs");
      await database.db.$executeRawUnsafe("DROP FUNCTION refuse_promote_audit()");
    }
    const route = await database.db.productionRoute.findUniqueOrThrow({ where: { projectId: w.projectId } });
    expect(route.modelVersionId).toBe(w.production.id);
    expect((await database.db.modelVersion.findUniqueOrThrow({ where: { id: w.candidate.id } })).status).toBe("shadow");
    expect(await database.db.promotion.count({ where: { projectId: w.projectId } })).toBe(0);
    expect((await database.db.incident.findUniqueOrThrow({ where: { id: w.incident.id } })).deployedAt).toBeNull();
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
    const w = await world(480, 0);
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
    expect(record).toMatchObject({
      action: "promote",
      automatic: true,
      actorId: null,
      actorName: "the system (automatic policy)",
    });

    // Queued with the switch, delivered by the notification job (Slack-compatible { text }).
    try {
      expect(await services.alerts.deliverDue()).toMatchObject({ sent: 1, failed: 0 });
      expect(hook.received).toHaveLength(1);
      const { text } = hook.received[0] as { text: string };
      expect(text).toMatch(
        /^\[Tightloop\] support-bot-v1-ft promoted to production \(replacing support-bot-v1\) by the system/,
      );
      expect(text).toMatch(
        /480 paired samples; slice failure rate \d+\.\d% → \d+\.\d% \(n = 240\); rest \d+\.\d% → \d+\.\d%; every gate passed/,
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

  it("under an automatic policy, a candidate registered by hand waits for an ML lead: the system neither promotes nor rejects it", async () => {
    const w = await world(480, 0);
    // The same evidence, but no incident made this candidate (no fine-tune for one).
    await database.db.fineTuneJob.deleteMany({ where: { candidateModelVersionId: w.candidate.id } });
    expect(await services.shadow.promoteIfReady(w.projectId, w.candidate.id)).toBeNull();
    const view = await services.shadow.comparison(w.projectId, w.candidate.id);
    expect(view.gates.checks.find((c) => c.key === "approvals")).toMatchObject({ pass: false, threshold: "≥ 1" });
    expect(view.decision.action).toBe("wait");
    await services.shadow.approve(w.projectId, w.candidate.id, w.leadId, null);
    expect(await services.shadow.promoteIfReady(w.projectId, w.candidate.id)).toBeNull(); // still the lead's call
    await services.shadow.promote(w.projectId, w.candidate.id, w.leadId, null);
    expect((await database.db.modelVersion.findUniqueOrThrow({ where: { id: w.candidate.id } })).status).toBe(
      "production",
    );
  });

  it("under an automatic policy, rejects a candidate that cannot win on its slice (futility), with the numbers", async () => {
    const w = await world(240, 0, 0.05);
    const result = await services.shadow.promoteIfReady(w.projectId, w.candidate.id);
    expect(result).toMatchObject({ action: "reject" });
    expect(result!.action === "reject" && result!.reason).toMatch(
      /^futility: after 120 slice pairs the always-valid bound puts the failure-rate drop at \[−?\d+\.\d pts, −\d+\.\d pts\], entirely below the minimum worthwhile improvement 5\.0 pts$/,
    );
    expect(await database.db.modelVersion.findUniqueOrThrow({ where: { id: w.candidate.id } })).toMatchObject({
      status: "retired",
      mirrorFraction: 0,
    });
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: w.projectId, action: "candidate.reject" },
    });
    expect(audit).toMatchObject({
      actorId: null,
      detail: { reason: result!.action === "reject" && result!.reason, evidence: { rule: "futility" } },
    });
    expect(await services.shadow.history(w.projectId)).toEqual([]);
  });

  it("the shadow-gates job rejects a candidate that fixes the slice but harms the rest, audited with the numbers", async () => {
    const w = await world(400, 0, 0.95, 0.4);
    const view = await services.shadow.comparison(w.projectId, w.candidate.id);
    expect(view.gates.checks.find((c) => c.key === "slice")!.pass).toBe(true);
    expect(view.gates.checks.find((c) => c.key === "guardrail")!.pass).toBe(false);

    await shadowGatesJob.handler({}, { services } as never);
    expect((await database.db.modelVersion.findUniqueOrThrow({ where: { id: w.candidate.id } })).status).toBe(
      "retired",
    );
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: w.projectId, action: "candidate.reject" },
    });
    const detail = audit.detail as {
      reason: string;
      evidence: { rule: string; n: number; slice: { n: number; lower: number }; rest: { n: number; upper: number } };
    };
    expect(audit.actorId).toBeNull();
    expect(detail.reason).toMatch(
      /^harm outside the slice: after 200 pairs the always-valid bound puts the failure-rate change at \[−\d+\.\d pts, −\d+\.\d pts\], entirely worse than the margin −10\.0 pts$/,
    );
    expect(detail.evidence).toMatchObject({ rule: "harm", n: 400, slice: { n: 200 }, rest: { n: 200 } });
    expect(detail.evidence.slice.lower).toBeGreaterThan(0);
    expect(detail.evidence.rest.upper).toBeLessThan(-0.1);
    expect(await services.shadow.history(w.projectId)).toEqual([]);
  });

  it("the four-eyes rule: the fine-tune's starter cannot approve, a lone approver cannot promote, a second lead can", async () => {
    const w = await world(480, 1, 0.9, 0.85, { fourEyes: true });
    // w.leadId started the fine-tune.
    await expect(services.shadow.approve(w.projectId, w.candidate.id, w.leadId, null)).rejects.toThrow(
      /Four-eyes rule: you started this candidate's fine-tune/,
    );
    await services.shadow.approve(w.projectId, w.candidate.id, w.secondLeadId, null);
    await expect(services.shadow.promote(w.projectId, w.candidate.id, w.secondLeadId, null)).rejects.toThrow(
      /Four-eyes rule: you are this candidate's only approver/,
    );
    await expect(services.shadow.promote(w.projectId, w.candidate.id, w.leadId, null)).rejects.toThrow(
      /you started this candidate's fine-tune/,
    );
    const promoted = await services.shadow.promote(w.projectId, w.candidate.id, w.adminId, null);
    expect(promoted.incidentId).toBe(w.incident.id);
  });

  it("mirrors a query it cannot embed unmarked (decided by topic later) rather than losing the slice", async () => {
    const w = await world(0);
    const broken = testServices(database.db, {
      embedder: {
        embed: async () => {
          throw new Error("embeddings endpoint down");
        },
      },
    });
    const shadows = [{ modelVersionId: w.candidate.id, mirrorFraction: 0 }];
    expect(await broken.shadow.mirrorPlan(w.projectId, "refund please", shadows, () => 0.99)).toEqual([
      { modelVersionId: w.candidate.id, inSlice: null },
    ]);
    // With an embedder, a query far from the slice and a zero share of the rest is not mirrored.
    const flat = testServices(database.db, { embedder: { embed: async (t) => t.map(() => [0, 1]) } });
    expect(await flat.shadow.mirrorPlan(w.projectId, "weather today", shadows, () => 0.99)).toEqual([]);
  });
});
