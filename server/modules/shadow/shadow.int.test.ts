import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeWebhook } from "../../testing/http-harness";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { createDeploymentsRepo } from "../deployments/deployments.repo";
import { shadowWorld } from "../../testing/shadow-world";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
});
afterAll(async () => {
  await database.drop();
});

const world = (...args: Parameters<typeof shadowWorld> extends [unknown, unknown, ...infer R] ? R : never) =>
  shadowWorld(database, services, ...args);

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
});
