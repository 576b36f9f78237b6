import { round3, type SignalDecision } from "./types";

export interface LastAnswer {
  interactionId: string;
  answeredAt: Date;
  /** Behaviour and feedback on that answer. */
  events: Array<{ kind: string; occurredAt: Date; value?: number; scale?: number; dwellMs?: number }>;
}

export interface SessionFacts {
  lastActivityAt: Date;
  /** Negative user signals already derived for this answer (not the judge's; rephrase is impossible on the last one). */
  negativeSignalTypes: string[];
  /** A rephrase happened earlier in the session: the user was already struggling. */
  rephrasedEarlier: boolean;
  interactionsInSession: number;
}

const SUCCESS_KINDS = new Set(["copy", "thumbs_up"]);

/**
 * The session went idle right after an answer with no success action (copy, thumbs up, a good rating; a follow-up
 * that is not a rephrase is impossible on the last answer). The features that tell a fast success from a
 * frustrated exit are kept in the evidence so the rule can be tuned.
 */
export function detectAbandonment(last: LastAnswer, facts: SessionFacts): SignalDecision | null {
  const goodRating = last.events.some(
    (e) => e.kind === "rating" && e.value !== undefined && e.value >= Math.ceil((e.scale ?? 5) * 0.7),
  );
  const copied = last.events.some((e) => e.kind === "copy");
  const thumbsUp = last.events.some((e) => e.kind === "thumbs_up");
  const success = goodRating || last.events.some((e) => SUCCESS_KINDS.has(e.kind));
  const pageLeave = last.events.find((e) => e.kind === "page_leave");
  const dwellSeconds = (facts.lastActivityAt.getTime() - last.answeredAt.getTime()) / 1000;
  const evidence = {
    dwellSeconds: Math.max(0, Math.round(dwellSeconds)),
    pageLeaveDwellMs: pageLeave?.dwellMs ?? null,
    copied,
    thumbsUp,
    goodRating,
    stopped: last.events.some((e) => e.kind === "stop_generation"),
    negativeSignals: facts.negativeSignalTypes,
    rephrasedEarlier: facts.rephrasedEarlier,
    interactionsInSession: facts.interactionsInSession,
  };
  if (success) return null;
  let strength = 0.6;
  if (facts.negativeSignalTypes.length > 0) strength += 0.2;
  if (facts.rephrasedEarlier) strength += 0.2;
  return { type: "abandonment", polarity: "negative", strength: round3(Math.min(1, strength)), evidence };
}
