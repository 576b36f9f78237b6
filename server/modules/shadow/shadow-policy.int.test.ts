import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { shadowGatesJob } from "../../jobs/shadow-gates.job";
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

describe("shadow gates under an automatic policy, and the slice", () => {
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
