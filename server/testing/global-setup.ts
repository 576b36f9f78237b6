import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { makeTempDir, startEmbeddedPostgres, type RunningPostgres } from "../db/embedded-postgres";
import { migrate } from "../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * Integration tests never touch .data/: they start their own embedded PostgreSQL in a temporary folder (or use
 * TEST_DATABASE_URL, a server where they may create databases), migrate a template database once, and give each
 * test file a fresh copy of it.
 */
export default async function setup(project: TestProject) {
  let server: RunningPostgres | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dir = makeTempDir("tightloop-test-");
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), password: "test", persistent: false });
    adminUrl = server.url();
  }
  const template = `tightloop_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await migrate(templateUrl.toString());

  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);

  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await cleanup.end();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
