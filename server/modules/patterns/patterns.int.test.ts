import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, createUser } from "../../testing/factories";
import { simulatedJudge } from "../../testing/loop";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { STANDARD_SETTINGS } from "../settings/settings-profiles";
import { createPatternsRepo } from "./patterns.repo";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
const clock = new Date("2026-06-10T12:00:00Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
});
afterAll(async () => {
  await database.drop();
});

/** A project whose judge has scored `n` interactions on a topic, `failing` of them as incorrect, spread over a span. */
async function world() {
  const admin = await createUser(database.db);
  const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
  await services.settings.update(
    project.id,
    {
      ...STANDARD_SETTINGS,
      evaluation: {
        ...STANDARD_SETTINGS.evaluation,
        recentWindowSeconds: 3600,
        baselineWindowSeconds: 86_400,
        minPatternCount: 10,
      },
    },
    admin.id,
  );
  const { judgeConfigId, rubricVersionId } = await simulatedJudge(services, project.id, admin.id);
  const topics = new Map<string, string>();
  async function judged(
    topic: string,
    n: number,
    failing: number,
    fromMs: number,
    toMs: number,
    category = "incorrect",
  ) {
    if (!topics.has(topic)) {
      topics.set(topic, (await database.db.topic.create({ data: { projectId: project.id, label: topic } })).id);
    }
    const rows = Array.from({ length: n }, (_, i) => ({
      id: `ix_${crypto.randomUUID()}`,
      projectId: project.id,
      topicId: topics.get(topic)!,
      input: [{ role: "user", content: `${topic} question ${i}` }],
      output: "answer",
      queryText: `${topic} question ${i}`,
      startedAt: new Date(clock.getTime() - fromMs + ((fromMs - toMs) * i) / n),
      processedAt: clock,
    }));
    await database.db.interaction.createMany({ data: rows });
    await database.db.judgeScore.createMany({
      data: rows.map((r, i) => ({
        projectId: project.id,
        interactionId: r.id,
        judgeConfigId,
        rubricVersionId,
        status: "ok",
        score: i < failing ? 1 : 5,
        pass: i >= failing,
        category: i < failing ? category : null,
        confidence: 0.9,
      })),
    });
    return rows.map((r) => r.id);
  }
  return { projectId: project.id, adminId: admin.id, judged, topics };
}

/** Users corrected these (wrong) answers: material for SFT rows and DPO pairs. */
async function corrected(projectId: string, ids: string[]) {
  for (const id of ids) {
    await database.db.signal.create({
      data: {
        projectId,
        interactionId: id,
        type: "correction",
        polarity: "negative",
        strength: 0.5,
        source: "implicit",
        evidence: { correctedText: `Refunds take 5 to 7 business days (${id.slice(-4)}).` },
        dedupeKey: `correction:${id}`,
        occurredAt: clock,
      },
    });
  }
}

/** A world whose policy builds a dataset and a fine-tune of its simulated production version on an incident. */
/** A world whose incidents build a dataset and a fine-tune once it holds `minTrainingRows` rows (3 corrections). */
async function fineTuningWorld(fineTuneApproval: "required" | "automatic", minTrainingRows = 6) {
  const w = await world();
  const current = await services.settings.get(w.projectId);
  await services.settings.update(
    w.projectId,
    {
      ...current,
      evaluation: { ...current.evaluation, triggerPolicy: "dataset_and_finetune", fineTuneApproval, minTrainingRows },
    },
    w.adminId,
  );
  await services.deployments.create(
    w.projectId,
    { provider: "simulated", name: "support-bot-v1", profile: "support-bot-v1" },
    w.adminId,
  );
  return w;
}

