import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAIEmbedder } from "../../llm/embeddings";
import { normal, seededRandom } from "../../stats/random";
import { createProject, createUser } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let server: Server;
let embeddingCalls = 0;
let baseURL = "";
const namingCalls: Array<{ model: string; asked: string; auth: string | null }> = [];
const clock = new Date("2026-06-10T12:00:00Z");
const DAY = 86_400_000;
const DIM = 16;
const random = seededRandom(3);

/** Axis by keyword: the fake embeddings endpoint points "refund" texts along axis 0, "invoice" along 1, … */
const AXES = ["refund", "invoice", "sso", "export"];
function vectorFor(text: string): number[] {
  const axis = AXES.findIndex((k) => text.includes(k));
  return Array.from({ length: DIM }, (_, i) => (i === (axis < 0 ? 15 : axis) ? 1 : 0) + 0.12 * normal(random));
}

beforeAll(async () => {
  // An OpenAI-compatible /v1/embeddings endpoint, called through the official client.
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url?.endsWith("/chat/completions")) {
        // The naming model: names what the questions are about (and once, with a number, a name to refuse).
        const { model, messages } = JSON.parse(body) as { model: string; messages: Array<{ content: string }> };
        const asked = messages.at(-1)!.content;
        namingCalls.push({ model, asked, auth: req.headers.authorization ?? null });
        const name = asked.includes("sso")
          ? '"Single sign-on setup."'
          : asked.includes("invoice")
            ? "Invoices 2026"
            : "Refunds";
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: name } }] }));
        return;
      }
      embeddingCalls++;
      const { input } = JSON.parse(body) as { input: string[] };
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          object: "list",
          model: "fake-embed",
          data: input.map((text, index) => ({ object: "embedding", index, embedding: vectorFor(text) })).reverse(),
          usage: { prompt_tokens: 0, total_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  database = await createTestDatabase();
  services = testServices(database.db, {
    now: () => clock,
    embedder: openAIEmbedder({ baseURL, model: "fake-embed", fetch }),
  });
});
afterAll(async () => {
  await database.drop();
  await new Promise((resolve) => server.close(resolve));
});

async function world() {
  const admin = await createUser(database.db);
  const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  const topic = async (label: string, keyword: string) =>
    (await database.db.topic.create({ data: { projectId: project.id, label, centroid: vectorFor(keyword) } })).id;
  /** n production queries about `keyword` in topic `topicId`, spread over [daysAgoFrom, daysAgoTo). */
  async function queries(keyword: string, topicId: string | null, n: number, daysAgoFrom: number, daysAgoTo = 0) {
    const rows = Array.from({ length: n }, (_, i) => ({
      id: `ix_${crypto.randomUUID()}`,
      projectId: project.id,
      topicId,
      input: [{ role: "user", content: `${keyword} question ${i}` }],
      output: "answer",
      queryText: `how do I ${keyword} thing ${keyword} ${i % 3 === 0 ? "today" : "please"}`,
      embedding: vectorFor(keyword),
      startedAt: new Date(clock.getTime() - daysAgoFrom * DAY + ((daysAgoFrom - daysAgoTo) * DAY * (i + 0.5)) / n),
      processedAt: clock,
    }));
    await database.db.interaction.createMany({ data: rows });
    return rows.map((r) => r.id);
  }
  return { projectId: project.id, adminId: admin.id, topic, queries };
}

/** Interactions per topic according to the rollups, and according to the interactions themselves. */
async function perTopic(projectId: string) {
  const rollups = await database.db.qualityRollup.groupBy({
    by: ["topicId"],
    where: { projectId },
    _sum: { interactions: true },
  });
  const direct = await database.db.interaction.groupBy({ by: ["topicId"], where: { projectId }, _count: true });
  return {
    rollups: Object.fromEntries(rollups.map((r) => [r.topicId, r._sum.interactions])),
    direct: Object.fromEntries(direct.map((r) => [r.topicId ?? "", r._count])),
  };
}

describe("re-clustering asked for by a person", () => {
  it("is handed to a worker with who asked, one per project, and reports when it was asked", async () => {
    const w = await world();
    const { requestedAt } = await services.topics.requestRecluster(w.projectId, w.adminId);
    expect(requestedAt).toEqual(clock); // the service's clock, read before the job is sent
    expect(services.queue.sent.filter((s) => s.name === "topic-recluster").at(-1)).toEqual({
      name: "topic-recluster",
      payload: { projectId: w.projectId, actorId: w.adminId },
      options: { singletonKey: w.projectId },
    });
  });
});

