// Checks that run on untrusted JSON before schema validation: PostgreSQL rejects NUL characters and unpaired
// surrogates in text and jsonb, and very deep nesting would overflow recursive code later on. Iterative, so
// hostile input cannot exhaust the stack here either.

const MAX_DEPTH = 32;

export function unsafeReason(value: unknown): string | null {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return `is nested deeper than ${MAX_DEPTH} levels`;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return "contains a NUL character";
      if (!v.isWellFormed()) return "contains invalid Unicode (an unpaired surrogate)";
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes("\u0000") || !key.isWellFormed()) return "has a key with invalid characters";
        stack.push({ v: item, depth: depth + 1 });
      }
    }
  }
  return null;
}
