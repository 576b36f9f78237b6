// SIMULATED: the demo world's fine-tuning backend (the fine-tune issue wires it as a trainer). Training on a
// failure pattern's topics raises their quality; now and then it regresses another topic, so the shadow
// comparison and the promotion gates have something real to catch.

import { normal, pick } from "../stats/random";
import { qualityFor, simulatedModelConfig, type SimulatedModelConfig } from "./model";
import { TOPICS } from "./topics";

export interface SimulatedTrainingResult {
  config: SimulatedModelConfig;
  /** Training loss per step (decreasing with noise), for the progress chart. */
  lossCurve: number[];
  improved: Record<string, { before: number; after: number }>;
  /** A topic that got worse, or null. */
  regressed: { topic: string; before: number; after: number } | null;
}

export function simulatedFineTune(
  parent: SimulatedModelConfig,
  options: {
    targetTopics: string[];
    steps: number;
    random: () => number;
    regressionChance?: number;
    /** 0–1: how much of the usual gain a run gets (a small dataset teaches less). Default 1. */
    strength?: number;
  },
): SimulatedTrainingResult {
  const { random } = options;
  const quality: Record<string, number> = Object.fromEntries(TOPICS.map((t) => [t.key, qualityFor(parent, t.key)]));
  const improved: SimulatedTrainingResult["improved"] = {};
  for (const topic of options.targetTopics) {
    const before = quality[topic] ?? parent.defaultQuality;
    // Closes most of the gap to a ceiling of 0.95.
    const after = Math.min(0.95, before + (0.95 - before) * (0.55 + 0.3 * random()) * (options.strength ?? 1));
    quality[topic] = after;
    improved[topic] = { before, after };
  }
  let regressed: SimulatedTrainingResult["regressed"] = null;
  const others = TOPICS.map((t) => t.key).filter((k) => !options.targetTopics.includes(k));
  if (others.length > 0 && random() < (options.regressionChance ?? 0.3)) {
    const topic = pick(others, random);
    const before = quality[topic]!;
    const after = Math.max(0.05, before - (0.1 + 0.15 * random()));
    quality[topic] = after;
    regressed = { topic, before, after };
  }
  const lossCurve: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const base = 0.35 + 1.6 * Math.exp((-4 * step) / Math.max(1, options.steps));
    lossCurve.push(Math.max(0.05, base + 0.04 * normal(random)));
  }
  return {
    config: simulatedModelConfig.parse({ ...parent, profile: "fine-tune", quality }),
    lossCurve,
    improved,
    regressed,
  };
}
