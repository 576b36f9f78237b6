import { spawn } from "node:child_process";
import path from "node:path";

/** Starts judge-worker-child.ts in its own Node process (the crash test kills it with SIGKILL). */
export function spawnJudgeWorker(config: {
  dbUrl: string;
  projectId: string;
  encryptionKey: string;
  leaseSeconds: number;
}) {
  return spawn(
    process.execPath,
    ["--import", "tsx", path.resolve("server/testing/judge-worker-child.ts"), JSON.stringify(config)],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}
