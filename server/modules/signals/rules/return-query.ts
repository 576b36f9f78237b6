import { cosine, lexicalOverlap } from "../text";
import type { QueryTurn } from "./rephrase";
import { round3, type SignalDecision } from "./types";

export interface ReturnQuerySettings {
  returnQueryWindowSeconds: number;
  returnQueryMinSimilarity: number;
  rephraseWindowSeconds: number;
  rephraseMinLexicalOverlap: number;
}

/**
 * The same end user asks a similar question again later (another session, or after the rephrase window): the
 * earlier answer did not stick. Returns the decision for the earlier interaction.
 */
export function detectReturnQuery(
  earlier: QueryTurn & { sessionId: string | null },
  later: QueryTurn & { sessionId: string | null },
  s: ReturnQuerySettings,
): SignalDecision | null {
  const gapSeconds = (later.startedAt.getTime() - earlier.startedAt.getTime()) / 1000;
  if (gapSeconds <= 0 || gapSeconds > s.returnQueryWindowSeconds) return null;
  const sameSession = earlier.sessionId !== null && earlier.sessionId === later.sessionId;
  if (sameSession && gapSeconds <= s.rephraseWindowSeconds) return null; // that is a rephrase, not a return
  const english =
    earlier.language === "en" && later.language === "en" && earlier.embedding?.length && later.embedding?.length;
  const similarity = english ? cosine(earlier.embedding!, later.embedding!) : lexicalOverlap(earlier.text, later.text);
  const threshold = english
    ? s.returnQueryMinSimilarity
    : Math.max(s.rephraseMinLexicalOverlap, s.returnQueryMinSimilarity);
  if (similarity < threshold) return null;
  return {
    type: "return_query",
    polarity: "negative",
    strength: round3(Math.min(1, similarity) * 0.8),
    evidence: {
      laterInteractionId: later.interactionId,
      gapSeconds: Math.round(gapSeconds),
      similarity: round3(similarity),
      sameSession,
      method: english ? "embedding" : "lexical",
    },
  };
}
