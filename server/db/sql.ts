// SQL fragments shared by repos that use the pg driver directly.

/**
 * A timestamp column as a UTC ISO string. Columns are UTC timestamps without a zone; reading them as text keeps
 * the result independent of the process's time zone (the driver would parse them as local time).
 */
export const isoUtc = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A bind parameter holding an ISO string, as the UTC timestamp the columns store (the counterpart of isoUtc). */
export const utcParam = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')`;
