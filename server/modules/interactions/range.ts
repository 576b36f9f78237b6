import type { RangeName } from "./interactions.schema";

const RANGE_SECONDS: Record<RangeName, number> = {
  "24h": 86_400,
  "7d": 7 * 86_400,
  "30d": 30 * 86_400,
  "90d": 90 * 86_400,
};

/** The time window of a range name, and the chart bucket that gives it 24–90 points. */
export function resolveRange(range: RangeName, now: Date): { from: Date; to: Date; bucketSeconds: number } {
  const seconds = RANGE_SECONDS[range];
  return {
    from: new Date(now.getTime() - seconds * 1000),
    to: now,
    bucketSeconds: seconds <= 86_400 ? 3600 : seconds <= 7 * 86_400 ? 6 * 3600 : 86_400,
  };
}