describe("failure-pattern scan", () => {
  it("opens one incident for a pattern that rose, compares a new topic with all topics, and logs the numbers", async () => {
    const w = await world();
    await w.judged("refunds", 200, 20, 20 * HOUR, 2 * HOUR); // baseline 10 %
    const refundsRecent = await w.judged("refunds", 100, 40, 0.9 * HOUR, 0); // recent 40 %
    await w.judged("billing", 200, 20, 20 * HOUR, 2 * HOUR);
    await w.judged("billing", 100, 10, 0.9 * HOUR, 0); // unchanged
    await w.judged("sso", 30, 15, 0.5 * HOUR, 0); // new topic, half failing
    // A human looked at one failing refunds answer and passed it: the consensus overrides the judge.
    await database.db.signal.create({
      data: {
        projectId: w.projectId,
        interactionId: refundsRecent[0]!,
        type: "human_pass",
        polarity: "positive",
        strength: 1,
        source: "human",
        dedupeKey: `human:test`,
        occurredAt: clock,
      },
    });

    const result = await services.patterns.scan(w.projectId, { force: true });
    expect(result!.opened.map((o) => o.title).sort()).toEqual([
      expect.stringMatching(/^refunds · incorrect: 39\.0% failing \(baseline 10\.0%\)$/),
      expect.stringMatching(/^sso · incorrect: 50\.0% failing/),
    ]);
    const patterns = await services.patterns.patterns(w.projectId);
    const byTopic = new Map(patterns.map((p) => [p.topicId, p]));
    const refunds = byTopic.get(w.topics.get("refunds")!)!;
    expect(refunds).toMatchObject({
      recentCount: 39,
      recentTotal: 100,
      baselineCount: 20,
      baselineTotal: 200,
      verdict: "significant",
    });
    expect(refunds.qValue!).toBeLessThan(0.05);
    expect(byTopic.get(w.topics.get("billing")!)!.verdict).toBe("not_higher");
    expect(byTopic.get(w.topics.get("sso")!)!.numbers).toMatchObject({
      baselineScope: "all topics",
      baselineTotal: 400,
    });

    const incidents = await services.patterns.incidents(w.projectId);
    expect(incidents).toHaveLength(2);
    expect(incidents.every((i) => i.failureAt <= i.triggeredAt && i.status === "open")).toBe(true);
    const audit = await database.db.auditLog.findMany({ where: { projectId: w.projectId, action: "incident.open" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.detail).toMatchObject({ z: expect.any(Number), qValue: expect.any(Number), minPatternCount: 10 });
    expect(await database.db.alert.count({ where: { projectId: w.projectId, kind: "incident" } })).toBe(2);

    // The next scan keeps the patterns current but opens nothing new while the incidents are active…
    expect((await services.patterns.scan(w.projectId, { force: true }))!.opened).toEqual([]);
    // …and the scan interval is respected without `force`.
    expect(await services.patterns.scan(w.projectId)).toBeNull();

    // Dismissing ends an incident; the pattern, still significant, opens a fresh one on the next scan.
    await services.patterns.dismiss(w.projectId, incidents[0]!.id, "known issue, fixed in the next prompt", w.adminId);
    await expect(services.patterns.dismiss(w.projectId, incidents[0]!.id, "again", w.adminId)).rejects.toThrow(
      /Only an incident/,
    );
    // Its alert closes with it; the other incident's stays open.
    const incidentAlerts = await database.db.alert.findMany({ where: { projectId: w.projectId, kind: "incident" } });
    const statusOf = (id: string) =>
      incidentAlerts.find((a) => (a.detail as { incidentId?: string }).incidentId === id)!.status;
    expect([statusOf(incidents[0]!.id), statusOf(incidents[1]!.id)]).toEqual(["resolved", "open"]);
    expect((await services.patterns.scan(w.projectId, { force: true }))!.opened).toHaveLength(1);
  });

  it("follows the trigger policy: builds a dataset and a fine-tune that waits for an ML lead", async () => {
    const w = await fineTuningWorld("required");
    await w.judged("refunds", 200, 20, 20 * HOUR, 2 * HOUR);
    const recent = await w.judged("refunds", 100, 40, 0.9 * HOUR, 0);
    // Three users corrected a wrong answer: material for SFT rows and DPO pairs.
    await corrected(w.projectId, recent.slice(0, 3));
    const result = await services.patterns.scan(w.projectId, { force: true });
    expect(result!.opened).toHaveLength(1);
    const datasets = await services.datasets.list(w.projectId);
    expect(datasets).toHaveLength(1);
    expect(datasets[0]!.rowCount).toBe(6);
    const jobs = await services.fineTunes.list(w.projectId);
    expect(jobs).toMatchObject([
      { status: "pending_approval", method: "dpo", backend: "simulated", datasetId: datasets[0]!.id },
    ]);
    const log = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: w.projectId, action: "incident.trigger" },
    });
    expect(log.detail).toMatchObject({ policy: "dataset_and_finetune", rows: 6, fineTune: "waiting for approval" });
    await services.fineTunes.approve(w.projectId, jobs[0]!.id, w.adminId);
    expect((await services.fineTunes.list(w.projectId))[0]!.status).toBe("queued");
  });

  it("starts one fine-tune per topic: a second failure category of the topic opens an incident but no second run", async () => {
    const w = await fineTuningWorld("automatic");
    await w.judged("refunds", 200, 20, 20 * HOUR, 2 * HOUR);
    const incorrect = await w.judged("refunds", 100, 40, 0.9 * HOUR, 0);
    const incomplete = await w.judged("refunds", 100, 40, 0.9 * HOUR, 0, "incomplete");
    await corrected(w.projectId, [...incorrect.slice(0, 3), ...incomplete.slice(0, 3)]);

    const result = await services.patterns.scan(w.projectId, { force: true });
    expect(result!.opened).toHaveLength(2);
    expect(await services.datasets.list(w.projectId)).toHaveLength(2);
    const jobs = await services.fineTunes.list(w.projectId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.status).toBe("queued");
    const decisions = await database.db.auditLog.findMany({
      where: { projectId: w.projectId, action: "incident.trigger" },
      orderBy: { createdAt: "asc" },
    });
    expect(decisions.map((d) => (d.detail as { fineTune: string }).fineTune)).toEqual([
      "queued",
      `skipped: fine-tune ${jobs[0]!.id} for this topic is still under way`,
    ]);

    // While it runs the skipped incident sees it; once it failed, the topic may train again.
    const repo = createPatternsRepo(database.db);
    expect(await repo.topicFineTuneInFlight(w.projectId, decisions[1]!.targetId!)).toBe(jobs[0]!.id);
    expect(await repo.incidentsToRetry(w.projectId)).toEqual([decisions[1]!.targetId]);
    expect((await services.patterns.scan(w.projectId, { force: true }))!.retried).toBe(0);
    await database.db.fineTuneJob.update({ where: { id: jobs[0]!.id }, data: { status: "failed" } });
    expect(await repo.topicFineTuneInFlight(w.projectId, decisions[1]!.targetId!)).toBeNull();

    // The next scan retries the skipped incident: its own dataset and run, once.
    expect((await services.patterns.scan(w.projectId, { force: true }))!.retried).toBe(1);
    const after = await services.fineTunes.list(w.projectId);
    expect(after).toHaveLength(2);
    expect(after.map((j) => j.status).sort()).toEqual(["failed", "queued"]);
    expect(await repo.incidentsToRetry(w.projectId)).toEqual([]);
    expect((await services.patterns.scan(w.projectId, { force: true }))!.retried).toBe(0);
  });

  it("retries an incident whose failing window had too few training rows, quietly, until it has enough", async () => {
    const w = await fineTuningWorld("automatic");
    await w.judged("refunds", 200, 20, 20 * HOUR, 2 * HOUR);
    const recent = await w.judged("refunds", 100, 40, 0.9 * HOUR, 0);
    expect((await services.patterns.scan(w.projectId, { force: true }))!.opened).toHaveLength(1);
    const decision = await database.db.auditLog.findFirstOrThrow({
      where: { projectId: w.projectId, action: "incident.trigger" },
    });
    expect(decision.detail).toMatchObject({
      rows: 0,
      fineTune: "skipped: the dataset has 0 of the 6 rows a run needs",
    });
    const datasetsBefore = (await services.datasets.list(w.projectId)).length;

    // Still nothing to learn from: no dataset saved, nothing logged.
    expect((await services.patterns.scan(w.projectId, { force: true }))!.retried).toBe(0);
    expect(await services.datasets.list(w.projectId)).toHaveLength(datasetsBefore);
    expect(await database.db.auditLog.count({ where: { projectId: w.projectId, action: "incident.trigger" } })).toBe(1);

    // Two corrections make 4 rows: still too few. A third makes 6: the next scan builds the dataset and starts the
    // run, once.
    await corrected(w.projectId, recent.slice(0, 2));
    expect((await services.patterns.scan(w.projectId, { force: true }))!.retried).toBe(0);
    await corrected(w.projectId, recent.slice(2, 3));
    expect((await services.patterns.scan(w.projectId, { force: true }))!.retried).toBe(1);
    expect(await services.fineTunes.list(w.projectId)).toMatchObject([{ status: "queued", method: "dpo" }]);
    expect((await services.patterns.scan(w.projectId, { force: true }))!.retried).toBe(0);
  });

  it("says when the scan ran and runs next, and that the baseline restarted at a promotion", async () => {
    const w = await world();
    expect((await services.patterns.scanStatus(w.projectId)).lastScanAt).toBeNull();
    await services.patterns.scan(w.projectId, { force: true });
    const status = await services.patterns.scanStatus(w.projectId);
    const { evaluation, schedules } = await services.settings.get(w.projectId);
    expect(status.lastScanAt).not.toBeNull();
    expect(status.intervalSeconds).toBe(schedules.patternScanIntervalSeconds);
    expect(status.nextScanAt.getTime()).toBeGreaterThanOrEqual(
      status.lastScanAt!.getTime() + schedules.patternScanIntervalSeconds * 1000,
    );
    expect(status.baseline.restartedAtPromotion).toBeNull();
    expect(status.baseline.to.getTime() - status.baseline.from.getTime()).toBe(evaluation.baselineWindowSeconds * 1000);

    const model = await services.deployments.create(
      w.projectId,
      { provider: "simulated", name: "v1", profile: "support-bot-v1" },
      w.adminId,
    );
    const promotedAt = new Date(Date.now() - 60_000);
    await database.db.promotion.create({
      data: { projectId: w.projectId, action: "promote", toModelVersionId: model.id, createdAt: promotedAt },
    });
    const after = await services.patterns.scanStatus(w.projectId);
    expect(after.baseline.restartedAtPromotion).toEqual(promotedAt);
    // A promotion a minute ago lies inside the recent window: no baseline at all yet.
    expect(after.baseline.from).toEqual(after.baseline.to);
  });
});
