import { distance as levenshtein } from "fastest-levenshtein";

// Small, dependency-light text features shared by the signal rules and topic naming.

const STOPWORDS = new Set(
  "a an and are as at be but by can could do does for from had has have how i i'm in into is it its me my of on or our please so that the their them then there these this to was we what when where which who why will with would you your can't don't it's what's".split(
    " ",
  ),
);

/** Crude plural folding ("orders" → "order", not "class" → "clas"), enough for word overlap. */
export function fold(token: string): string {
  return token.length > 3 && token.endsWith("s") && !token.endsWith("ss") ? token.slice(0, -1) : token;
}

export function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).filter((t) => !STOPWORDS.has(t)).map(fold);
}

/** Overlap coefficient of the content words: |A∩B| / min(|A|,|B|); 0 when either side has none. */
export function lexicalOverlap(a: string, b: string): number {
  const A = new Set(tokens(a));
  const B = new Set(tokens(b));
  if (A.size === 0 || B.size === 0) return 0;
  let shared = 0;
  for (const t of A) if (B.has(t)) shared++;
  return shared / Math.min(A.size, B.size);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Levenshtein distance divided by the longer length: 0 = identical, 1 = nothing in common. */
export function normalizedEditDistance(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : levenshtein(a, b) / longest;
}

export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Language for the embedding rules: the detector's top guess when it is confident; short ASCII-only text that the
 * detector cannot place is taken as English (the embedding model is English-only; other scripts are "und").
 */
export function classifyLanguage(text: string, detections: Array<{ lang: string; accuracy: number }>): string {
  const top = detections[0];
  if (top && top.accuracy >= 0.3) return top.lang;
  if (text.trim() && /^[\x20-\x7E\s]*$/.test(text)) return "en";
  return "und";
}

/** Terms that best tell this group of texts apart: frequent here, ranked by count then length. */
export function topTerms(texts: string[], k = 5): string[] {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const t of new Set(tokens(text))) if (t.length > 2) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([t]) => t);
}
