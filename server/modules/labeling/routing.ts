// Which judged interactions go to humans (pure). Routine cases stay with the judge; an interaction is routed when
// the judge is unsure, contradicts what the user did, could not be read, or the topic is new.

export interface RoutingRules {
  /** Route when the judge's confidence is below this (0–1). */
  confidenceBelow: number;
  /** Route when the judge's verdict contradicts a strong user signal. */
  signalDisagreement: boolean;
  /** Minimum strength of a user signal for it to count as contradicting the judge. */
  signalStrength: number;
  unparseable: boolean;
  /** Route interactions on topics first seen less than this many hours ago (0 = off). */
  newTopicHours: number;
}

export const DEFAULT_ROUTING: RoutingRules = {
  confidenceBelow: 0.6,
  signalDisagreement: true,
  signalStrength: 0.6,
  unparseable: true,
  newTopicHours: 72,
};

export interface RoutingCase {
  judgeStatus: "ok" | "unparseable";
  pass: boolean | null;
  confidence: number | null;
  /** The user's explicit and implicit signals on the interaction (judge and human signals are not user signals). */
  signals: ReadonlyArray<{ polarity: "negative" | "neutral" | "positive"; strength: number }>;
  /** Hours since the interaction's topic first appeared; null without a topic. */
  topicAgeHours: number | null;
}

export type RoutingReason =
  "unparseable" | "low_confidence" | "judge_pass_negative_signal" | "judge_fail_positive_signal" | "new_topic";

/** Every reason that applies, most telling first; empty when the judge's verdict stands. */
export function routeReasons(c: RoutingCase, rules: RoutingRules): RoutingReason[] {
  const reasons: RoutingReason[] = [];
  if (c.judgeStatus === "unparseable") {
    if (rules.unparseable) reasons.push("unparseable");
  } else {
    if (c.confidence !== null && c.confidence < rules.confidenceBelow) reasons.push("low_confidence");
    if (rules.signalDisagreement && c.pass !== null) {
      const strong = c.signals.filter((s) => s.strength >= rules.signalStrength);
      if (c.pass && strong.some((s) => s.polarity === "negative")) reasons.push("judge_pass_negative_signal");
      if (!c.pass && strong.some((s) => s.polarity === "positive")) reasons.push("judge_fail_positive_signal");
    }
  }
  if (rules.newTopicHours > 0 && c.topicAgeHours !== null && c.topicAgeHours < rules.newTopicHours) {
    reasons.push("new_topic");
  }
  return reasons;
}
