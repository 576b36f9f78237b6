import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleissKappa, krippendorffAlpha } from "../../stats/agreement";
import { createProject, createUser } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import type { ProjectRole } from "../auth/roles";
import type { Actor } from "./labeling.service";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let clock = new Date("2026-06-01T12:00:00Z");
const RUBRIC = {
  criteria: [{ name: "Correct", description: "The answer is right.", scale: "1-5" as const }],
  failureCategories: ["incorrect", "incomplete"],
  examples: [],
};
const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pandalm");

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
});
afterAll(async () => {
  await database.drop();
});

async function team(roles: ProjectRole[]) {
  const admin = await createUser(database.db);
  const people = await Promise.all(roles.map(() => createUser(database.db)));
  const project = await createProject(database.db, {
    members: [{ userId: admin.id, role: "admin" }, ...people.map((p, i) => ({ userId: p.id, role: roles[i]! }))],
  });
  const rubric = await services.evaluation.createRubric(project.id, "Quality", RUBRIC, admin.id);
  const actors: Actor[] = people.map((p, i) => ({ id: p.id, role: roles[i]! }));
  return {
    projectId: project.id,
    admin: { id: admin.id, role: "admin" as const },
    actors,
    rubricVersionId: rubric.versionId,
  };
}

/** Production interactions answered with the given texts, processed as the signal worker leaves them. */
async function interactions(projectId: string, n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `ix_${crypto.randomUUID()}`,
    projectId,
    input: [{ role: "user", content: `Question ${i}?` }],
    output: `Answer ${i}.`,
    queryText: `Question ${i}?`,
    startedAt: new Date(clock.getTime() - 60_000 + i),
    processedAt: clock,
  }));
  await database.db.interaction.createMany({ data: rows });
  return rows.map((r) => r.id);
}

async function pointwiseQueue(
  t: Awaited<ReturnType<typeof team>>,
  items: number,
  overlap = 2,
  extra: { goldRate?: number } = {},
) {
  const queue = await services.labeling.createQueue(
    t.projectId,
    {
      name: `q-${crypto.randomUUID()}`,
      kind: "pointwise",
      rubricVersionId: t.rubricVersionId,
      overlap,
      goldRate: extra.goldRate ?? 0,
      priority: 0,
      showSignals: true,
      assigneeIds: t.actors.map((a) => a.id),
    },
    t.admin.id,
  );
  const ids = await interactions(t.projectId, items);
  await services.labeling.addItems(t.projectId, { queueId: queue.id, interactionIds: ids });
  return { queueId: queue.id, interactionIds: ids };
}

/** A labeler working through a queue: next, label, next… until nothing is left. */
async function labelAll(
  projectId: string,
  queueId: string,
  actor: Actor,
  choose: (i: number, item: { interactionId: string | null }) => string,
) {
  let n = 0;
  for (;;) {
    const { item } = await services.labeling.next(projectId, queueId, actor);
    if (!item) return n;
    const choice = choose(n, item);
    await services.labeling.submit(projectId, actor, {
      itemId: item.id,
      choice,
      ...(Number(choice) < 3 ? { category: "incorrect" } : {}),
    });
    n++;
  }
}

