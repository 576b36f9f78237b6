import { spawn } from "node:child_process";
import path from "node:path";

/** Starts judge-worker-child.ts in its own Node process (the crash test kills it with SIGKILL). */
export function spawnJudgeWorker(env: {
  dbUrl: string;
  projectId: string;
  encryptionKey: string;
  leaseSeconds: number;
}) {
  return spawn(process.execPath, ["--import", "tsx", path.resolve("server/testing/judge-worker-child.ts")], {
    env: {
      ...process.env,
      TEST_DB_URL: env.dbUrl,
      PROJECT_ID: env.projectId,
      ENCRYPTION_KEY: env.encryptionKey,
      LEASE_SECONDS: String(env.leaseSeconds),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
