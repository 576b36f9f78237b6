// `npm run db:migrate -- dev --name <intent>` / `npm run db:check`: Prisma migrations without the native engine.
// Runs scripts/dev/prisma-migrate-offline.mjs (a copy of the team's offline tool, driving Prisma's WebAssembly
// schema engine). Without DATABASE_URL it starts a throwaway embedded PostgreSQL, replays the existing
// migrations into it and runs the command there, so creating or checking migrations needs no server.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { makeTempDir, startEmbeddedPostgres } from "../../server/db/embedded-postgres";

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: npm run db:migrate -- <dev --name NAME | check | status | diff | deploy>");
  process.exit(2);
}

const tool = path.join(process.cwd(), "scripts", "dev", "prisma-migrate-offline.mjs");
// `check` only needs a scratch server: it never touches the app's database, whatever DATABASE_URL says.
let databaseUrl = args[0] === "check" ? process.env.TEST_DATABASE_URL : process.env.DATABASE_URL;
let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
if (!databaseUrl) {
  const dir = makeTempDir("tightloop-migrate-");
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), password: "migrate", persistent: false });
  await server.createDatabase("tightloop_migrate");
  databaseUrl = server.url("tightloop_migrate");
}

const result = spawnSync(process.execPath, [tool, ...args], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: databaseUrl },
});
await server?.stop();
process.exit(result.status ?? 1);
