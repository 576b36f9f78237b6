// `npm start`: one command for the whole app. Starts (or reuses) the embedded PostgreSQL under the data folder,
// applies migrations, seeds the demo on the very first start, builds the app if needed, then runs the web
// server and the worker. Ctrl-C stops web and worker first and the database last.
// `--dev` (npm run dev) runs `next dev` with hot reload instead of building.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { closeDb, createDb } from "../../server/db";
import { migrate } from "../../server/db/migrate";
import { EnvError, parseEnv, type Env } from "../../server/env";
import { createServices } from "../../server/services";
import { stopWithParent } from "../../server/parent-watch";
import { spawnDbHost } from "./spawn-db-host";
import { loadOrCreateSecrets } from "./instance-secrets";

const t0 = performance.now();
const devMode = process.argv.includes("--dev");
// `--no-worker`: web only (more web processes behind a load balancer, or benchmarks of the API alone).
const withWorker = !process.argv.includes("--no-worker");
// `--no-simulator`: no simulated demo traffic (also TIGHTLOOP_SIMULATOR_RATE=0 and TIGHTLOOP_SIMULATOR_BACKFILL_DAYS=0).
const withSimulator = !process.argv.includes("--no-simulator");
const root = process.cwd();
const log = (message: string) => console.log(`[tightloop] ${message}`);

const launcherEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  TIGHTLOOP_DATA_DIR: z.string().min(1).default(".data"),
  TIGHTLOOP_ADMIN_EMAIL: z.email("must be an e-mail address").default("admin@tightloop.local"),
  TIGHTLOOP_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  NEXTAUTH_URL: z.url().optional(),
});

function fail(lines: string[]): never {
  console.error(`[tightloop] cannot start:\n${lines.map((l) => `  ${l}`).join("\n")}`);
  process.exit(1);
}

const parsed = launcherEnv.safeParse(process.env);
if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
const config = parsed.data;

const dataDir = path.resolve(root, config.TIGHTLOOP_DATA_DIR);
mkdirSync(dataDir, { recursive: true });
// As root, PostgreSQL runs as `postgres`, which must be able to enter the data folder.
chmodSync(dataDir, 0o755);
const secrets = loadOrCreateSecrets(dataDir);

const children: ChildProcess[] = [];
let dbHost: ChildProcess | undefined;
let shuttingDown = false;

function waitExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function shutdown(code: number, reason?: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (reason) log(reason);
  log("stopping web and worker…");
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(children.map((c) => waitExit(c, 20_000)));
  if (dbHost && dbHost.exitCode === null) {
    log("stopping the database…");
    dbHost.send?.("stop");
    await waitExit(dbHost, 20_000);
  }
  log("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));
// Under `npm start`, a signal to npm alone may not reach this process: stop when npm is gone.
stopWithParent(() => void shutdown(0, "the parent process is gone"));

async function startDbHost(): Promise<string> {
  const host = spawnDbHost(root, path.join(dataDir, "pg"), secrets.postgresPassword);
  dbHost = host.child;
  return host.ready;
}

let databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  log("using the PostgreSQL server from DATABASE_URL (no embedded server)");
} else {
  log(`starting embedded PostgreSQL (data in ${path.join(dataDir, "pg")})…`);
  databaseUrl = await startDbHost().catch((error: Error) => fail([error.message]));
}

const port = config.PORT;
const appEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NODE_ENV: devMode ? "development" : "production",
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? secrets.nextauthSecret,
  NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${port}`,
  TIGHTLOOP_ENCRYPTION_KEY: process.env.TIGHTLOOP_ENCRYPTION_KEY ?? secrets.encryptionKey,
};
let appConfig!: Env;
try {
  appConfig = parseEnv(appEnv as Record<string, string | undefined>);
} catch (error) {
  if (error instanceof EnvError) {
    await shutdown(1, `invalid environment:\n${error.problems.map((p) => `  ${p}`).join("\n")}`);
  }
  throw error;
}

try {
  const { applied } = await migrate(databaseUrl);
  log(
    applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database schema is up to date",
  );
  const db = createDb(databaseUrl, 2);
  const seeded = await createServices({ db }).seed.seedIfEmpty({
    adminEmail: config.TIGHTLOOP_ADMIN_EMAIL,
    adminPassword: config.TIGHTLOOP_ADMIN_PASSWORD,
  });
  await closeDb(db);
  if (seeded) {
    const lines = [
      seeded.apiKey
        ? "First start: created the admin account, the Demo project and an ingest API key."
        : "First start: created the admin account (no demo world in this build: no Demo project).",
      `  admin e-mail:    ${seeded.adminEmail}`,
      config.TIGHTLOOP_ADMIN_PASSWORD
        ? "  admin password:  (from TIGHTLOOP_ADMIN_PASSWORD)"
        : `  admin password:  ${seeded.adminPassword}`,
      ...(seeded.apiKey ? [`  Demo API key:    ${seeded.apiKey}`] : []),
      "These are shown only this once: store them now.",
    ];
    console.log(`\n${lines.join("\n")}\n`);
  }
} catch (error) {
  await shutdown(1, `database setup failed: ${error instanceof Error ? error.message : String(error)}`);
}

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
/** Newest modification time of the sources the build is made from (so a `git pull` triggers a rebuild). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
      } else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "components", "server"]) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of ["next.config.mjs", "package-lock.json", "proxy.ts", "instrumentation.ts"]) {
    if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  }
  return newest;
}
const buildId = path.join(root, ".next", "BUILD_ID");
const stale = !devMode && (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSource());
if (stale) {
  log(
    existsSync(buildId)
      ? "the code changed since the last build: rebuilding…"
      : "building the app (first start only; about two minutes on a small machine)…",
  );
  const build = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) await shutdown(1, "the build failed (see above)");
}

function run(name: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: appEnv });
  child.once("exit", (code, signal) => {
    if (!shuttingDown) void shutdown(1, `${name} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  children.push(child);
  return child;
}

