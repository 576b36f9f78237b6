import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { closeDb, createDb } from "../../server/db";
import { startEmbeddedPostgres } from "../../server/db/embedded-postgres";
import { migrate } from "../../server/db/migrate";
import { createServices } from "../../server/services";
import { loadOrCreateSecrets } from "./instance-secrets";

const DATABASE = "tightloop";

function processAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The URL of the embedded server the running app holds under `dataDir` (its port is in postmaster.pid), or null. */
export function runningEmbeddedDatabase(dataDir: string, password: string): { url: string; port: number } | null {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  const lines = existsSync(pidFile) ? readFileSync(pidFile, "utf8").split("\n") : [];
  const pid = Number(lines[0]);
  if (!(Number.isInteger(pid) && pid > 0 && processAlive(pid))) return null;
  const port = Number(lines[3]);
  return { url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`, port };
}

/**
 * The app's database for a command-line tool: DATABASE_URL when set; otherwise the embedded server under the data
 * folder — the running app's (its port is in postmaster.pid) or, when nothing holds it, one started here. Either
 * way the schema is migrated and the first-start seed applied, so a tool works on an empty data folder.
 */
export async function openLocalDatabase(log: (line: string) => void) {
  let databaseUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!databaseUrl) {
    const dataDir = path.resolve(process.env.TIGHTLOOP_DATA_DIR ?? ".data");
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o755);
    const secrets = loadOrCreateSecrets(dataDir);
    const pgDir = path.join(dataDir, "pg");
    const running = runningEmbeddedDatabase(dataDir, secrets.postgresPassword);
    if (running) {
      log(`using the running embedded PostgreSQL (port ${running.port})`);
      databaseUrl = running.url;
    } else {
      log(`starting embedded PostgreSQL (data in ${pgDir})…`);
      const server = await startEmbeddedPostgres({
        dataDir: pgDir,
        password: secrets.postgresPassword,
        persistent: true,
      });
      const admin = new pg.Client({ connectionString: server.url() });
      await admin.connect();
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${DATABASE}"`);
      await admin.end();
      databaseUrl = server.url(DATABASE);
      stopServer = () => server.stop();
    }
  }
  const { applied } = await migrate(databaseUrl);
  if (applied.length) log(`applied ${applied.length} migration(s)`);
  const db = createDb(databaseUrl, 4);
  const services = createServices({ db });
  const seeded = await services.seed.seedIfEmpty({
    adminEmail: process.env.TIGHTLOOP_ADMIN_EMAIL ?? "admin@tightloop.local",
    adminPassword: process.env.TIGHTLOOP_ADMIN_PASSWORD,
  });
  if (seeded) {
    log(`first start: created the admin ${seeded.adminEmail} and the Demo project`);
    if (!process.env.TIGHTLOOP_ADMIN_PASSWORD) log(`  admin password (shown once): ${seeded.adminPassword}`);
  }
  return {
    services,
    async close() {
      await closeDb(db);
      await stopServer();
    },
  };
}
