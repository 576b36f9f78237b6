import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isAlive } from "../../testing/processes";

const GUARD = fileURLToPath(new URL("./trainer-guard.mjs", import.meta.url));

const childrenOf = (pid: number) =>
  execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
    .split("\n")
    .map((l) => Number(l.trim()))
    .filter(Boolean);

describe("the trainer guard", () => {
  it("takes the trainer down when the worker that started it is killed with SIGKILL", async () => {
    // A stand-in worker: starts the guard (detached, as the worker does) around a trainer that never ends.
    const worker = spawn(
      process.execPath,
      [
        "-e",
        `const c = require("node:child_process").spawn(process.execPath, [${JSON.stringify(GUARD)}, "sleep", "300"], { detached: true, stdio: "ignore" });
         console.log(c.pid); setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const guard = await new Promise<number>((resolve) => worker.stdout!.once("data", (d) => resolve(Number(d))));
    await expect.poll(() => childrenOf(guard).length, { timeout: 5_000 }).toBe(1);
    const [trainer] = childrenOf(guard);
    expect(isAlive(trainer!)).toBe(true);

    worker.kill("SIGKILL");
    await expect.poll(() => [isAlive(guard), isAlive(trainer!)], { timeout: 10_000 }).toEqual([false, false]);
  });
});
