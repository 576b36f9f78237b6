import { env } from "../env";
import { services } from "../services";
import { createIngestHandler, type IngestHandler } from "./ingest-handler";

const globalForIngest = globalThis as unknown as { tightloopIngest?: IngestHandler };

/** The ingest handler wired to the process's services, and env limits. */
export function ingestHandler(): IngestHandler {
  globalForIngest.tightloopIngest ??= createIngestHandler({
    services: services(),
    limits: {
      maxEvents: env().TIGHTLOOP_INGEST_MAX_EVENTS,
      maxBytes: env().TIGHTLOOP_INGEST_MAX_BYTES,
      requestsPerMinute: env().TIGHTLOOP_INGEST_RATE_LIMIT,
    },
  });
  return globalForIngest.tightloopIngest;
}
