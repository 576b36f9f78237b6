// SIMULATED: the demo world's fine-tuning backend. It learns from the rows it is given, judged by the world's own
// answer key: each case (an intent of a topic, any paraphrase and details) improves with the number of distinct
// examples that teach it the right answer, and gets worse when examples teach it a wrong one. A dataset of two rows
// fixes little; one that covers every failing case with correct targets fixes most of them. A fine-tune of a base
// model never regresses (the first loop of a fresh start closes); a fine-tune stacked on an earlier one forgets
// another topic half of the time, so over an afternoon the shadow comparison and its guardrail have something real
// to catch.

import { normal, pick } from "../stats/random";
import { assessAnswer, caseKey, qualityFor, simulatedModelConfig, type SimulatedModelConfig } from "./model";
import { TOPICS, recognise } from "./topics";

export interface TrainingExample {
  /** The user's question (the last user message of the row's prompt). */
  prompt: string;
  /** What the row teaches the model to answer (SFT target, DPO "chosen"). */
  target: string;
}

interface CaseOutcome {
  before: number;
  after: number;
  /** Distinct examples with a correct target, and examples with a wrong one. */
  correct: number;
  wrong: number;
}

export interface SimulatedTrainingResult {
  config: SimulatedModelConfig;
  /** Training loss per step (decreasing with noise), for the progress chart. */
  lossCurve: number[];
  /** Per case ("topic#intent") the rows taught. */
  cases: Record<string, CaseOutcome>;
  /** Rows about nothing the world knows (they teach nothing). */
  unrecognised: number;
  /** A topic that got worse, or null. */
  regressed: { topic: string; before: number; after: number } | null;
}

/** The share of a case's gap to the ceiling that `correct` distinct examples close: 1 − e^(−n/2). */
export const learnedShare = (correct: number) => 1 - Math.exp(-correct / 2);
const CEILING = 0.95;
const FLOOR = 0.05;

export function simulatedFineTune(
  parent: SimulatedModelConfig,
  options: {
    examples: TrainingExample[];
    steps: number;
    random: () => number;
    /** Default: 0 for a base model, 0.5 for one that was fine-tuned before. */
    regressionChance?: number;
  },
): SimulatedTrainingResult {
  const { random } = options;
  const byCase = new Map<string, { topic: string; intent: number; correct: Set<string>; wrong: number }>();
  let unrecognised = 0;
  for (const e of options.examples) {
    const known = recognise(e.prompt);
    const truth = assessAnswer(e.prompt, e.target);
    if (!known || !truth) {
      unrecognised++;
      continue;
    }
    const key = caseKey(known.topic.key, known.intentIndex);
    const c = byCase.get(key) ?? { topic: known.topic.key, intent: known.intentIndex, correct: new Set(), wrong: 0 };
    // Distinct details count: the same question twice teaches no more than once.
    if (truth.good) c.correct.add(JSON.stringify(known.values));
    else c.wrong++;
    byCase.set(key, c);
  }

  const intentQuality = { ...parent.intentQuality };
  const cases: SimulatedTrainingResult["cases"] = {};
  for (const [key, c] of byCase) {
    const before = qualityFor(parent, c.topic, c.intent);
    const correct = c.correct.size;
    let after = before + (CEILING - before) * learnedShare(correct) * (0.85 + 0.15 * random());
    // Wrong targets pull the case towards the wrong answer, in proportion to their share of its rows.
    if (c.wrong > 0) after -= (after - FLOOR) * 0.6 * (c.wrong / (correct + c.wrong));
    intentQuality[key] = after;
    cases[key] = { before, after, correct, wrong: c.wrong };
  }

  const quality: Record<string, number> = Object.fromEntries(TOPICS.map((t) => [t.key, qualityFor(parent, t.key)]));
  let regressed: SimulatedTrainingResult["regressed"] = null;
  const taught = new Set([...byCase.values()].map((c) => c.topic));
  const others = TOPICS.map((t) => t.key).filter((k) => !taught.has(k));
  const regressionChance = options.regressionChance ?? (parent.generation === 0 ? 0 : 0.5);
  if (others.length > 0 && random() < regressionChance) {
    const topic = pick(others, random);
    const before = quality[topic]!;
    const after = Math.max(FLOOR, before - (0.1 + 0.15 * random()));
    quality[topic] = after;
    // A regression hits the whole topic, including what an earlier training taught about it.
    for (const key of Object.keys(intentQuality)) if (key.startsWith(`${topic}#`)) delete intentQuality[key];
    regressed = { topic, before, after };
  }
  const lossCurve: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const base = 0.35 + 1.6 * Math.exp((-4 * step) / Math.max(1, options.steps));
    lossCurve.push(Math.max(0.05, base + 0.04 * normal(random)));
  }
  return {
    config: simulatedModelConfig.parse({
      ...parent,
      profile: "fine-tune",
      quality,
      intentQuality,
      generation: parent.generation + 1,
    }),
    lossCurve,
    cases,
    unrecognised,
    regressed,
  };
}
