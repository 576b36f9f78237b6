import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db";
import { createProject, createUser } from "../../testing/factories";
import { fakeJudge } from "../../testing/fake-judge";
import { spawnJudgeWorker } from "../../testing/spawn-judge-worker";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { PAUSE_AFTER_FAILURES } from "./evaluation.service";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let judgeServer: Awaited<ReturnType<typeof fakeJudge>>;
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

const RUBRIC = {
  criteria: [{ name: "Correct", description: "Right steps for the product.", scale: "pass_fail" as const }],
  failureCategories: ["incorrect", "incomplete"],
  examples: [],
};

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { encryptionKey: ENCRYPTION_KEY });
  judgeServer = await fakeJudge();
});
afterAll(async () => {
  await judgeServer.close();
  await database.drop();
});

/** Processed interactions (as the signal worker leaves them), answered with the given texts. */
async function interactions(db: Db, projectId: string, answers: string[], startedAt = new Date()) {
  const rows = answers.map((output, i) => ({
    id: `ix_${projectId.slice(-6)}_${i}_${Math.random().toString(36).slice(2, 8)}`,
    projectId,
    input: [{ role: "user", content: `Question ${i}?` }],
    output,
    queryText: `Question ${i}?`,
    startedAt: new Date(startedAt.getTime() + i),
    processedAt: new Date(),
  }));
  await db.interaction.createMany({ data: rows });
  return rows.map((r) => r.id);
}

async function projectWithJudge(options: { sampleRate?: number; baseUrl?: string; apiKey?: string } = {}) {
  const admin = await createUser(database.db);
  const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  const rubric = await services.evaluation.createRubric(project.id, "Quality", RUBRIC, admin.id);
  const judge = await services.evaluation.createJudge(
    project.id,
    {
      provider: "openai-compatible",
      name: "fake-judge",
      baseUrl: options.baseUrl ?? judgeServer.baseUrl,
      model: "judge-model",
      apiKey: options.apiKey,
      timeoutSeconds: 5,
      rubricVersionId: rubric.versionId,
      sampleRate: options.sampleRate ?? 1,
      filters: {},
    },
    admin.id,
  );
  return { admin, project, rubric, judge };
}

const scoresOf = (projectId: string) =>
  database.db.judgeScore.findMany({ where: { projectId }, orderBy: { interactionId: "asc" } });

