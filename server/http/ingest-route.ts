import { env } from "../env";
import { producer } from "../jobs/producer";
import { services } from "../services";
import { createIngestHandler, type IngestHandler } from "./ingest-handler";

const globalForIngest = globalThis as unknown as { tightloopIngest?: IngestHandler };

// One wake-up per project per second is enough: the job drains everything pending, and the worker's sweep
// catches anything a skipped wake-up would have covered. Saves a queue write on most requests under load.
const WAKE_INTERVAL_MS = 1000;
const lastWake = new Map<string, number>();

/** The ingest handler wired to the process's services, env limits and job queue. */
export function ingestHandler(): IngestHandler {
  globalForIngest.tightloopIngest ??= createIngestHandler({
    services: services(),
    limits: {
      maxEvents: env().TIGHTLOOP_INGEST_MAX_EVENTS,
      maxBytes: env().TIGHTLOOP_INGEST_MAX_BYTES,
      requestsPerMinute: env().TIGHTLOOP_INGEST_RATE_LIMIT,
    },
    notify: async (projectId) => {
      const now = Date.now();
      if (now - (lastWake.get(projectId) ?? 0) < WAKE_INTERVAL_MS) return;
      lastWake.set(projectId, now);
      await (await producer()).send("process-signals", { projectId }, { singletonKey: projectId });
    },
  });
  return globalForIngest.tightloopIngest;
}
