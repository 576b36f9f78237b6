import type { Services } from "../services";

export interface SessionInfo {
  userId: string;
}

export interface Context {
  services: Services;
  session: SessionInfo | null;
  /** Client address from the request, for rate limits; null when unknown. */
  ip: string | null;
}