describe("topic names by the project's judge model", () => {
  it("names topics once per set of terms, refuses an answer that is no name, and keeps a name given by hand", async () => {
    const w = await world();
    const refunds = await w.topic("refund", "refund");
    const invoices = await w.topic("invoice", "invoice");
    await w.queries("refund", refunds, 20, 10);
    await w.queries("invoice", invoices, 20, 10);
    const sso = await w.queries("sso", null, 8, 2);
    // Without an OpenAI-compatible judge, topics keep their terms' names.
    const first = await services.topics.recluster(w.projectId, "manual", w.adminId);
    expect(first).toMatchObject({ named: 0 });
    expect(namingCalls).toHaveLength(0);

    const rubric = await services.evaluation.createRubric(
      w.projectId,
      "r",
      {
        criteria: [{ name: "Correct", description: "Right.", scale: "pass_fail" }],
        failureCategories: [],
        examples: [],
      },
      w.adminId,
    );
    await services.evaluation.createJudge(
      w.projectId,
      {
        provider: "openai-compatible",
        name: "gpt judge",
        baseUrl: baseURL,
        model: "judge-model-1",
        timeoutSeconds: 10,
        apiKey: "sk-naming-secret",
        rubricVersionId: rubric.versionId,
        sampleRate: 1,
        filters: {},
      },
      w.adminId,
    );
    const second = await services.topics.recluster(w.projectId, "manual", w.adminId);
    expect(second).toMatchObject({ named: 2 }); // refunds and SSO; "Invoices 2026" has a number: not a name
    expect(namingCalls.every((c) => c.model === "judge-model-1" && c.auth === "Bearer sk-naming-secret")).toBe(true);
    expect(namingCalls.some((c) => c.asked.includes("how do I sso thing"))).toBe(true); // the topic's own questions
    const ssoTopic = (await database.db.interaction.findUniqueOrThrow({ where: { id: sso[0]! } })).topicId!;
    const named = await database.db.topic.findUniqueOrThrow({ where: { id: ssoTopic } });
    expect(named).toMatchObject({ label: "Single sign-on setup", labelSource: "model", labelModel: "judge-model-1" });
    const invoice = await database.db.topic.findUniqueOrThrow({ where: { id: invoices } });
    expect(invoice.labelSource).toBe("terms");
    const listed = await services.topics.overview(w.projectId);
    expect(listed.topics.find((t) => t.id === ssoTopic)).toMatchObject({ labelModel: "judge-model-1" });

    // Cached: the next run keeps the names without asking again (only the refused one is asked anew).
    const calls = namingCalls.length;
    const third = await services.topics.recluster(w.projectId, "manual", w.adminId);
    expect(third).toMatchObject({ named: 0 });
    expect(namingCalls.slice(calls).every((c) => c.asked.includes("invoice"))).toBe(true);
    expect((await database.db.topic.findUniqueOrThrow({ where: { id: ssoTopic } })).label).toBe("Single sign-on setup");

    // A name given by hand is never replaced.
    await services.topics.rename(w.projectId, refunds, "Refund questions", w.adminId);
    await services.topics.recluster(w.projectId, "manual", w.adminId);
    expect((await database.db.topic.findUniqueOrThrow({ where: { id: refunds } })).label).toBe("Refund questions");
  });
});

