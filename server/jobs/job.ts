import type { z } from "zod";
import type { Services } from "../services";

export interface JobContext {
  services: Services;
  workerId: string;
  workerStartedAt: Date;
  version: string;
  /** Queue another job (e.g. a job re-queueing itself while a backlog remains). */
  enqueue(name: string, payload: object, options?: { singletonKey?: string }): Promise<void>;
}

/** One job per file: a queue name, a zod payload (ids, not records) and a handler that calls a service. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  payload: Schema;
  /** Cron expression (UTC, minute granularity in pg-boss) for jobs that run on a schedule. */
  schedule?: string;
  /** pg-boss queue policy; "stately" keeps at most one queued and one active job per singletonKey. */
  policy?: "standard" | "short" | "singleton" | "stately";
  /** How long one run may stay active before pg-boss takes it as lost (its default is 15 minutes). */
  expireInSeconds?: number;
  handler(payload: z.infer<Schema>, ctx: JobContext): Promise<void>;
}

export function defineJob<Schema extends z.ZodType>(job: JobDefinition<Schema>): JobDefinition<Schema> {
  return job;
}
