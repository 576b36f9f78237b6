type Polarity = "negative" | "neutral" | "positive";

/** What a rule decided; the service adds project, interaction and the idempotency key. */
export interface SignalDecision {
  type: string;
  polarity: Polarity;
  /** 0–1. */
  strength: number;
  /** The features the rule looked at, so thresholds can be tuned later. */
  evidence: Record<string, unknown>;
}

export const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
export const round3 = (x: number) => Math.round(x * 1000) / 1000;