describe("topic re-clustering", () => {
  it("moves drifted queries, opens a topic for a new group, merges a duplicate, and rebuilds the rollups it touched", async () => {
    const w = await world();
    const refunds = await w.topic("refund", "refund");
    const duplicate = await w.topic("refunds again", "refund");
    const invoices = await w.topic("invoice", "invoice");
    await w.queries("refund", refunds, 30, 10);
    await w.queries("refund", duplicate, 6, 10);
    const old = await w.queries("refund", duplicate, 2, 60, 50); // outside the window: re-pointed by the merge
    const drifted = await w.queries("refund", invoices, 2, 3);
    await w.queries("invoice", invoices, 20, 10);
    const sso = await w.queries("sso", null, 8, 2);
    await services.quality.refresh(w.projectId);

    const stats = await services.topics.recluster(w.projectId, "manual", w.adminId);
    expect(stats).toMatchObject({ points: 66, created: 1, merged: 1, reembedded: 0 });
    expect(stats!.moved).toBeGreaterThanOrEqual(2 + 6 + 8);
    expect(stats!.rollupHours).toBeGreaterThan(0);

    const rows = await database.db.interaction.findMany({
      where: { id: { in: [...drifted, ...old, ...sso] } },
      select: { id: true, topicId: true },
    });
    const topicOf = new Map(rows.map((r) => [r.id, r.topicId]));
    expect(drifted.map((id) => topicOf.get(id))).toEqual([refunds, refunds]);
    expect(old.map((id) => topicOf.get(id))).toEqual([refunds, refunds]);
    const ssoTopic = topicOf.get(sso[0]!)!;
    expect(new Set(sso.map((id) => topicOf.get(id)))).toEqual(new Set([ssoTopic]));
    const created = await database.db.topic.findUniqueOrThrow({ where: { id: ssoTopic } });
    expect(created.terms).toContain("sso");
    expect(created.label).toMatch(/^Sso/); // named as its queries say it, in sentence case
    expect((await database.db.topic.findUniqueOrThrow({ where: { id: duplicate } })).mergedIntoId).toBe(refunds);
    expect((await database.db.topic.findUniqueOrThrow({ where: { id: refunds } })).size).toBe(30 + 6 + 2 + 2);

    // The dashboards' rollups agree with the interactions again (the old hours included).
    const counts = await perTopic(w.projectId);
    expect(counts.rollups).toEqual(counts.direct);
    expect(counts.rollups[duplicate]).toBeUndefined();

    const run = await database.db.topicClustering.findFirstOrThrow({ where: { projectId: w.projectId } });
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", actorId: w.adminId });

    // A second run right after changes nothing.
    const again = await services.topics.recluster(w.projectId);
    expect(again).toMatchObject({ moved: 0, created: 0, merged: 0 });
  });

  it("re-embeds queries whose vectors came from another model, and keeps an admin's name", async () => {
    const w = await world();
    const refunds = await w.topic("refund", "refund");
    const ids = await w.queries("refund", refunds, 10, 5);
    await database.db.interaction.updateMany({ where: { id: { in: ids } }, data: { embedding: [0.1, 0.2, 0.3] } });
    await services.topics.rename(w.projectId, refunds, "Refund timing", w.adminId);
    const before = embeddingCalls;
    const stats = await services.topics.recluster(w.projectId);
    expect(stats).toMatchObject({ reembedded: 10, moved: 0 });
    expect(embeddingCalls).toBeGreaterThan(before);
    const stored = await database.db.interaction.findFirstOrThrow({ where: { id: ids[0] } });
    expect(stored.embedding).toHaveLength(DIM);
    expect((await database.db.topic.findUniqueOrThrow({ where: { id: refunds } })).label).toBe("Refund timing");
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: w.projectId, action: "topic.rename" },
    });
    expect(audit.detail).toEqual({ from: "refund", to: "Refund timing" });
  });

  it("one run at a time: a second start while one runs is refused, a stale one is closed as failed", async () => {
    const w = await world();
    await w.topic("refund", "refund");
    await database.db.topicClustering.create({
      data: { projectId: w.projectId, trigger: "schedule", startedAt: new Date() },
    });
    expect(await services.topics.recluster(w.projectId)).toBeNull();
    await database.db.topicClustering.updateMany({
      where: { projectId: w.projectId },
      data: { startedAt: new Date(Date.now() - 3_600_000) },
    });
    expect(await services.topics.recluster(w.projectId)).not.toBeNull();
    const runs = await database.db.topicClustering.findMany({
      where: { projectId: w.projectId },
      orderBy: { startedAt: "asc" },
    });
    expect(runs.map((r) => r.status)).toEqual(["failed", "succeeded"]);
  });
});

describe("admin merge", () => {
  it("moves every query, keeps the target's identity, rebuilds rollups, drops patterns without incidents and audits", async () => {
    const w = await world();
    const a = await w.topic("refund", "refund");
    const b = await w.topic("refund policy", "refund");
    await w.queries("refund", a, 10, 20);
    await w.queries("refund", b, 5, 20);
    await database.db.failurePattern.create({ data: { projectId: w.projectId, topicId: b, category: "incorrect" } });
    await services.quality.refresh(w.projectId);

    const result = await services.topics.merge(w.projectId, [b], a, w.adminId);
    expect(result.merged).toBe(1);
    expect(result.rollupHours).toBeGreaterThan(0);
    const counts = await perTopic(w.projectId);
    expect(counts.rollups).toEqual({ [a]: 15 });
    expect(counts.direct).toEqual({ [a]: 15 });
    expect(await database.db.failurePattern.count({ where: { topicId: b } })).toBe(0);
    expect((await database.db.topic.findUniqueOrThrow({ where: { id: a } })).size).toBe(15);
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: w.projectId, action: "topic.merge" },
    });
    expect(audit).toMatchObject({ actorId: w.adminId, targetId: a, detail: { merged: [b] } });

    await expect(services.topics.merge(w.projectId, [b], a, w.adminId)).rejects.toThrow(/merged already/);
    await expect(services.topics.merge(w.projectId, [a], a, w.adminId)).rejects.toThrow(/at least one other/);
    await expect(services.topics.rename(w.projectId, b, "x", w.adminId)).rejects.toThrow(/not found/);
  });
});

