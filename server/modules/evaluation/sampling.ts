import { seedFromString } from "../../stats/random";

/** MurmurHash3's finalizer: spreads FNV-1a's bits so near-identical keys sample independently. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Whether a judge scores an interaction: a hash of (judge id, interaction id) compared with the rate, so the decision
 * is the same in every process and on every re-run, and different judges sample independently.
 */
export function isSampled(interactionId: string, judgeConfigId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return fmix32(seedFromString(`${judgeConfigId}:${interactionId}`)) / 4294967296 < rate;
}
