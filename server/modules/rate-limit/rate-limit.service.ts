import type { RateLimitRepo } from "./rate-limit.repo";

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

/** Pure: where the fixed window containing `now` starts. */
function windowStartOf(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export function createRateLimitService({ repo, now }: { repo: RateLimitRepo; now: () => Date }) {
  return {
    async hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
      const at = now();
      const start = windowStartOf(at, windowSeconds);
      const count = await repo.hit(key, start);
      const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowSeconds * 1000 - at.getTime()) / 1000));
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
    },
    prune: (before: Date) => repo.prune(before),
  };
}
