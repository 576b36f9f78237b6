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

export interface SimilaritySettings {
  /** Embedding similarity that counts as "the same question" together with enough word overlap. */
  rephraseMinSimilarity: number;
  rephraseMinLexicalOverlap: number;
}

export interface RephraseSettings extends SimilaritySettings {
  rephraseWindowSeconds: number;
  /** Embedding similarity that counts on its own, whatever the words. */
  rephraseSemanticOnlySimilarity: number;
}

export interface Similarity {
  match: boolean;
  score: number;
  semantic: number | null;
  lexical: number;
  method: "identical" | "embedding" | "lexical";
}

/**
 * "Asks the same thing again". Measured on the bundled English model: paraphrases score 0.73–0.92, but so do
 * same-topic different tasks ("cancel" vs "upgrade my subscription" 0.82, "count orders" vs "delete duplicate
 * customers" 0.86), which differ in their content words. So a very high similarity counts alone; otherwise
 * similarity and word overlap must both pass. Text the model cannot read falls back to word overlap.
 */
export function compareQueries(a: QueryTurn, b: QueryTurn, s: SimilaritySettings, semanticOnly: number): Similarity {
  const lexical = lexicalOverlap(a.text, b.text);
  if (normalizeText(a.text) === normalizeText(b.text))
    return { match: true, score: 1, semantic: null, lexical, method: "identical" };
  const english = a.language === "en" && b.language === "en" && a.embedding?.length && b.embedding?.length;
  if (english) {
    const semantic = cosine(a.embedding!, b.embedding!);
    const match =
      semantic >= semanticOnly || (semantic >= s.rephraseMinSimilarity && lexical >= s.rephraseMinLexicalOverlap);
    return { match, score: semantic, semantic, lexical, method: "embedding" };
  }
  return { match: lexical >= s.rephraseMinLexicalOverlap, score: lexical, semantic: null, lexical, method: "lexical" };
}

/** The next query in the same session, soon after the previous answer, asks the same thing again: it failed. */
export function detectRephrase(prev: QueryTurn, next: QueryTurn, s: RephraseSettings): SignalDecision | null {
  const answeredAt = prev.endedAt ?? prev.startedAt;
  const gapSeconds = (next.startedAt.getTime() - answeredAt.getTime()) / 1000;
  if (gapSeconds < -1 || gapSeconds > s.rephraseWindowSeconds) return null;
  if (!prev.text.trim() || !next.text.trim()) return null;
  const sim = compareQueries(prev, next, s, s.rephraseSemanticOnlySimilarity);
  if (!sim.match) return null;
  // Sooner is stronger evidence: a retry within seconds says more than one near the end of the window.
  const timeFactor = 1 - 0.5 * clamp01(gapSeconds / s.rephraseWindowSeconds);
  return {
    type: "rephrase",
    polarity: "negative",
    strength: round3(clamp01(sim.score) * timeFactor),
    evidence: {
      nextInteractionId: next.interactionId,
      gapSeconds: round3(gapSeconds),
      semanticSimilarity: sim.semantic === null ? null : round3(sim.semantic),
      lexicalOverlap: round3(sim.lexical),
      method: sim.method,
      thresholds: {
        minSimilarity: s.rephraseMinSimilarity,
        minLexicalOverlap: s.rephraseMinLexicalOverlap,
        semanticOnly: s.rephraseSemanticOnlySimilarity,
        windowSeconds: s.rephraseWindowSeconds,
      },
    },
  };
}
