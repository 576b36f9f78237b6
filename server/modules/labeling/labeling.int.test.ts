import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelingFixtures } from "../../testing/labeling";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import type { Actor } from "./labeling.service";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let clock = new Date("2026-06-01T12:00:00Z");

let fixtures: ReturnType<typeof labelingFixtures>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
  fixtures = labelingFixtures(database.db, services, () => clock);
});
afterAll(async () => {
  await database.drop();
});

describe("labeling queues", () => {
  it("never exceed k labels per item with six labelers working at once, and no one labels an item twice", async () => {
    const t = await fixtures.team(["labeler", "labeler", "labeler", "labeler", "labeler", "labeler"]);
    const { queueId } = await fixtures.pointwiseQueue(t, 30, 2);
    const done = await Promise.all(t.actors.map((a) => fixtures.labelAll(t.projectId, queueId, a, () => "4")));
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
    const t = await fixtures.team(["labeler", "labeler"]);
    const [a, b] = t.actors as [Actor, Actor];
    const { queueId } = await fixtures.pointwiseQueue(t, 1, 1);
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
    const t = await fixtures.team(["labeler", "labeler", "ml_lead"]);
    const [a, b] = t.actors as [Actor, Actor];
    const { queueId, interactionIds } = await fixtures.pointwiseQueue(t, 2, 2);
    // Both pass item 0; on item 1 one passes it and one fails it as incorrect.
    await fixtures.labelAll(t.projectId, queueId, a, () => "4");
    await fixtures.labelAll(t.projectId, queueId, b, (_, item) =>
      item.interactionId === interactionIds[0] ? "5" : "2",
    );
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
    const t = await fixtures.team(["labeler"]);
    const [a] = t.actors as [Actor];
    const { queueId } = await fixtures.pointwiseQueue(t, 4, 1, { goldRate: 0.5 });
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
    const t = await fixtures.team(["labeler"]);
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
    const ids = await fixtures.interactions(t.projectId, 4);
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
});
