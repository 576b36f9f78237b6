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
  /**
   * A topic is new for this many hours after its first interaction, if it emerged at least as long after the
   * project's first interaction (topics present from the start are the initial mix, not new). 0 = off.
   */
  newTopicHours: number;
}

export const DEFAULT_ROUTING: RoutingRules = {
  confidenceBelow: 0.6,
  signalDisagreement: true,
  // Above a plain abandonment (0.6), which also ends many satisfied sessions.
  signalStrength: 0.7,
  unparseable: true,
  newTopicHours: 24,
};

export interface RoutingCase {
  judgeStatus: "ok" | "unparseable";
  pass: boolean | null;
  confidence: number | null;
  /** The user's explicit and implicit signals on the interaction (judge and human signals are not user signals). */
  signals: ReadonlyArray<{ polarity: "negative" | "neutral" | "positive"; strength: number }>;
  /** Hours from the topic's first interaction to this one; null without a topic. */
  topicAgeHours: number | null;
  /** Hours from the project's first interaction to the topic's first; null without a topic. */
  topicEmergedAfterHours: number | null;
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
  const emerged = c.topicEmergedAfterHours !== null && c.topicEmergedAfterHours >= rules.newTopicHours;
  if (rules.newTopicHours > 0 && emerged && c.topicAgeHours !== null && c.topicAgeHours < rules.newTopicHours) {
    reasons.push("new_topic");
  }
  return reasons;
}
