// SQL fragments shared by repos' typed SQL.
import { sql, type RawBuilder } from "kysely";

/**
 * A timestamp column as a UTC ISO string. Columns are UTC timestamps without a zone; reading them as text keeps
 * the result independent of the process's time zone and gives the API its ISO strings directly.
 */
export const isoUtc = (column: string): RawBuilder<string> =>
  sql.raw(`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** An ISO string (or null) bound as the UTC timestamp the columns store (the counterpart of isoUtc). */
export const utcParam = (iso: string | null | undefined): RawBuilder<Date> =>
  sql`(${iso ?? null}::timestamptz AT TIME ZONE 'UTC')`;
