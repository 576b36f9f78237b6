import { cosine, lexicalOverlap, normalizeText } from "../text";
import { clamp01, round3, type SignalDecision } from "./types";

export interface QueryTurn {
  interactionId: string;
  text: string;
  language: string | null;
  embedding: readonly number[] | null;
  startedAt: Date;
  endedAt: Date | null;
}

export interface RephraseSettings {
  rephraseWindowSeconds: number;
  rephraseMinSimilarity: number;
  rephraseMinLexicalOverlap: number;
}

/**
 * The next query in the same session, soon after the previous answer, asks the same thing again: the previous
 * answer failed. English text compares sentence embeddings, helped by word overlap (a paraphrase that shares the
 * key words passes at a lower similarity); other languages fall back to word overlap alone.
 */
export function detectRephrase(prev: QueryTurn, next: QueryTurn, s: RephraseSettings): SignalDecision | null {
  const answeredAt = prev.endedAt ?? prev.startedAt;
  const gapSeconds = (next.startedAt.getTime() - answeredAt.getTime()) / 1000;
  if (gapSeconds < -1 || gapSeconds > s.rephraseWindowSeconds) return null;
  if (!prev.text.trim() || !next.text.trim()) return null;

  const lexical = lexicalOverlap(prev.text, next.text);
  const identical = normalizeText(prev.text) === normalizeText(next.text);
  const english = prev.language === "en" && next.language === "en" && prev.embedding?.length && next.embedding?.length;
  const semantic = english ? cosine(prev.embedding!, next.embedding!) : null;

  let match: boolean;
  let score: number;
  if (identical) {
    match = true;
    score = 1;
  } else if (semantic !== null) {
    const relaxed = s.rephraseMinSimilarity - 0.1;
    match = semantic >= s.rephraseMinSimilarity || (semantic >= relaxed && lexical >= s.rephraseMinLexicalOverlap);
    score = semantic;
  } else {
    match = lexical >= s.rephraseMinLexicalOverlap;
    score = lexical;
  }
  if (!match) return null;

  // Sooner is stronger evidence: a retry within seconds says more than one near the end of the window.
  const timeFactor = 1 - 0.5 * clamp01(gapSeconds / s.rephraseWindowSeconds);
  return {
    type: "rephrase",
    polarity: "negative",
    strength: round3(clamp01(score) * timeFactor),
    evidence: {
      nextInteractionId: next.interactionId,
      gapSeconds: round3(gapSeconds),
      semanticSimilarity: semantic === null ? null : round3(semantic),
      lexicalOverlap: round3(lexical),
      identical,
      method: identical ? "identical" : semantic !== null ? "embedding" : "lexical",
      thresholds: {
        minSimilarity: s.rephraseMinSimilarity,
        minLexicalOverlap: s.rephraseMinLexicalOverlap,
        windowSeconds: s.rephraseWindowSeconds,
      },
    },
  };
}
