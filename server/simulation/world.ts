// SIMULATED: what the demo world's users ask and when. The topic mix drifts over the world's hours (shipping grows,
// password questions shrink) and the emerging topic appears partway through, ramping up over a day (or, for the
// whole-loop demo, launches a few minutes into live traffic and takes a launch-day share within minutes).

import { pick, weightedIndex } from "../stats/random";
import { EMERGING_TOPIC, TOPICS, fill, type Topic } from "./topics";

export interface WorldClock {
  /** When the simulated history begins (the back-fill's first day). */
  start: Date;
  /** Hours after `start` when the emerging topic appears. */
  emergeAfterHours: number;
  /** Hours over which its share ramps up to full (default a day). */
  rampHours?: number;
  /** Its weight at full share against the other topics' ≈ 1 (default 0.14, about an eighth of the questions). */
  emergingWeight?: number;
  /** The living world's scheduled failure modes (schedule.ts): topics that start being asked at a time. */
  arrivals?: Arrival[];
}

/** A topic that starts being asked at `at`: ramps up to `peak`, holds it, then settles to `settle` (weights). */
export interface Arrival {
  topic: string;
  at: Date;
  rampMs: number;
  peak: number;
  peakMs: number;
  settle: number;
}

/** An arrival's weight at `at` (0 before it happens). */
export function arrivalWeight(a: Arrival, at: Date): number {
  const t = at.getTime() - a.at.getTime();
  if (t < 0) return 0;
  if (t < a.rampMs) return (a.peak * t) / a.rampMs;
  if (t < a.rampMs + a.peakMs) return a.peak;
  // Halfway to the settled share every peakMs after the peak.
  return a.settle + (a.peak - a.settle) * 0.5 ** ((t - a.rampMs - a.peakMs) / Math.max(1, a.peakMs));
}

/** Share of questions per topic key at `at`. Pure: the same clock and time give the same mix. */
export function topicMix(clock: WorldClock, at: Date): Record<string, number> {
  const hours = Math.max(0, (at.getTime() - clock.start.getTime()) / 3_600_000);
  const drift = Math.min(1, hours / (7 * 24)); // full drift after a simulated week
  const weights: Record<string, number> = {
    billing: 0.17,
    password_reset: 0.18 - 0.08 * drift,
    api_errors: 0.14,
    refunds: 0.12,
    shipping: 0.1 + 0.1 * drift,
    integrations: 0.11,
    data_export: 0.08,
    plan_upgrade: 0.1 - 0.03 * drift,
    [EMERGING_TOPIC]:
      hours < clock.emergeAfterHours
        ? 0
        : (clock.emergingWeight ?? 0.14) * Math.min(1, (hours - clock.emergeAfterHours) / (clock.rampHours ?? 24)),
  };
  for (const a of clock.arrivals ?? []) weights[a.topic] = (weights[a.topic] ?? 0) + arrivalWeight(a, at);
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, w / total]));
}

export interface Question {
  topic: Topic;
  intentIndex: number;
  values: Record<string, string>;
  /** Paraphrases already used in this conversation, so a rephrase says it differently. */
  used: number[];
  text: string;
}

export function askQuestion(clock: WorldClock, at: Date, random: () => number): Question {
  const mix = topicMix(clock, at);
  const topic =
    TOPICS[
      weightedIndex(
        TOPICS.map((t) => mix[t.key] ?? 0),
        random,
      )
    ]!;
  const intentIndex = Math.floor(random() * topic.intents.length);
  const values = Object.fromEntries(Object.entries(topic.slots).map(([k, v]) => [k, pick(v, random)]));
  const paraphrases = topic.intents[intentIndex]!.paraphrases;
  const p = Math.floor(random() * paraphrases.length);
  return { topic, intentIndex, values, used: [p], text: fill(paraphrases[p]!, values) };
}

/** The same question in other words (another paraphrase of the same intent, same details). */
export function rephrase(q: Question, random: () => number): Question {
  const paraphrases = q.topic.intents[q.intentIndex]!.paraphrases;
  const unused = paraphrases.map((_, i) => i).filter((i) => !q.used.includes(i));
  const p = unused.length > 0 ? pick(unused, random) : Math.floor(random() * paraphrases.length);
  return { ...q, used: [...q.used, p], text: fill(paraphrases[p]!, q.values) };
}

/** The answers a user would accept for the question. */
export function goodAnswers(q: Question): string[] {
  return q.topic.intents[q.intentIndex]!.good.map((g) => fill(g, q.values));
}

/** Relative traffic by hour of day (UTC), so the back-filled history has a daily rhythm. */
export function diurnalWeight(at: Date): number {
  const h = at.getUTCHours() + at.getUTCMinutes() / 60;
  return 0.35 + 0.65 * Math.max(0, Math.sin(((h - 6) / 16) * Math.PI));
}
