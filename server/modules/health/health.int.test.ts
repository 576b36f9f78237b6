import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb } from "../../db";
import { heartbeatJob } from "../../jobs/heartbeat.job";
import { memoryQueue } from "../../jobs/memory-queue";
import { createServices } from "../../services";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";

let database: TestDatabase;
let clock = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("health", () => {
  it("reports the worker down before any heartbeat, up after the heartbeat job, and stale later", async () => {
    const services = testServices(database.db, { now: () => clock, workerStaleSeconds: 150 });
    expect(await services.health.report()).toMatchObject({
      status: "degraded",
      database: { ok: true },
      worker: { ok: false, lastHeartbeatAt: null },
    });

    await heartbeatJob.handler(
      {},
      { services, workerId: "w1", workerStartedAt: clock, version: "test", queue: memoryQueue() },
    );
    expect(await services.health.report()).toMatchObject({ status: "ok", worker: { ok: true, ageSeconds: 0 } });

    clock = new Date(clock.getTime() + 151_000);
    expect(await services.health.report()).toMatchObject({
      status: "degraded",
      worker: { ok: false, ageSeconds: 151 },
    });
  });

  it("reports the database down without leaking connection details", async () => {
    const broken = createServices({ db: createDb("postgresql://nobody:hunter2@127.0.0.1:1/nothing", 1) });
    const report = await broken.health.report();
    expect(report).toMatchObject({ status: "down", database: { ok: false, error: "unreachable" } });
    expect(JSON.stringify(report)).not.toContain("hunter2");
    await closeDb(broken.db);
  });
});
