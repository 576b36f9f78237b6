// SIMULATED: models of the demo world. A simulated model version answers the world's questions well with its
// per-topic quality and otherwise fails in a typical way (incorrect, incomplete, off-topic). The truth about each
// answer stays in this folder (`assessAnswer`): the product only ever sees the text.

import { z } from "zod";
import { pick, weightedIndex } from "../stats/random";
import { FAILURE_CATEGORIES, TOPICS, fill, recognise, type FailureCategory } from "./topics";

export const simulatedModelConfig = z.object({
  /** Where the qualities came from (a preset name, or "fine-tune" for trainer output). */
  profile: z.string().max(80).default("custom"),
  /** Probability of a good answer per topic key; topics not listed use defaultQuality. */
  quality: z.record(z.string().max(80), z.number().min(0).max(1)).default({}),
  /** Probability of a good answer per case ("topic#intent"), where training taught it more than its topic. */
  intentQuality: z.record(z.string().max(120), z.number().min(0).max(1)).default({}),
  defaultQuality: z.number().min(0).max(1).default(0.75),
  /** Fine-tunes in its lineage (0: a base model). */
  generation: z.number().int().min(0).max(1000).default(0),
  /** Time to the first token, and per word after it. */
  latencyMs: z.number().int().min(0).max(60_000).default(250),
  msPerWord: z.number().int().min(0).max(1000).default(12),
});
export type SimulatedModelConfig = z.infer<typeof simulatedModelConfig>;

/** Presets offered in the model registry. The Demo project's production version is "support-bot-v1". */
export const SIMULATED_PROFILES = {
  "support-bot-v1": simulatedModelConfig.parse({
    profile: "support-bot-v1",
    quality: {
      billing: 0.85,
      password_reset: 0.92,
      api_errors: 0.62,
      refunds: 0.5,
      shipping: 0.86,
      integrations: 0.78,
      data_export: 0.84,
      plan_upgrade: 0.9,
      sso_setup: 0.3,
      // The world's later failure modes (schedule.ts): its knowledge predates them.
      refund_policy: 0.25,
      export_timeouts: 0.3,
      mobile_offline: 0.3,
      admin_2fa: 0.25,
      webhook_delays: 0.3,
      eu_residency: 0.3,
      team_pricing: 0.25,
      search_lag: 0.3,
    },
  }),
  // A prompt variant of v1 (shorter, with the policy notes inlined): better everywhere by about ten points.
  "support-bot-v1-concise": simulatedModelConfig.parse({
    profile: "support-bot-v1-concise",
    quality: {
      billing: 0.92,
      password_reset: 0.95,
      api_errors: 0.74,
      refunds: 0.66,
      shipping: 0.93,
      integrations: 0.88,
      data_export: 0.92,
      plan_upgrade: 0.95,
      sso_setup: 0.45,
      refund_policy: 0.4,
      export_timeouts: 0.4,
      mobile_offline: 0.4,
      admin_2fa: 0.4,
      webhook_delays: 0.4,
      eu_residency: 0.4,
      team_pricing: 0.4,
      search_lag: 0.4,
    },
  }),
  uniform: simulatedModelConfig.parse({ profile: "uniform", defaultQuality: 0.75 }),
  strong: simulatedModelConfig.parse({ profile: "strong", defaultQuality: 0.93 }),
  weak: simulatedModelConfig.parse({ profile: "weak", defaultQuality: 0.45 }),
} satisfies Record<string, SimulatedModelConfig>;

/** What the failure looks like when an answer is bad (weights for incorrect, incomplete, off-topic). */
const FAILURE_WEIGHTS = [0.5, 0.35, 0.15];

const GREETING =
  "Hi! I am the demo world's simulated support assistant. Ask me about billing, passwords, API errors, refunds, shipping, integrations, data export, plans or SSO.";

export interface SimulatedAnswer {
  text: string;
  /** Ground truth, kept inside the simulation: null when the question is not one the world knows. */
  truth: { topic: string; good: boolean; category: FailureCategory | null } | null;
}

/** A case of the world: one intent of one topic, whatever its details and paraphrase. */
export const caseKey = (topic: string, intentIndex: number) => `${topic}#${intentIndex}`;

export function qualityFor(config: SimulatedModelConfig, topic: string, intentIndex?: number): number {
  const learned = intentIndex === undefined ? undefined : config.intentQuality[caseKey(topic, intentIndex)];
  return learned ?? config.quality[topic] ?? config.defaultQuality;
}

export function simulatedAnswer(config: SimulatedModelConfig, question: string, random: () => number): SimulatedAnswer {
  const known = recognise(question);
  if (!known) return { text: GREETING, truth: null };
  const { topic, intentIndex, values } = known;
  if (random() < qualityFor(config, topic.key, intentIndex)) {
    return {
      text: fill(pick(topic.intents[intentIndex]!.good, random), values),
      truth: { topic: topic.key, good: true, category: null },
    };
  }
  const category = FAILURE_CATEGORIES[weightedIndex(FAILURE_WEIGHTS, random)]!;
  if (category === "off_topic") {
    const other = pick(
      TOPICS.filter((t) => t.key !== topic.key),
      random,
    );
    const firstValues = Object.fromEntries(Object.entries(other.slots).map(([k, v]) => [k, v[0]!]));
    return {
      text: fill(other.intents[0]!.good[0]!, firstValues),
      truth: { topic: topic.key, good: false, category },
    };
  }
  return { text: fill(pick(topic.bad[category], random), values), truth: { topic: topic.key, good: false, category } };
}

/**
 * The truth about an answer to a world question, as the simulated users and the simulated judge know it: good when
 * it is one of the intent's good answers, else the failure category it came from.
 */
export function assessAnswer(
  question: string,
  answer: string,
): { topic: string; good: boolean; category: FailureCategory | null } | null {
  const known = recognise(question);
  if (!known) return null;
  const { topic, intentIndex, values } = known;
  const text = answer.trim();
  if (topic.intents[intentIndex]!.good.some((g) => fill(g, values) === text))
    return { topic: topic.key, good: true, category: null };
  for (const category of ["incorrect", "incomplete"] as const) {
    if (topic.bad[category].some((b) => fill(b, values) === text)) return { topic: topic.key, good: false, category };
  }
  return { topic: topic.key, good: false, category: "off_topic" };
}

export const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));
