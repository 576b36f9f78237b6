import type { z } from "zod";
import type { Services } from "../services";
import type { JobQueue } from "./queue";

export interface JobContext {
  services: Services;
  workerId: string;
  workerStartedAt: Date;
  version: string;
  /** Queue another job (e.g. a job re-queueing itself while a backlog remains). */
  queue: JobQueue;
}

/** One job per file: a queue name, a zod payload (ids, not records) and a handler that calls a service. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType, Name extends string = string> {
  name: Name;
  payload: Schema;
  /** Cron expression (UTC, minute granularity in pg-boss) for jobs that run on a schedule. */
  schedule?: string;
  /**
   * Sub-minute cadence: each worker also sends the job every this many seconds; pg-boss's singletonSeconds keeps one
   * per slot across workers. The handler decides per project whether its own interval has passed.
   */
  everySeconds?: number;
  /** pg-boss queue policy; "stately" keeps at most one queued and one active job per singletonKey. */
  policy?: "standard" | "short" | "singleton" | "stately";
  /** How long one run may stay active before pg-boss takes it as lost (its default is 15 minutes). */
  expireInSeconds?: number;
  handler(payload: z.infer<Schema>, ctx: JobContext): Promise<void>;
}

/** Keeps the job's literal name, so that `JobQueue.send` checks each payload against the job it names. */
export function defineJob<Schema extends z.ZodType, const Name extends string>(
  job: JobDefinition<Schema, Name>,
): JobDefinition<Schema, Name> {
  return job;
}
