import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleissKappa, krippendorffAlpha } from "../../stats/agreement";
import { labelingFixtures } from "../../testing/labeling";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import type { Actor } from "./labeling.service";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
const clock = new Date("2026-06-01T12:00:00Z");
const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "pandalm");

let fixtures: ReturnType<typeof labelingFixtures>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
  fixtures = labelingFixtures(database.db, services, () => clock);
});
afterAll(async () => {
  await database.drop();
});

describe("calibration sessions", () => {
  it("run a calibration session blind, then record the agreed label and a new rubric version", async () => {
    const t = await fixtures.team(["labeler", "labeler", "ml_lead"]);
    const [a, b] = t.actors as [Actor, Actor];
    const { queueId } = await fixtures.pointwiseQueue(t, 6, 2);
    const session = await services.calibration.create(
      t.projectId,
      { name: "Refunds", sourceQueueId: queueId, itemCount: 3, participantIds: [a.id, b.id] },
      t.admin.id,
    );
    expect(session.items).toBe(3);
    const first = await services.labeling.next(t.projectId, session.queueId, a);
    expect(first.item).toMatchObject({ reason: null, signals: null });
    await fixtures.labelAll(t.projectId, session.queueId, a, () => "4");
    await fixtures.labelAll(t.projectId, session.queueId, b, (i) => (i === 0 ? "1" : "4"));
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
    const t = await fixtures.team([]);
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
