// Hosts the embedded PostgreSQL server for the launcher, in its own process group, so that Ctrl-C or a test
// runner's group kill reaches the app and the worker first; the launcher stops this process last. It also
// stops the server when the launcher disappears (IPC channel closed), so no orphan server keeps the data locked.
import pg from "pg";
import { startEmbeddedPostgres } from "../../server/db/embedded-postgres";

const dataDir = process.env.TIGHTLOOP_PG_DIR;
const password = process.env.TIGHTLOOP_PG_PASSWORD;
const database = process.env.TIGHTLOOP_PG_DATABASE ?? "tightloop";
if (!dataDir || !password || !process.send) {
  console.error("db-host is started by scripts/launcher/start.ts");
  process.exit(2);
}

const send = (message: object) => process.send?.(message);

try {
  const server = await startEmbeddedPostgres({ dataDir, password, persistent: true });
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  await admin.end();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on("message", (m) => m === "stop" && void stop());
  process.on("disconnect", () => void stop());
  process.on("SIGTERM", () => void stop());
  // The launcher's group gets SIGINT on Ctrl-C; this process is in its own group, but ignore it regardless.
  process.on("SIGINT", () => undefined);
  send({ type: "ready", url: server.url(database), port: server.port });
} catch (error) {
  send({ type: "error", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
