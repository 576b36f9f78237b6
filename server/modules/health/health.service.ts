import type { HealthRepo } from "./health.repo";

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  database: { ok: boolean; latencyMs: number | null; error?: string };
  worker: { ok: boolean; lastHeartbeatAt: string | null; ageSeconds: number | null };
}

export function createHealthService({
  repo,
  now,
  workerStaleSeconds,
}: {
  repo: HealthRepo;
  now: () => Date;
  workerStaleSeconds: number;
}) {
  return {
    beat: (workerId: string, startedAt: Date, version: string) => repo.beat(workerId, startedAt, version, now()),

    async report(): Promise<HealthReport> {
      const t0 = performance.now();
      try {
        await repo.ping();
      } catch {
        // The error text can carry connection details; the health route is public, so it says only "unreachable".
        return {
          status: "down",
          database: { ok: false, latencyMs: null, error: "unreachable" },
          worker: { ok: false, lastHeartbeatAt: null, ageSeconds: null },
        };
      }
      const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
      const beat = await repo.latestHeartbeat();
      const ageSeconds = beat ? Math.max(0, Math.round((now().getTime() - beat.beatAt.getTime()) / 1000)) : null;
      const workerOk = ageSeconds !== null && ageSeconds <= workerStaleSeconds;
      return {
        status: workerOk ? "ok" : "degraded",
        database: { ok: true, latencyMs },
        worker: { ok: workerOk, lastHeartbeatAt: beat?.beatAt.toISOString() ?? null, ageSeconds },
      };
    },
  };
}
