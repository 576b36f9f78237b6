import { createHash } from "node:crypto";

/** A migration folder on disk: prisma/migrations/<name>/migration.sql. */
export interface LocalMigration {
  name: string;
  sql: string;
}

/** A row of Prisma's `_prisma_migrations` table. */
export interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export type MigrationPlan = { ok: true; pending: LocalMigration[] } | { ok: false; problems: string[] };

/** Prisma's checksum: SHA-256 (hex) of the migration script. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Migration folders sort by name: Prisma names them <UTC timestamp>_<intent>. */
export function sortMigrations<T extends { name: string }>(migrations: T[]): T[] {
  return [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * What to apply, or why applying would be unsafe: a failed migration left unresolved, an applied migration
 * whose file was edited or deleted, or a new migration that sorts before one already applied.
 * CRLF checkouts are accepted, as Prisma does, by comparing against the LF-normalised checksum too.
 */
export function planMigrations(local: LocalMigration[], applied: AppliedMigration[]): MigrationPlan {
  const problems: string[] = [];
  const sorted = sortMigrations(local);
  const localByName = new Map(sorted.map((m) => [m.name, m]));
  const done = new Map<string, AppliedMigration>();

  for (const row of applied) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      problems.push(`migration ${row.migration_name} failed earlier and was not resolved`);
      continue;
    }
    done.set(row.migration_name, row);
  }
  for (const [name, row] of done) {
    const file = localByName.get(name);
    if (!file) {
      problems.push(`migration ${name} is applied in the database but missing from prisma/migrations`);
      continue;
    }
    const sums = [migrationChecksum(file.sql), migrationChecksum(file.sql.replace(/\r\n/g, "\n"))];
    if (!sums.includes(row.checksum)) problems.push(`migration ${name} was edited after it was applied`);
  }

  const pending = sorted.filter((m) => !done.has(m.name));
  const lastApplied = sorted.filter((m) => done.has(m.name)).at(-1);
  if (lastApplied) {
    for (const m of pending) {
      if (m.name < lastApplied.name) problems.push(`migration ${m.name} sorts before the applied ${lastApplied.name}`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, pending };
}
