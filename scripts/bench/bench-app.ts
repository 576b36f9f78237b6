import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { freePort, makeTempDir, startEmbeddedPostgres } from "../../server/db/embedded-postgres";

/**
 * For benchmarks: a throwaway embedded PostgreSQL and the app on it, started through `npm start`'s own launcher
 * (web only: a worker would compete for the cores). BENCH_CPU_PROFILE=<dir> writes a CPU profile of the web process.
 */
export async function startBenchApp(env: Record<string, string> = {}) {
  const dir = makeTempDir("tightloop-bench-");
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), password: "bench", persistent: false });
  await pg.createDatabase("bench");
  const databaseUrl = pg.url("bench");
  const port = await freePort();
  console.log(`[bench] starting the app on port ${port} (embedded PostgreSQL, no worker)…`);
  // No worker and no demo simulator: they would compete for the cores.
  const app = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/launcher/start.ts", "--no-worker", "--no-simulator"],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        ...(process.env.BENCH_CPU_PROFILE
          ? { TIGHTLOOP_WEB_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}` }
          : {}),
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        TIGHTLOOP_DATA_DIR: path.join(dir, "app"),
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    app.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready in")) resolve();
    });
    app.once("exit", (code) => reject(new Error(`the app exited (${code}):\n${output}`)));
  });
  return {
    databaseUrl,
    port,
    /** What the launcher printed (the first start prints the Demo API key). */
    output: () => output,
    async stop() {
      app.kill("SIGTERM");
      await new Promise((r) => app.once("exit", r));
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
