import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, createUser } from "../../testing/factories";
import { incidentFixture, simulatedJudge } from "../../testing/loop";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
const clock = new Date("2026-06-10T12:00:00Z");
const MIN = 60_000;
const ago = (minutes: number) => new Date(clock.getTime() - minutes * MIN);

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db, { now: () => clock });
});
afterAll(async () => {
  await database.drop();
});

describe("latency tracker", () => {
  it("reports each incident's stages, the bottleneck, the loop health and the fast path from stored times", async () => {
    const admin = await createUser(database.db);
    const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
    const incident = (title: string, m: Array<number | null>, status: string) =>
      incidentFixture(database.db, project.id, {
        title,
        status,
        failureAt: ago(m[0]!),
        signalAt: ago(m[1]!),
        triggeredAt: ago(m[2]!),
        trainedAt: m[3] === null ? null : ago(m[3]!),
        deployedAt: m[4] === null ? null : ago(m[4]!),
      });
    await incident("fixed", [300, 290, 260, 140, 100], "resolved"); // steps 10, 30, 120, 40 min; total 200 min
    await incident("training", [60, 58, 50, null, null], "training");
    await incident("dismissed", [60, 58, 50, null, null], "dismissed");

    // Fast path: an event received 2 s after it happened (and an imported one a week late, left out)…
    const ix = await database.db.interaction.create({
      data: { projectId: project.id, input: [], output: "a", queryText: "q", startedAt: ago(30), createdAt: ago(30) },
    });
    await database.db.event.createMany({
      data: [
        {
          projectId: project.id,
          clientEventId: "e1",
          type: "feedback",
          kind: "thumbs_up",
          payload: {},
          occurredAt: new Date(ago(20).getTime() - 2000),
          receivedAt: ago(20),
        },
        {
          projectId: project.id,
          clientEventId: "e2",
          type: "feedback",
          kind: "thumbs_up",
          payload: {},
          occurredAt: ago(7 * 24 * 60),
          receivedAt: ago(20),
        },
      ],
    });
    // …judged 3 minutes after ingest, routed 1 minute later, labeled 5 minutes after that.
    const judge = await simulatedJudge(services, project.id, admin.id);
    await database.db.judgeScore.create({
      data: {
        projectId: project.id,
        interactionId: ix.id,
        judgeConfigId: judge.judgeConfigId,
        rubricVersionId: judge.rubricVersionId,
        status: "ok",
        score: 2,
        pass: false,
        updatedAt: ago(27),
      },
    });
    const queue = await database.db.labelQueue.create({
      data: { projectId: project.id, name: "r", source: "routing", rubricVersionId: judge.rubricVersionId },
    });
    const item = await database.db.labelItem.create({
      data: { projectId: project.id, queueId: queue.id, interactionId: ix.id, createdAt: ago(26) },
    });
    await database.db.label.create({
      data: {
        projectId: project.id,
        queueId: queue.id,
        itemId: item.id,
        labelerId: admin.id,
        labelerKey: admin.id,
        choice: "fail",
        createdAt: ago(21),
      },
    });

    // An imported benchmark label arrives with its item: no part of the fast path.
    const imported = await database.db.labelQueue.create({
      data: { projectId: project.id, name: "i", source: "import", rubricVersionId: judge.rubricVersionId },
    });
    const importedItem = await database.db.labelItem.create({
      data: { projectId: project.id, queueId: imported.id, createdAt: ago(20) },
    });
    await database.db.label.create({
      data: {
        projectId: project.id,
        queueId: imported.id,
        itemId: importedItem.id,
        labelerKey: "annotator-1",
        choice: "fail",
        createdAt: ago(20),
      },
    });

    const overview = await services.latency.overview(project.id);
    expect(overview.timelines.map((t) => [t.title, t.stages])).toEqual([
      ["training", 3],
      ["fixed", 5],
    ]);
    expect(overview.last30Days.bottleneck).toBe("train");
    expect(overview.last30Days.total).toMatchObject({ n: 1, median: 200 * 60 });
    const fast = Object.fromEntries(overview.fastPath.map((s) => [s.key, s]));
    expect(fast.event_ingested).toMatchObject({ n: 1, median: 2 });
    expect(fast.ingested_judged).toMatchObject({ n: 1, median: 180 });
    expect(fast.judged_queued).toMatchObject({ n: 1, median: 60 });
    expect(fast.queued_labeled).toMatchObject({ n: 1, median: 300 });

    const health = await services.latency.loopHealth(project.id);
    expect(health).toEqual({
      open: [expect.objectContaining({ title: "training", stages: 3 })],
      fixedLast30Days: 1,
      medianFailureToFixSeconds: 200 * 60,
    });
  });
});
