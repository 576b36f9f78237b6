// Seeded pseudo-random numbers, so simulations and bootstrap intervals are reproducible.

/** Mulberry32: a small, fast 32-bit generator with good statistical quality for simulation (not for secrets). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a string (FNV-1a), so a seed can be derived from an id. */
export function seedFromString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) is impossible
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An index drawn with probability proportional to its weight (weights ≥ 0, at least one > 0). */
export function weightedIndex(weights: readonly number[], random: () => number): number {
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (!(total > 0)) throw new Error("weightedIndex needs a positive weight");
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= Math.max(0, weights[i]!);
    if (r < 0) return i;
  }
  return weights.length - 1;
}

export function pick<T>(items: readonly T[], random: () => number): T {
  if (items.length === 0) throw new Error("pick needs at least one item");
  return items[Math.floor(random() * items.length)]!;
}