describe("near-duplicate new topics", () => {
  it("merge into their twin before the next scan (the young one joins), leaving distinct topics alone", async () => {
    const w = await world();
    const axis = (i: number, wobble = 0) =>
      Array.from({ length: DIM }, (_, k) => (k === i ? 1 : k === 15 ? wobble : 0));
    const create = async (label: string, centroid: number[]) =>
      (await database.db.topic.create({ data: { projectId: w.projectId, label, centroid } })).id;
    const sso = await create("sso · okta", axis(2));
    const twin = await create("okta · saml", axis(2, 0.3)); // cos 0.958 ≥ 0.85
    const invoices = await create("invoice", axis(1));
    await w.queries("sso", twin, 4, 1);
    await services.quality.refresh(w.projectId);

    expect(await services.topics.mergeNewDuplicates(w.projectId)).toBe(1);
    const topics = await database.db.topic.findMany({
      where: { projectId: w.projectId },
      orderBy: { createdAt: "asc" },
    });
    expect(topics.map((t) => [t.id, t.mergedIntoId])).toEqual([
      [sso, null],
      [twin, sso],
      [invoices, null],
    ]);
    expect((await perTopic(w.projectId)).direct).toEqual({ [sso]: 4 });
    expect(
      await database.db.auditLog.findFirstOrThrow({ where: { projectId: w.projectId, action: "topic.merge" } }),
    ).toMatchObject({ actorId: null, targetId: sso, detail: { merged: [twin] } });
    expect(await services.topics.mergeNewDuplicates(w.projectId)).toBe(0);
  });
});

describe("topic shift, emerging topics and the retraining backlog", () => {
  it("flags the new topic of this week, lists the movers and the rising pattern with example queries", async () => {
    const w = await world();
    const refunds = await w.topic("refund", "refund");
    const invoices = await w.topic("invoice", "invoice");
    await w.queries("refund", refunds, 60, 14, 7);
    await w.queries("invoice", invoices, 40, 14, 7);
    await w.queries("refund", refunds, 50, 7);
    await w.queries("invoice", invoices, 40, 7);
    const exportIds = await w.queries("export", null, 12, 3);
    await database.db.failurePattern.create({
      data: {
        projectId: w.projectId,
        topicId: invoices,
        category: "incorrect",
        recentCount: 8,
        recentTotal: 40,
        baselineCount: 4,
        baselineTotal: 40,
        verdict: "early_warning",
        numbers: { examples: [] },
      },
    });
    const stats = await services.topics.recluster(w.projectId);
    expect(stats).toMatchObject({ created: 1, emerging: 1 });
    const exportTopic = (await database.db.interaction.findUniqueOrThrow({ where: { id: exportIds[0] } })).topicId!;
    const flags = await database.db.topic.findMany({
      where: { projectId: w.projectId },
      select: { id: true, isNew: true },
    });
    expect(flags.filter((t) => t.isNew).map((t) => t.id)).toEqual([exportTopic]);

    const overview = await services.topics.overview(w.projectId);
    expect(overview.currentTotal).toBe(102);
    expect(overview.previousTotal).toBe(100);
    expect(overview.jsd).toBeGreaterThan(0.01);
    // 102 and 100 queries: enough for the default minimum of 100 per window, not for 101.
    expect(overview).toMatchObject({ jsdReliable: true, shiftMinCount: 100 });
    const settings = await services.settings.get(w.projectId);
    await services.settings.update(
      w.projectId,
      { ...settings, signals: { ...settings.signals, shiftMinCount: 101 } },
      w.adminId,
    );
    expect((await services.topics.overview(w.projectId)).jsdReliable).toBe(false);
    await services.settings.update(w.projectId, settings, w.adminId);
    expect(overview.movers[0]!.topicId).toBe(exportTopic);
    expect(overview.topics.find((t) => t.id === exportTopic)?.emerging?.reason).toBe("new");
    expect(overview.history).toHaveLength(8);
    expect(overview.history.at(-1)!.jsd).toBeCloseTo(overview.jsd!, 10);
    expect(overview.runs[0]!.status).toBe("succeeded");

    const backlog = await services.topics.backlog(w.projectId);
    expect(backlog.emerging).toEqual([
      expect.objectContaining({ topicId: exportTopic, reason: "new", current: 12, examples: expect.any(Array) }),
    ]);
    expect(backlog.emerging[0]!.examples).toHaveLength(3);
    expect(backlog.emerging[0]!.examples[0]!.text).toContain("export");
    expect(backlog.patterns).toEqual([
      expect.objectContaining({ topicId: invoices, category: "incorrect", recentRate: 0.2, baselineRate: 0.1 }),
    ]);
    expect(backlog.shifts.map((s) => s.topicId)).toContain(exportTopic);
  });
});
