import type { Services } from "../services";

export interface SessionInfo {
  userId: string;
}

export interface Context {
  services: Services;
  session: SessionInfo | null;
  /** Client address from the request, for rate limits; null when unknown. */
  ip: string | null;
  /** Starts a judge run now (the web process queues a job; tests leave it out and run the worker themselves). */
  wakeJudges?: (projectId: string) => Promise<void>;
  /** Hands a new fine-tune job to the worker now (its minute sweep is the backstop). */
  startFineTune?: (projectId: string, jobId: string) => Promise<void>;
  /** Hands a re-clustering to the worker (it loads the embedding model; the web process does not). */
  requestRecluster?: (projectId: string, actorId: string) => Promise<void>;
}
