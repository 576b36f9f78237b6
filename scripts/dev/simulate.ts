// `npm run simulate -- …`: more SIMULATED Demo traffic beside the running app (server/simulation/run.ts). Like
// `npm run import`, it needs no configuration: without DATABASE_URL it finds the running app's embedded database
// and the instance's secrets under the data folder. It drives the app only through its gateway and ingest API.
import { existsSync } from "node:fs";
import path from "node:path";
import { loadOrCreateSecrets } from "../launcher/instance-secrets";
import { runningEmbeddedDatabase } from "../launcher/local-database";

const help = process.argv.includes("--help") || process.argv.includes("-h");
if (!help && !process.env.DATABASE_URL) {
  const dataDir = path.resolve(process.env.TIGHTLOOP_DATA_DIR ?? ".data");
  const running = existsSync(path.join(dataDir, "secrets.json"))
    ? runningEmbeddedDatabase(dataDir, loadOrCreateSecrets(dataDir).postgresPassword)
    : null;
  if (!running) {
    console.error(
      `[simulator] Tightloop is not running on ${dataDir}: start it with \`npm start\` (the simulator sends traffic ` +
        "through its gateway), or set DATABASE_URL and --url for another instance",
    );
    process.exit(2);
  }
  const secrets = loadOrCreateSecrets(dataDir);
  process.env.DATABASE_URL = running.url;
  process.env.TIGHTLOOP_ENCRYPTION_KEY ??= secrets.encryptionKey;
  process.env.NEXTAUTH_SECRET ??= secrets.nextauthSecret;
  process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;
}
// The demo world is optional (server/plugins.ts): without its folder the product runs and this says so.
const world = path.resolve(import.meta.dirname, "..", "..", "server", "simulation", "run.ts");
if (!existsSync(world)) {
  console.error("[simulator] the demo world (server/simulation) is not installed in this copy of Tightloop");
  process.exit(2);
}
await import(world);
