import type PgBoss from "pg-boss";
import { env } from "../env";
import { createBoss, ensureQueues } from "./boss";

const globalForBoss = globalThis as unknown as { tightloopProducer?: Promise<PgBoss> };

/** The web process's pg-boss client, started on first use; it only sends jobs. */
export function producer(): Promise<PgBoss> {
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
