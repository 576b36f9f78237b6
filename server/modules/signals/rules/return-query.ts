import { compareQueries, type QueryTurn, type SimilaritySettings } from "./rephrase";
import { round3, type SignalDecision } from "./types";

export interface ReturnQuerySettings extends SimilaritySettings {
  returnQueryWindowSeconds: number;
  /** Embedding similarity that counts on its own for a return query. */
  returnQueryMinSimilarity: number;
  rephraseWindowSeconds: number;
}

/**
 * The same end user comes back in another session and asks a similar question again: the
 * earlier answer did not stick. Returns the decision for the earlier interaction.
 */
export function detectReturnQuery(
  earlier: QueryTurn & { sessionId: string | null },
  later: QueryTurn & { sessionId: string | null },
  s: ReturnQuerySettings,
): SignalDecision | null {
  const gapSeconds = (later.startedAt.getTime() - earlier.startedAt.getTime()) / 1000;
  if (gapSeconds <= 0 || gapSeconds > s.returnQueryWindowSeconds) return null;
  // Coming back means another session; within one session, asking again is the rephrase rule's business.
  const sameSession = earlier.sessionId !== null && earlier.sessionId === later.sessionId;
  if (sameSession) return null;
  if (earlier.sessionId === null && later.sessionId === null && gapSeconds <= s.rephraseWindowSeconds) return null;
  const sim = compareQueries(earlier, later, s, s.returnQueryMinSimilarity);
  if (!sim.match) return null;
  return {
    type: "return_query",
    polarity: "negative",
    strength: round3(Math.min(1, sim.score) * 0.8),
    evidence: {
      laterInteractionId: later.interactionId,
      gapSeconds: Math.round(gapSeconds),
      semanticSimilarity: sim.semantic === null ? null : round3(sim.semantic),
      lexicalOverlap: round3(sim.lexical),
      method: sim.method,
    },
  };
}
