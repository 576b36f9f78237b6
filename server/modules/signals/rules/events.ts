import { normalizedEditDistance } from "../text";
import { round3, type SignalDecision } from "./types";

export interface FeedbackPayload {
  value?: number;
  scale?: number;
  text?: string;
}

/** Explicit feedback becomes signals too, so every consumer reads one table. */
export function explicitSignal(kind: string, payload: FeedbackPayload): SignalDecision | null {
  switch (kind) {
    case "thumbs_up":
      return { type: "thumbs_up", polarity: "positive", strength: 1, evidence: {} };
    case "thumbs_down":
      return {
        type: "thumbs_down",
        polarity: "negative",
        strength: 1,
        evidence: payload.text ? { text: payload.text } : {},
      };
    case "rating": {
      const scale = payload.scale ?? 5;
      const value = payload.value ?? 0;
      // Map 1..scale onto -1..1: the lowest rating is a strong negative, the middle is neutral.
      const position = scale > 1 ? ((value - 1) / (scale - 1)) * 2 - 1 : 0;
      const polarity = position < -0.2 ? "negative" : position > 0.2 ? "positive" : "neutral";
      return {
        type: "rating",
        polarity,
        strength: round3(Math.min(1, Math.abs(position))),
        evidence: { value, scale },
      };
    }
    case "comment":
      return { type: "comment", polarity: "neutral", strength: 0.5, evidence: { text: payload.text ?? "" } };
    default:
      return null;
  }
}

/** The user stopped the generation (or the gateway saw the client abort the stream). */
export function truncationSignal(evidence: Record<string, unknown>): SignalDecision {
  return { type: "truncation", polarity: "negative", strength: 0.8, evidence };
}

export function regenerateSignal(): SignalDecision {
  return { type: "regenerate", polarity: "negative", strength: 0.6, evidence: {} };
}

/**
 * A copied answer was edited before use: the edit's size (normalised edit distance) is the strength, and the edited
 * text is kept as the correction (a training target later). No copy before it, or no change, is no signal.
 */
export function correctionSignal(
  answer: string | null,
  editedText: string,
  copiedBefore: boolean,
): SignalDecision | null {
  if (!copiedBefore || answer === null) return null;
  const d = normalizedEditDistance(answer, editedText);
  if (d === 0) return null;
  return {
    type: "correction",
    polarity: "negative",
    strength: round3(d),
    evidence: {
      editDistance: round3(d),
      answerLength: answer.length,
      editedLength: editedText.length,
      correctedText: editedText,
    },
  };
}