describe("judge worker", () => {
  it("scores every sampled interaction once: verdicts, unparseable kept raw, failures as judge signals", async () => {
    const { project, judge, rubric } = await projectWithJudge({ apiKey: "sk-judge-secret" });
    const ids = await interactions(database.db, project.id, ["GOOD answer", "BAD answer", "PROSE answer"]);
    const run = await services.evaluation.runProject(project.id, { concurrency: 4 });
    expect(run).toMatchObject({ queued: 3, scored: 2, unparseable: 1, failed: 0, more: false });

    const scores = await scoresOf(project.id);
    const byId = new Map(scores.map((s) => [s.interactionId, s]));
    expect(byId.get(ids[0]!)).toMatchObject({ status: "ok", pass: true, score: 5, rubricVersionId: rubric.versionId });
    expect(byId.get(ids[1]!)).toMatchObject({ status: "ok", pass: false, score: 2, category: "incomplete" });
    expect(byId.get(ids[2]!)).toMatchObject({
      status: "unparseable",
      score: null,
      pass: null,
      raw: "This answer seems mostly fine, I would give it a 4.",
    });
    // Structured output was asked for, with the stored (decrypted) key.
    expect(judgeServer.calls.at(-1)!.auth).toBe("Bearer sk-judge-secret");
    expect(judgeServer.calls.at(-1)!.body.response_format).toMatchObject({ type: "json_schema" });

    const signals = await database.db.signal.findMany({ where: { projectId: project.id } });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      interactionId: ids[1],
      type: "judge_fail",
      source: "judge",
      polarity: "negative",
    });
    expect(signals[0]!.evidence).toMatchObject({ judgeConfigId: judge.id, category: "incomplete" });

    // Idempotent: another run finds nothing new.
    expect(await services.evaluation.runProject(project.id)).toMatchObject({ queued: 0, scored: 0 });
    expect(await scoresOf(project.id)).toHaveLength(3);
  });

  it("retries provider errors with backoff and pauses a judge that keeps failing, with a visible reason", async () => {
    const { project, judge, admin } = await projectWithJudge();
    await interactions(
      database.db,
      project.id,
      Array.from({ length: PAUSE_AFTER_FAILURES + 2 }, () => "BOOM"),
    );
    const run = await services.evaluation.runProject(project.id, { concurrency: 1 });
    expect(run.failed).toBe(PAUSE_AFTER_FAILURES);
    const scores = await scoresOf(project.id);
    expect(scores.every((s) => s.status === "pending")).toBe(true);
    const retried = scores.filter((s) => s.attempts === 1);
    expect(retried).toHaveLength(PAUSE_AFTER_FAILURES);
    expect(retried.every((s) => s.raw?.startsWith("HTTP 500: judge overloaded") && s.nextAttemptAt > new Date())).toBe(
      true,
    );
    const [listed] = await services.evaluation.listJudges(project.id);
    expect(listed!.pausedReason).toMatch(/^Paused after 10 provider failures in a row; last: HTTP 500/);
    // Paused: nothing is claimed until someone resumes it.
    expect(await services.evaluation.runProject(project.id)).toMatchObject({ scored: 0, failed: 0 });
    await services.evaluation.updateJudge(project.id, judge.id, { resume: true }, admin.id);
    expect((await services.evaluation.listJudges(project.id))[0]!.pausedReason).toBeNull();
  });

  it("samples deterministically and backfills a time range with progress", async () => {
    const { project, judge, admin } = await projectWithJudge({ sampleRate: 0.5 });
    const past = new Date(Date.now() - 3 * 86_400_000);
    await interactions(
      database.db,
      project.id,
      Array.from({ length: 40 }, () => "GOOD"),
      past,
    );
    // The live scan samples them; a backfill of their (past) time range must pick the same sample.
    const run = await services.evaluation.runProject(project.id);
    const live = await scoresOf(project.id);
    expect(live.length).toBe(run.queued);
    await database.db.judgeScore.deleteMany({ where: { projectId: project.id } });

    const started = await services.evaluation.startBackfill(
      project.id,
      judge.id,
      new Date(past.getTime() - 1000),
      new Date(past.getTime() + 60_000),
      admin.id,
    );
    expect(started.total).toBe(live.length); // the same deterministic sample
    // A new judge and a backfill each start a judge run at once (the sweep would otherwise take up to a minute).
    expect(services.queue.sentTo("judge-score").filter((p) => p.projectId === project.id)).toHaveLength(2);
    expect(started.total).toBeGreaterThan(8);
    expect(started.total).toBeLessThan(32);
    expect(await services.evaluation.backfillProgress(project.id, started.backfillId)).toMatchObject({
      total: started.total,
      done: 0,
    });
    await services.evaluation.runProject(project.id);
    expect(await services.evaluation.backfillProgress(project.id, started.backfillId)).toMatchObject({
      total: started.total,
      done: started.total,
    });
  });

  it("loses nothing and doubles nothing when the worker is killed mid-backlog (SIGKILL) and restarted", async () => {
    const slow = await fakeJudge({ delayMs: 150 });
    try {
      const { project } = await projectWithJudge({ baseUrl: slow.baseUrl });
      const ids = await interactions(
        database.db,
        project.id,
        Array.from({ length: 60 }, (_, i) => `GOOD ${i}`),
      );
      const start = () =>
        spawnJudgeWorker({
          dbUrl: database.url,
          projectId: project.id,
          encryptionKey: ENCRYPTION_KEY,
          leaseSeconds: 2,
        });
      const first = start();
      await expect
        .poll(() => database.db.judgeScore.count({ where: { projectId: project.id, status: "ok" } }), {
          timeout: 30_000,
          interval: 50,
        })
        .toBeGreaterThanOrEqual(10);
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      const afterKill = await database.db.judgeScore.count({ where: { projectId: project.id, status: "ok" } });
      expect(afterKill).toBeLessThan(60); // killed mid-backlog

      const second = start(); // leases of the killed worker expire after 2 s; the new worker takes them over
      const code = await new Promise<number | null>((r) => second.once("exit", r));
      expect(code).toBe(0);
      const scores = await scoresOf(project.id);
      expect(scores).toHaveLength(60);
      expect(new Set(scores.map((s) => s.interactionId))).toEqual(new Set(ids));
      expect(scores.every((s) => s.status === "ok")).toBe(true);
    } finally {
      await slow.close();
    }
  }, 90_000);
});
