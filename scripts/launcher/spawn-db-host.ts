// Starts scripts/launcher/db-host.ts (the embedded PostgreSQL server in its own process group) and resolves with its URL once
// it is ready. Shared by the launcher and `npm run demo:loop`; the caller stops it with `child.send("stop")`.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export function spawnDbHost(
  root: string,
  pgDir: string,
  password: string,
): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "launcher", "db-host.ts")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, TIGHTLOOP_PG_DIR: pgDir, TIGHTLOOP_PG_PASSWORD: password },
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.once("message", (m: { type: string; url?: string; message?: string }) =>
      m.type === "ready" && m.url ? resolve(m.url) : reject(new Error(m.message ?? "database failed to start")),
    );
    child.once("exit", (code) => reject(new Error(`database host exited with code ${code}`)));
  });
  return { child, ready };
}
