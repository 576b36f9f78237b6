import { heartbeatJob } from "./heartbeat.job";
import type { JobDefinition } from "./job";

/** Every job the worker runs; the web app creates the same queues so that send() never drops a job. */
export const jobs: JobDefinition[] = [heartbeatJob];
