import type { JobName, JobPayload, JobQueue, SendOptions } from "./queue";

interface SentJob {
  name: JobName;
  payload: unknown;
  options: SendOptions;
}

/**
 * The queue port in memory: it keeps what was sent, in order, and runs nothing. Services built without a queue
 * (tests, scripts that drive jobs themselves) get one; a test reads `sent` to see the follow-up work a call asked for.
 */
export function memoryQueue() {
  const sent: SentJob[] = [];
  return {
    sent,
    async send(name, payload, options) {
      sent.push({ name, payload, options: options ?? {} });
    },
    /** The payloads sent to one job, oldest first. */
    sentTo<N extends JobName>(name: N): JobPayload<N>[] {
      return sent.filter((s) => s.name === name).map((s) => s.payload as JobPayload<N>);
    },
  } satisfies JobQueue & Record<string, unknown>;
}
