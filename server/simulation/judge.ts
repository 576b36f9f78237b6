// SIMULATED: the demo world's LLM judge (the judge issue wires it as a judge provider). It knows the truth about
// an answer (this folder keeps it) and errs like a real judge: with probability `noise` it gets the verdict
// wrong, and then it is usually less confident, so low-confidence routing to humans catches most of its mistakes.

import { recognise, type FailureCategory } from "./topics";
import { assessAnswer } from "./model";

export interface SimulatedVerdict {
  /** 1–5. */
  score: number;
  pass: boolean;
  failureCategory: FailureCategory | null;
  /** 0–1. */
  confidence: number;
  rationale: string;
}

export function simulatedJudgeVerdict(
  question: string,
  answer: string,
  options: { noise: number; random: () => number },
): SimulatedVerdict {
  const { random } = options;
  const truth = assessAnswer(question, answer);
  if (!truth) {
    return {
      score: 3,
      pass: true,
      failureCategory: null,
      confidence: 0.3 + 0.2 * random(),
      rationale: "The question is outside the known support topics; no clear failure.",
    };
  }
  const wrong = random() < options.noise;
  const pass = truth.good !== wrong;
  const confidence = wrong ? 0.35 + 0.3 * random() : 0.7 + 0.28 * random();
  if (pass) {
    return {
      score: random() < 0.6 ? 5 : 4,
      pass,
      failureCategory: null,
      confidence,
      rationale: "The answer addresses the question with concrete, correct steps.",
    };
  }
  const category: FailureCategory = truth.category ?? "incomplete";
  const rationale: Record<FailureCategory, string> = {
    incorrect: "The answer states something that contradicts the product's policy or behaviour.",
    incomplete: "The answer is too vague to act on; the steps are missing.",
    off_topic: "The answer is about a different problem than the one asked.",
  };
  return {
    score: category === "incomplete" ? 2 : 1,
    pass,
    failureCategory: category,
    confidence,
    rationale: rationale[category],
  };
}

/**
 * The simulated judge model naming a topic, as a careful person would: the world topic most of its questions belong
 * to (it knows the world), or null when no world topic holds at least half of them.
 */
export function simulatedTopicName(questions: readonly string[]): string | null {
  const counts = new Map<string, { label: string; n: number }>();
  for (const q of questions) {
    const known = recognise(q);
    if (!known) continue;
    const c = counts.get(known.topic.key) ?? { label: known.topic.label, n: 0 };
    c.n++;
    counts.set(known.topic.key, c);
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return best && best.n * 2 >= questions.length ? best.label : null;
}
