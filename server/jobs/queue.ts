import type { z } from "zod";
import type { RegisteredJob } from "./registry";

// The queue port: services and jobs send follow-up work through it, by a job's name with that job's payload type
// (a misspelt name or a payload of the wrong shape fails to compile). The composition root hands in the real one
// (pg-boss, `producer.ts`); tests get an in-memory one (`server/testing/memory-queue.ts`).

export type JobName = RegisteredJob["name"];
export type JobPayload<N extends JobName> = z.input<Extract<RegisteredJob, { name: N }>["payload"]>;

export interface SendOptions {
  /** With a "stately" or "singleton" queue: at most one queued job per key. */
  singletonKey?: string;
}

export interface JobQueue {
  send<N extends JobName>(name: N, payload: JobPayload<N>, options?: SendOptions): Promise<void>;
}
