import { describe, expect, it } from "vitest";
import { migrationChecksum, planMigrations, sortMigrations, type AppliedMigration } from "./migration-plan";

const m = (name: string, sql = `-- ${name}\nSELECT 1;\n`) => ({ name, sql });
const applied = (
  name: string,
  sql = `-- ${name}\nSELECT 1;\n`,
  extra: Partial<AppliedMigration> = {},
): AppliedMigration => ({
  migration_name: name,
  checksum: migrationChecksum(sql),
  finished_at: new Date("2026-01-01T00:00:00Z"),
  rolled_back_at: null,
  ...extra,
});

describe("migrationChecksum", () => {
  it("is the hex SHA-256 of the script, as Prisma records it", () => {
    // Reference: `printf '' | sha256sum` and `printf 'abc' | sha256sum`.
    expect(migrationChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(migrationChecksum("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("planMigrations", () => {
  it("applies every migration in name (timestamp) order on an empty database", () => {
    const plan = planMigrations([m("20260102_b"), m("20260101_a"), m("20260103_c")], []);
    expect(plan).toEqual({ ok: true, pending: [m("20260101_a"), m("20260102_b"), m("20260103_c")] });
  });

  it("applies only the new ones and nothing when up to date", () => {
    const local = [m("20260101_a"), m("20260102_b")];
    expect(planMigrations(local, [applied("20260101_a")])).toEqual({ ok: true, pending: [m("20260102_b")] });
    expect(planMigrations(local, [applied("20260101_a"), applied("20260102_b")])).toEqual({ ok: true, pending: [] });
  });

  it("refuses an applied migration that was edited", () => {
    const plan = planMigrations([m("20260101_a", "SELECT 2;")], [applied("20260101_a", "SELECT 1;")]);
    expect(plan).toEqual({ ok: false, problems: ["migration 20260101_a was edited after it was applied"] });
  });

  it("accepts a CRLF checkout of an applied migration", () => {
    const plan = planMigrations([m("20260101_a", "SELECT 1;\r\n")], [applied("20260101_a", "SELECT 1;\n")]);
    expect(plan).toEqual({ ok: true, pending: [] });
  });

  it("refuses when an applied migration is missing locally", () => {
    const plan = planMigrations([m("20260101_a")], [applied("20260101_a"), applied("20260102_b")]);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems).toEqual([
      "migration 20260102_b is applied in the database but missing from prisma/migrations",
    ]);
  });

  it("refuses while a failed migration is unresolved, and retries it once rolled back", () => {
    const failed = applied("20260101_a", undefined, { finished_at: null });
    expect(planMigrations([m("20260101_a")], [failed])).toEqual({
      ok: false,
      problems: ["migration 20260101_a failed earlier and was not resolved"],
    });
    const rolledBack = { ...failed, rolled_back_at: new Date() };
    expect(planMigrations([m("20260101_a")], [rolledBack])).toEqual({ ok: true, pending: [m("20260101_a")] });
  });

  it("refuses a new migration that sorts before the last applied one", () => {
    const plan = planMigrations(
      [m("20260101_a"), m("20260102_late"), m("20260103_c")],
      [applied("20260101_a"), applied("20260103_c")],
    );
    expect(plan).toEqual({ ok: false, problems: ["migration 20260102_late sorts before the applied 20260103_c"] });
  });

  it("sorts by name without mutating its input", () => {
    const input = [m("2"), m("10"), m("1")];
    expect(sortMigrations(input).map((x) => x.name)).toEqual(["1", "10", "2"]);
    expect(input.map((x) => x.name)).toEqual(["2", "10", "1"]);
  });
});
