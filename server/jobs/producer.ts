import type PgBoss from "pg-boss";
import { env } from "../env";
import { createBoss, ensureQueues } from "./boss";
import type { JobQueue } from "./queue";
import { jobs } from "./registry";

const globalForBoss = globalThis as unknown as { tightloopProducer?: Promise<PgBoss> };

/** The web process's pg-boss client, started on first use; it only sends jobs. */
function producer(): Promise<PgBoss> {
  globalForBoss.tightloopProducer ??= (async () => {
    const boss = createBoss(env().DATABASE_URL, "producer");
    boss.on("error", (error) => console.error("[jobs] pg-boss:", error.message));
    await boss.start();
    await ensureQueues(boss);
    return boss;
  })().catch((error: unknown) => {
    globalForBoss.tightloopProducer = undefined;
    throw error;
  });
  return globalForBoss.tightloopProducer;
}

/**
 * The queue port on pg-boss. Each payload is checked against its job's schema before it is sent: a payload the
 * worker would reject fails here, at the sender, with the sender's stack.
 */
export function bossQueue(boss: () => Promise<PgBoss>): JobQueue {
  const schemas = new Map(jobs.map((job) => [job.name, job.payload]));
  return {
    async send(name, payload, options) {
      const schema = schemas.get(name);
      if (!schema) throw new Error(`no job named ${name}`);
      await (await boss()).send(name, schema.parse(payload) as object, options ?? {});
    },
  };
}

/** The queue the process's services send through (the web process's producer client, started on first send). */
export const producerQueue = (): JobQueue => bossQueue(producer);
