import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 7 downloads its native schema engine before `generate`, from a host that air-gapped machines
// cannot reach. generate/validate/format never run that engine, so when it is not already installed we
// point Prisma at a stub. Migrations go through scripts/dev/prisma-migrate.ts (WebAssembly engine) instead.
function schemaEngineInstalled(): boolean {
  const dir = path.join(process.cwd(), "node_modules", "@prisma", "engines");
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith("schema-engine"));
}
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !schemaEngineInstalled()) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(process.cwd(), "scripts", "dev", "no-schema-engine.sh");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // `prisma generate` needs no database; the URL only matters to the (online) migrate commands.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/tightloop" },
});
