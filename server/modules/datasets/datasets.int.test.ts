import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, createUser } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
const clock = new Date("2026-06-10T12:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
});
afterAll(async () => {
  await database.drop();
});

describe("datasets from an incident", () => {
  it("mines the incident's sessions into SFT rows and DPO pairs with provenance, and exports them", async () => {
    const admin = await createUser(database.db);
    const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
    const p = project.id;
    const topic = await database.db.topic.create({ data: { projectId: p, label: "refunds" } });
    const rubric = await services.evaluation.createRubric(
      p,
      "Q",
      {
        criteria: [{ name: "c", description: "d", scale: "pass_fail" }],
        failureCategories: ["incorrect"],
        examples: [],
      },
      admin.id,
    );
    const judge = await services.evaluation.createJudge(
      p,
      { provider: "simulated", name: "j", rubricVersionId: rubric.versionId, sampleRate: 1, filters: {}, noise: 0 },
      admin.id,
    );
    let n = 0;
    async function answer(question: string, output: string, verdict: { pass: boolean } | null) {
      const id = `ix_${crypto.randomUUID()}`;
      await database.db.interaction.create({
        data: {
          id,
          projectId: p,
          topicId: topic.id,
          input: [{ role: "user", content: question }],
          output,
          queryText: question,
          startedAt: new Date(clock.getTime() - 600_000 + n++ * 1000),
          processedAt: clock,
        },
      });
      if (verdict) {
        await database.db.judgeScore.create({
          data: {
            projectId: p,
            interactionId: id,
            judgeConfigId: judge.id,
            rubricVersionId: rubric.versionId,
            status: "ok",
            score: verdict.pass ? 5 : 1,
            pass: verdict.pass,
            category: verdict.pass ? null : "incorrect",
            confidence: 0.9,
          },
        });
      }
      return id;
    }
    const signal = (
      interactionId: string,
      type: string,
      polarity: "negative" | "positive",
      source: "implicit" | "human",
      evidence: object,
    ) =>
      database.db.signal.create({
        data: {
          projectId: p,
          interactionId,
          type,
          polarity,
          strength: 0.9,
          source,
          evidence,
          dedupeKey: `${type}:${interactionId}`,
          occurredAt: clock,
        },
      });

    // Session 1: a wrong answer, rephrased, and the second answer accepted.
    const wrong = await answer("How long do refunds take?", "Refunds take 90 days.", { pass: false });
    const accepted = await answer("refund time in days?", "Refunds arrive within 5–7 business days.", { pass: true });
    await signal(wrong, "rephrase", "negative", "implicit", { nextInteractionId: accepted });
    // Session 2: a wrong answer the user copied and corrected.
    const corrected = await answer("Refund after 30 days?", "Never.", { pass: false });
    await signal(corrected, "correction", "negative", "implicit", {
      correctedText: "Yes, within 60 days with a receipt.",
    });
    // A confirmed good answer, and one with an e-mail address in it (left out by the PII rule).
    const good = await answer("Where do I see my refund?", "Billing → Refunds lists every refund.", { pass: true });
    await signal(good, "human_pass", "positive", "human", { label: "pass" });
    const personal = await answer("Refund to ana@example.com?", "No.", { pass: false });
    await signal(personal, "correction", "negative", "implicit", {
      correctedText: "Refunds go back to the card used.",
    });

    const pattern = await database.db.failurePattern.create({
      data: { projectId: p, topicId: topic.id, category: "incorrect" },
    });
    const incident = await database.db.incident.create({
      data: {
        projectId: p,
        patternId: pattern.id,
        title: "refunds",
        failureAt: clock,
        signalAt: clock,
        triggeredAt: clock,
        evidence: { topic: "refunds" },
      },
    });

    const built = await services.datasets.buildFromIncident(
      p,
      { incidentId: incident.id, holdoutPercent: 0, excludePii: true },
      admin.id,
    );
    expect(built.stats).toMatchObject({
      failures: 3,
      confirmedGood: 1,
      byKind: { sft: 2, dpo: 2 },
      bySource: { accepted_after_rephrase: 1, user_correction: 2, judge_and_human_confirmed: 1 },
      piiExcluded: 2,
    });
    const preview = await services.datasets.preview(p, built.datasetId);
    const pair = preview.examples.find((e) => e.source === "accepted_after_rephrase")!;
    expect(pair).toMatchObject({
      kind: "dpo",
      chosen: "Refunds arrive within 5–7 business days.",
      rejected: "Refunds take 90 days.",
      provenance: { interactionIds: [wrong, accepted] },
    });

    const sft = await services.datasets.export(p, built.datasetId, "openai_chat", "train");
    expect(sft.lines).toBe(2);
    for (const line of sft.content.split("\n")) {
      const parsed = JSON.parse(line) as { messages: Array<{ role: string; content: string }> };
      expect(parsed.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    }
    const dpo = await services.datasets.export(p, built.datasetId, "preference", "all");
    expect(dpo.filename).toMatch(/\.dpo\.all\.jsonl$/);
    expect(dpo.content.split("\n").map((l) => Object.keys(JSON.parse(l) as object).sort())).toEqual([
      ["chosen", "prompt", "rejected"],
      ["chosen", "prompt", "rejected"],
    ]);
    expect(await database.db.auditLog.count({ where: { projectId: p, action: "dataset.build" } })).toBe(1);
  });
});
