// Worker entry (`npm run worker`, also started by `npm start`): pg-boss queues and schedules on the app's
// PostgreSQL. Many workers may run on many machines; each job handler is idempotent.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type PgBoss from "pg-boss";
import pkg from "../../package.json" with { type: "json" };
import { closeDb, db } from "../db";
import { env } from "../env";
import { checkEnvOrExit } from "../env-check";
import { createBoss, ensureQueues } from "../jobs/boss";
import type { JobContext } from "../jobs/job";
import { bossQueue } from "../jobs/producer";
import { jobs } from "../jobs/registry";
import { stopWithParent } from "../parent-watch";
import { services } from "../services";

const VERSION = pkg.version;

async function main() {
  checkEnvOrExit();

  const boss: PgBoss = createBoss(env().DATABASE_URL);
  const ctx: JobContext = {
    services: services(),
    workerId: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    workerStartedAt: new Date(),
    version: VERSION,
    queue: bossQueue(async () => boss),
  };

  boss.on("error", (error) => console.error("[worker] pg-boss:", error.message));
  await boss.start();
  await ensureQueues(boss);

  for (const job of jobs) {
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([item]) => {
      if (!item) return;
      const payload = job.payload.safeParse(item.data);
      // A malformed payload can never succeed: fail it without retrying in a loop.
      if (!payload.success) throw new Error(`invalid payload for ${job.name}: ${payload.error.message}`);
      await job.handler(payload.data, ctx);
    });
    if (job.schedule) await boss.schedule(job.name, job.schedule, {}, { tz: "UTC" });
  }
  // pg-boss's cron has minute granularity: jobs that must follow a project's 30 s interval tick here too.
  const tickers = jobs.flatMap((job) =>
    job.everySeconds
      ? [
          setInterval(() => {
            void boss
              .send(job.name, {}, { singletonKey: job.name, singletonSeconds: job.everySeconds })
              .catch((error: Error) => console.error(`[worker] could not tick ${job.name}:`, error.message));
          }, job.everySeconds * 1000),
        ]
      : [],
  );

  // Beat once now so /api/health reports the worker as soon as it is up, not at the next whole minute.
  await ctx.services.health.beat(ctx.workerId, ctx.workerStartedAt, VERSION);
  console.log(`[worker] ready: ${jobs.length} job(s), id ${ctx.workerId}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing running jobs`);
    for (const t of tickers) clearInterval(t);
    try {
      await boss.stop({ graceful: true, timeout: 15_000 });
      await closeDb(db());
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  stopWithParent(() => void shutdown("the launcher is gone"));
}

main().catch((error) => {
  console.error("[worker] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
