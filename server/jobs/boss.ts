import PgBoss from "pg-boss";
import { jobs } from "./registry";

export function createBoss(databaseUrl: string, role: "worker" | "producer" = "worker"): PgBoss {
  return new PgBoss({
    connectionString: databaseUrl,
    application_name: `tightloop-${role}`,
    max: role === "worker" ? 5 : 2,
    // Producers (web processes) only send; maintenance and cron belong to the workers.
    supervise: role === "worker",
    schedule: role === "worker",
  });
}

/** pg-boss 10 drops jobs sent to a queue that does not exist yet: create every queue first (idempotent). */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]));
  for (const job of jobs) {
    const queue = existing.get(job.name);
    if (!queue) {
      await boss.createQueue(job.name, {
        name: job.name,
        policy: job.policy ?? "standard",
        ...(job.expireInSeconds ? { expireInSeconds: job.expireInSeconds } : {}),
      });
    } else if (job.expireInSeconds && queue.expireInSeconds !== job.expireInSeconds) {
      await boss.updateQueue(job.name, { name: job.name, expireInSeconds: job.expireInSeconds });
    }
  }
}