describe("labeling queues", () => {
  it("never exceed k labels per item with six labelers working at once, and no one labels an item twice", async () => {
    const t = await team(["labeler", "labeler", "labeler", "labeler", "labeler", "labeler"]);
    const { queueId } = await pointwiseQueue(t, 30, 2);
    const done = await Promise.all(t.actors.map((a) => labelAll(t.projectId, queueId, a, () => "4")));
    expect(done.reduce((s, n) => s + n, 0)).toBe(60);
    const labels = await database.db.label.groupBy({ by: ["itemId"], where: { queueId }, _count: true });
    expect(labels).toHaveLength(30);
    expect(labels.every((l) => l._count === 2)).toBe(true);
    const items = await database.db.labelItem.findMany({
      where: { queueId },
      select: { labelCount: true, status: true },
    });
    expect(items.every((i) => i.labelCount === 2 && i.status === "complete")).toBe(true);
  });

  it("hold an item for its labeler until the hold expires, then give it to someone else", async () => {
    const t = await team(["labeler", "labeler"]);
    const [a, b] = t.actors as [Actor, Actor];
    const { queueId } = await pointwiseQueue(t, 1, 1);
    const first = await services.labeling.next(t.projectId, queueId, a);
    expect(first.item).not.toBeNull();
    // A reload gives the same item back to its holder; the other labeler gets nothing while the hold lasts.
    expect((await services.labeling.next(t.projectId, queueId, a)).item?.id).toBe(first.item!.id);
    expect((await services.labeling.next(t.projectId, queueId, b)).item).toBeNull();
    clock = new Date(clock.getTime() + 301_000);
    const taken = await services.labeling.next(t.projectId, queueId, b);
    expect(taken.item?.id).toBe(first.item!.id);
    // The first labeler's hold lapsed and the only slot is now held by someone else.
    await expect(services.labeling.submit(t.projectId, a, { itemId: first.item!.id, choice: "4" })).rejects.toThrow(
      /already has all the labels/,
    );
    await expect(
      services.labeling.submit(t.projectId, b, { itemId: first.item!.id, choice: "4" }),
    ).resolves.toMatchObject({
      status: "complete",
    });
  });

  it("reach consensus, send disagreements to adjudication, and write human signals; undo takes a label back", async () => {
    const t = await team(["labeler", "labeler", "ml_lead"]);
    const [a, b] = t.actors as [Actor, Actor];
    const { queueId, interactionIds } = await pointwiseQueue(t, 2, 2);
    // Both pass item 0; on item 1 one passes it and one fails it as incorrect.
    await labelAll(t.projectId, queueId, a, () => "4");
    await labelAll(t.projectId, queueId, b, (_, item) => (item.interactionId === interactionIds[0] ? "5" : "2"));
    const items = await database.db.labelItem.findMany({ where: { queueId }, orderBy: { createdAt: "asc" } });
    const byInteraction = new Map(items.map((i) => [i.interactionId, i]));
    const agreed = byInteraction.get(interactionIds[0]!)!;
    const disputed = byInteraction.get(interactionIds[1]!)!;
    expect(agreed.status).toBe("complete");
    expect(agreed.consensus).toMatchObject({ label: "pass", method: "majority" });
    expect(disputed.status).toBe("needs_adjudication");
    const signals = () =>
      database.db.signal.findMany({ where: { projectId: t.projectId, source: "human" }, orderBy: { type: "asc" } });
    expect((await signals()).map((s) => [s.interactionId, s.type, s.polarity])).toEqual([
      [interactionIds[0], "human_pass", "positive"],
    ]);

    await services.labeling.adjudicate(
      t.projectId,
      disputed.id,
      "incorrect",
      "The refund window is 30 days.",
      t.admin.id,
    );
    const after = await database.db.labelItem.findUniqueOrThrow({ where: { id: disputed.id } });
    expect(after).toMatchObject({ status: "adjudicated", adjudicationNote: "The refund window is 30 days." });
    expect((await signals()).map((s) => [s.interactionId, s.type, s.polarity])).toEqual([
      [interactionIds[1], "human_fail", "negative"],
      [interactionIds[0], "human_pass", "positive"],
    ]);
    await expect(
      services.labeling.adjudicate(t.projectId, disputed.id, "maybe", undefined, t.admin.id),
    ).rejects.toThrow(/Choose one of/);

    // b's last label was on the adjudicated item, which stays; undo takes back the one before (item 0).
    const { itemId } = await services.labeling.undo(t.projectId, queueId, b);
    expect(itemId).toBe(agreed.id);
    expect(await database.db.labelItem.findUniqueOrThrow({ where: { id: agreed.id } })).toMatchObject({
      status: "open",
      labelCount: 1,
    });
    expect((await signals()).map((s) => s.type)).toEqual(["human_fail"]);
    expect((await services.labeling.next(t.projectId, queueId, b)).item?.id).toBe(agreed.id);
  });

  it("serve gold items at the queue's rate and score the labeler against the known answer", async () => {
    const t = await team(["labeler"]);
    const [a] = t.actors as [Actor];
    const { queueId } = await pointwiseQueue(t, 4, 1, { goldRate: 0.5 });
    const { items } = await services.labeling.listItems(t.projectId, queueId, undefined, 10, 0);
    await services.labeling.setGold(t.projectId, items[0]!.id, "incorrect", t.admin.id);
    await expect(services.labeling.setGold(t.projectId, items[1]!.id, "wrong", t.admin.id)).rejects.toThrow(
      /gold answer/,
    );
    const seen: Array<{ gold: boolean; correct?: boolean }> = [];
    for (;;) {
      const { item } = await services.labeling.next(t.projectId, queueId, a);
      if (!item) break;
      const result = await services.labeling.submit(t.projectId, a, { itemId: item.id, choice: "4" });
      seen.push({ gold: result.gold !== null, ...(result.gold ? { correct: result.gold.correct } : {}) });
    }
    // Labels 0 and 1: with rate 0.5 the second pick is gold; the labeler passed an incorrect answer.
    expect(seen).toHaveLength(4);
    expect(seen.filter((s) => s.gold)).toEqual([{ gold: true, correct: false }]);
    const report = await services.agreement.report(t.projectId, queueId);
    expect(report.labelers[0]!.withGold).toMatchObject({ value: 0, n: 1 });
  });

  it("route judged interactions to a routing queue by the rules, once each", async () => {
    const t = await team(["labeler"]);
    const queue = await services.labeling.createQueue(
      t.projectId,
      {
        name: "Routed",
        kind: "pointwise",
        rubricVersionId: t.rubricVersionId,
        overlap: 2,
        goldRate: 0,
        priority: 0,
        showSignals: true,
        assigneeIds: [],
        routing: {
          confidenceBelow: 0.6,
          signalDisagreement: true,
          signalStrength: 0.7,
          unparseable: true,
          newTopicHours: 24,
        },
      },
      t.admin.id,
    );
    const ids = await interactions(t.projectId, 4);
    const judge = await services.evaluation.createJudge(
      t.projectId,
      { provider: "simulated", name: "j", rubricVersionId: t.rubricVersionId, sampleRate: 1, filters: {}, noise: 0 },
      t.admin.id,
    );
    const score = (
      i: number,
      data: { status: string; score?: number; pass?: boolean; confidence?: number; raw?: string },
    ) =>
      database.db.judgeScore.create({
        data: {
          projectId: t.projectId,
          interactionId: ids[i]!,
          judgeConfigId: judge.id,
          rubricVersionId: t.rubricVersionId,
          ...data,
        },
      });
    await score(0, { status: "ok", score: 5, pass: true, confidence: 0.95 }); // routine
    await score(1, { status: "ok", score: 4, pass: true, confidence: 0.4 }); // unsure
    await score(2, { status: "ok", score: 4, pass: true, confidence: 0.9 }); // the user rephrased
    await score(3, { status: "unparseable", raw: "I think it is fine" });
    await database.db.signal.create({
      data: {
        projectId: t.projectId,
        interactionId: ids[2]!,
        type: "rephrase",
        polarity: "negative",
        strength: 0.8,
        source: "implicit",
        dedupeKey: `rephrase:${ids[2]}`,
        occurredAt: clock,
      },
    });
    // Topics: "billing" has been there since the project's first interaction two days ago; "sso" emerged an hour
    // before its interaction. Only the sso answer is on a new topic (both are judged confidently).
    const [billing, sso] = await Promise.all(
      ["billing", "sso"].map((label) => database.db.topic.create({ data: { projectId: t.projectId, label } })),
    );
    const topical = [
      { topicId: billing!.id, startedAt: new Date(clock.getTime() - 48 * 3_600_000) },
      { topicId: billing!.id, startedAt: new Date(clock.getTime() - 60_000) },
      { topicId: sso!.id, startedAt: new Date(clock.getTime() - 3_600_000) },
      { topicId: sso!.id, startedAt: new Date(clock.getTime() - 60_000) },
    ];
    for (const [i, row] of topical.entries()) {
      await database.db.interaction.create({
        data: {
          id: `${ids[0]}_t${i}`,
          projectId: t.projectId,
          input: [],
          output: "x",
          queryText: "q",
          processedAt: clock,
          ...row,
        },
      });
    }
    await database.db.judgeScore.createMany({
      data: [1, 3].map((i) => ({
        projectId: t.projectId,
        interactionId: `${ids[0]}_t${i}`,
        judgeConfigId: judge.id,
        rubricVersionId: t.rubricVersionId,
        status: "ok",
        score: 5,
        pass: true,
        confidence: 0.95,
      })),
    });
    expect(await services.labeling.route(t.projectId)).toBe(4);
    expect(await services.labeling.route(t.projectId)).toBe(0);
    const items = await database.db.labelItem.findMany({
      where: { queueId: queue.id },
      select: { interactionId: true, reason: true, judgeChoice: true, judgeStatus: true },
    });
    expect(new Map(items.map((i) => [i.interactionId, [i.reason, i.judgeStatus, i.judgeChoice]]))).toEqual(
      new Map([
        [ids[1], ["low_confidence", "ok", "pass"]],
        [ids[2], ["judge_pass_negative_signal", "ok", "pass"]],
        [ids[3], ["unparseable", "unparseable", null]],
        [`${ids[0]}_t3`, ["new_topic", "ok", "pass"]],
      ]),
    );
    // Adding by hand what is already queued adds nothing.
    expect(await services.labeling.addItems(t.projectId, { queueId: queue.id, interactionIds: ids })).toMatchObject({
      requested: 4,
      added: 1,
      alreadyQueued: 3,
    });
  });

  it("run a calibration session blind, then record the agreed label and a new rubric version", async () => {
    const t = await team(["labeler", "labeler", "ml_lead"]);
    const [a, b] = t.actors as [Actor, Actor];
    const { queueId } = await pointwiseQueue(t, 6, 2);
    const session = await services.calibration.create(
      t.projectId,
      { name: "Refunds", sourceQueueId: queueId, itemCount: 3, participantIds: [a.id, b.id] },
      t.admin.id,
    );
    expect(session.items).toBe(3);
    const first = await services.labeling.next(t.projectId, session.queueId, a);
    expect(first.item).toMatchObject({ reason: null, signals: null });
    await labelAll(t.projectId, session.queueId, a, () => "4");
    await labelAll(t.projectId, session.queueId, b, (i) => (i === 0 ? "1" : "4"));
    const view = await services.calibration.get(t.projectId, session.sessionId);
    expect(view.progress).toEqual({ given: 6, expected: 6 });
    expect(view.items[0]!.disagreement).toBe(0.5);
    expect(view.items[0]!.labels.map((l) => l.choice).sort()).toEqual(["1", "4"]);
    expect(view.agreement.blind.n).toBe(3);
    await services.calibration.startReview(t.projectId, session.sessionId);
    await services.labeling.adjudicate(
      t.projectId,
      view.items[0]!.id,
      "incorrect",
      "Shipping takes 5 days.",
      t.admin.id,
    );
    const closed = await services.calibration.close(
      t.projectId,
      session.sessionId,
      "Check delivery times.",
      true,
      t.admin.id,
    );
    const version = await database.db.rubricVersion.findUniqueOrThrow({ where: { id: closed.newRubricVersionId! } });
    expect(version.version).toBe(2);
    expect(version.notes).toContain("Check delivery times.");
    await expect(
      services.calibration.close(t.projectId, session.sessionId, undefined, false, t.admin.id),
    ).rejects.toThrow(/already closed/);
  });
});

