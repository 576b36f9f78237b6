import { env } from "../env";
import { wakeSignalWorker } from "../jobs/producer";
import { services } from "../services";
import { createIngestHandler, type IngestHandler } from "./ingest-handler";

const globalForIngest = globalThis as unknown as { tightloopIngest?: IngestHandler };

/** The ingest handler wired to the process's services, env limits and job queue. */
export function ingestHandler(): IngestHandler {
  globalForIngest.tightloopIngest ??= createIngestHandler({
    services: services(),
    limits: {
      maxEvents: env().TIGHTLOOP_INGEST_MAX_EVENTS,
      maxBytes: env().TIGHTLOOP_INGEST_MAX_BYTES,
      requestsPerMinute: env().TIGHTLOOP_INGEST_RATE_LIMIT,
    },
    notify: wakeSignalWorker,
  });
  return globalForIngest.tightloopIngest;
}
