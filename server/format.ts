// Number formats shared by the pages and by the words the server writes into audit records and gate reasons.

/** A share as a percentage with one decimal ("37.5%"), or "—" when there is none. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);
