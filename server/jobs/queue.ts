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

/**
 * Sends a follow-up whose periodic sweep is the backstop (a judge run, a fine-tune hand-off, a signals wake): a
 * failed send is logged with what it was for, never thrown at the caller whose own work has already committed.
 */
export async function sendOrLeaveToSweep<N extends JobName>(
  queue: JobQueue,
  name: N,
  payload: JobPayload<N>,
  options: SendOptions,
  what: string,
): Promise<void> {
  await queue.send(name, payload, options).catch((error: unknown) => {
    console.error(`[${name}] could not ${what} (the sweep will):`, error instanceof Error ? error.message : error);
  });
}
