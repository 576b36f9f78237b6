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

// One wake-up per project per second is enough: the job drains everything pending, and the worker's sweep catches
// anything a skipped wake-up would have covered. Saves a queue write on most requests under load.
const WAKE_INTERVAL_MS = 1000;
const lastWake = new Map<string, number>();

/** Wakes the signal worker for a project (debounced). */
export async function wakeSignalWorker(projectId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastWake.get(projectId) ?? 0) < WAKE_INTERVAL_MS) return;
  lastWake.set(projectId, now);
  await (await producer()).send("process-signals", { projectId }, { singletonKey: projectId });
}

/** Starts a judge run for a project now (a backfill or a new judge should not wait for the minute sweep). */
export async function wakeJudgeWorker(projectId: string): Promise<void> {
  await (await producer()).send("judge-score", { projectId }, { singletonKey: projectId });
}

/** Asks the worker to re-cluster a project's topics now (one at a time per project). */
export async function requestTopicRecluster(projectId: string, actorId: string): Promise<void> {
  await (await producer()).send("topic-recluster", { projectId, actorId }, { singletonKey: projectId });
}

/** Hands a fine-tune job to the worker (one pg-boss job per fine-tune job). */
export async function startFineTuneJob(projectId: string, jobId: string): Promise<void> {
  await (await producer()).send("fine-tune-run", { projectId, jobId }, { singletonKey: jobId });
}
