// Text PostgreSQL cannot store: a NUL character (text and jsonb refuse it) and a lone UTF-16 surrogate (not valid
// Unicode; jsonb refuses its escape). Inputs carrying either are refused where they enter, with a clear reason,
// instead of failing a database statement (and, for a shared statement, everyone else's rows with it).

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT = "must not contain NUL characters or unpaired surrogates";

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The path of the first string (or object key) in `value` that cannot be stored, or null. */
export function findUnstorableText(value: unknown, path = "", depth = 0): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path || "(input)";
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return at;
    const found = findUnstorableText(inner, at, depth + 1);
    if (found) return found;
  }
  return null;
}

const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** The text with each character PostgreSQL cannot store replaced by U+FFFD (for what a model answered, kept). */
export function toStorableText(value: string): string {
  return value.replace(UNSTORABLE_ALL, "\ufffd");
}