describe("label import", () => {
  it("imports the PandaLM subset, and its figures are the statistics of the file's own annotator table", async () => {
    const t = await team([]);
    const content = readFileSync(path.join(FIXTURES, "testset-v1-subset.json"), "utf8");
    const judgeContent = readFileSync(path.join(FIXTURES, "gpt-3.5-turbo-subset.json"), "utf8");
    const summary = await services.labelImport.importLabels(
      t.projectId,
      { format: "pandalm", content, judgeContent },
      t.admin.id,
    );

    const rows = JSON.parse(content) as Array<Record<string, number>>;
    const verdicts = new Map(
      (JSON.parse(judgeContent) as Array<{ idx: number; gpt_result: string }>).map((j) => [j.idx, j.gpt_result]),
    );
    const table = rows.map((r) => [r.annotator1!, r.annotator2!, r.annotator3!]);
    const coders = [0, 1, 2].map((c) => table.map((row) => row[c]!));
    let agree = 0;
    let judged = 0;
    rows.forEach((r, i) => {
      const counts = [0, 1, 2].map((v) => table[i]!.filter((x) => x === v).length);
      const top = Math.max(...counts);
      if (top < 2) return; // no majority
      const human = counts.indexOf(top);
      const v = verdicts.get(r.idx!);
      const judge = v === "1" ? 1 : v === "2" ? 2 : v === "Tie" ? 0 : null;
      if (judge === null) return;
      judged++;
      if (judge === human) agree++;
    });
    expect(summary).toMatchObject({ items: 60, labelers: 3, unparseable: 6 });
    expect(summary.fleissKappa).toBeCloseTo(
      fleissKappa(table.map((row) => [0, 1, 2].map((v) => row.filter((x) => x === v).length))),
      10,
    );
    expect(summary.krippendorffAlpha).toBeCloseTo(krippendorffAlpha(coders, "nominal"), 10);
    expect(summary.judgeAgreement).toBeCloseTo(agree / judged, 10);

    // A broken file is refused whole and leaves no queue behind.
    const before = await database.db.labelQueue.count({ where: { projectId: t.projectId } });
    await expect(
      services.labelImport.importLabels(t.projectId, { format: "pandalm", content: '[{"idx": 1}]' }, t.admin.id),
    ).rejects.toThrow(/item 1/);
    expect(await database.db.labelQueue.count({ where: { projectId: t.projectId } })).toBe(before);
  });
});
