import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { createBoss, ensureQueues } from "./boss";
import { jobs } from "./registry";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("ensureQueues", () => {
  it("creates every job's queue with its expiry, and updates the expiry of a queue created before it was set", async () => {
    const boss = createBoss(database.url, "producer");
    boss.on("error", () => undefined);
    await boss.start();
    try {
      // A database from before fine-tune-run had its own expiry: none on the queue (pg-boss's 15-minute default).
      await boss.createQueue("fine-tune-run", { name: "fine-tune-run", policy: "standard" });
      expect((await boss.getQueue("fine-tune-run"))?.expireInSeconds ?? null).toBeNull();
      await ensureQueues(boss);
      const queues = new Map((await boss.getQueues()).map((q) => [q.name, q]));
      expect([...queues.keys()].sort()).toEqual(jobs.map((j) => j.name).sort());
      expect(queues.get("fine-tune-run")?.expireInSeconds).toBe(12 * 3600);
      expect(queues.get("topic-recluster")?.expireInSeconds ?? null).toBeNull();
      await ensureQueues(boss); // idempotent
      expect((await boss.getQueues()).length).toBe(jobs.length);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
