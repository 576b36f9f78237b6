import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { isAlive } from "../server/testing/processes";

test.setTimeout(240_000);

/** Every descendant of `pid` (web, worker, database host and PostgreSQL itself). */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

// What a process manager does when it gives up on a service: SIGKILL to the launcher alone. Nothing of the
// instance may keep running (or serving) after it.
test("killing only the launcher (SIGKILL) leaves no process of the instance running", async () => {
  const port = 3190;
  const dataDir = path.join(os.tmpdir(), `tightloop-e2e-signals-${port}`);
  rmSync(dataDir, { recursive: true, force: true });
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/launcher/start.ts", "--no-simulator"], {
    env: { ...process.env, PORT: String(port), TIGHTLOOP_DATA_DIR: dataDir, NEXTAUTH_URL: `http://localhost:${port}` },
    stdio: "ignore",
  });
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeout: 180_000 },
    )
    .toBe(true);
  const instance = descendants(launcher.pid!);
  expect(instance.length).toBeGreaterThanOrEqual(4); // web, worker, database host, PostgreSQL (and its workers)

  launcher.kill("SIGKILL");
  await expect.poll(() => instance.filter(isAlive), { timeout: 60_000 }).toEqual([]);
  await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  rmSync(dataDir, { recursive: true, force: true });
});
