// SIMULATED: the Demo project's starting evaluation setup (seeded on the first start): one rubric and the
// simulated judge scoring every answer, so the Overview shows judged quality from the start.

import type { RubricContent } from "../modules/evaluation/evaluation.schema";

export const DEMO_RUBRIC: { name: string; content: RubricContent } = {
  name: "Support answer quality",
  content: {
    criteria: [
      {
        name: "Correct",
        description: "States facts and steps that are right for our product and policies.",
        scale: "pass_fail",
      },
      { name: "Complete", description: "Gives the user everything needed to act.", scale: "1-5" },
      { name: "On topic", description: "Answers the question that was asked.", scale: "pass_fail" },
    ],
    failureCategories: ["incorrect", "incomplete", "off_topic", "unsafe", "format"],
    examples: [],
    notes: "Refund window is 30 days; SSO is on the Business plan.",
  },
};

export const DEMO_JUDGE = { name: "sim-judge", noise: 0.1, sampleRate: 1 };

/** The Demo's routing queue: the simulated judge's unsure or contradicted verdicts go to the admin to label. */
export const DEMO_QUEUE = {
  name: "Ambiguous support answers",
  description: "Filled by the routing rules from the simulated judge's verdicts (simulated world).",
  overlap: 2,
  goldRate: 0.05,
};