// Extra Node flags for the web process only (e.g. --cpu-prof when profiling the API).
const webNodeArgs = (process.env.TIGHTLOOP_WEB_NODE_ARGS ?? "").split(" ").filter(Boolean);
// The web process is Next.js behind a small node:http server that serves /api/v1/* itself (server/web/server.ts).
run("web", [
  ...webNodeArgs,
  "--import",
  "tsx",
  path.join(root, "server", "web", "server.ts"),
  ...(devMode ? ["--dev"] : []),
]);
if (withWorker) run("worker", ["--import", "tsx", path.join(root, "server", "worker", "index.ts")]);

// Ready when the health route answers (the worker's first heartbeat lands within a second or two).
const healthUrl = `http://127.0.0.1:${port}/api/health`;
for (let i = 0; i < 600 && !shuttingDown; i++) {
  const ok = await fetch(healthUrl)
    .then((r) => r.ok)
    .catch(() => false);
  if (ok) {
    log(`ready in ${((performance.now() - t0) / 1000).toFixed(1)} s → http://localhost:${port}`);
    break;
  }
  await new Promise((r) => setTimeout(r, 200));
}

// SIMULATED demo world: back-fills the Demo project's history once, then live traffic through the gateway, the
// scheduled failure modes and the simulated people at work. Its end (or failure) never stops the app.
const simulatorRate = appConfig.TIGHTLOOP_SIMULATOR_RATE;
const backfillDays = appConfig.TIGHTLOOP_SIMULATOR_BACKFILL_DAYS;
const simulatorEntry = path.join(root, "server", "simulation", "run.ts");
// A build without the demo world (server/simulation deleted) has nothing to run here.
if (withSimulator && existsSync(simulatorEntry) && !shuttingDown && (simulatorRate > 0 || backfillDays > 0)) {
  const simulator = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      simulatorEntry,
      "--rate",
      String(simulatorRate),
      "--minutes",
      "0",
      "--backfill-days",
      String(backfillDays),
      "--backfill-per-day",
      String(appConfig.TIGHTLOOP_SIMULATOR_BACKFILL_PER_DAY),
      ...(appConfig.TIGHTLOOP_SIMULATOR_EMERGE_IN_MINUTES === undefined
        ? []
        : ["--emerge-in-minutes", String(appConfig.TIGHTLOOP_SIMULATOR_EMERGE_IN_MINUTES)]),
      ...(appConfig.TIGHTLOOP_SIMULATOR_WORLD
        ? ["--world", "--speed", String(appConfig.TIGHTLOOP_SIMULATOR_SPEED)]
        : []),
    ],
    { cwd: root, stdio: "inherit", env: appEnv },
  );
  simulator.once("exit", (code) => {
    if (!shuttingDown && code) log(`the demo simulator stopped (code ${code}); the app keeps running`);
  });
  children.push(simulator);
}
