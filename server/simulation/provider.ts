// SIMULATED: plugs the demo world into the product as its "simulated" provider (server/llm/simulated-provider.ts):
// the world's models answer chat requests, its judge scores answers, its trainer fine-tunes on dataset rows, and
// it says what the first start seeds for the Demo project. Installed by server/plugins.ts; the product reaches the
// world only through this interface.
import { installSimulatedProvider, type SimulatedConfig } from "../llm/simulated-provider";
import { DEMO_JUDGE, DEMO_QUEUE, DEMO_RUBRIC } from "./demo-evaluation";
import { simulatedChat } from "./endpoint";
import { simulatedJudgeVerdict, simulatedTopicName } from "./judge";
import { SIMULATED_PROFILES, simulatedModelConfig, type SimulatedModelConfig } from "./model";
import { simulatedFineTune, type SimulatedTrainingResult } from "./trainer";

const PROFILE_LABELS: Record<keyof typeof SIMULATED_PROFILES, string> = {
  "support-bot-v1": "support-bot-v1 (the Demo's production quality per topic)",
  "support-bot-v1-concise": "support-bot-v1-concise (a prompt variant: about ten points better per topic)",
  uniform: "uniform (75 % good on every topic)",
  strong: "strong (93 % good)",
  weak: "weak (45 % good)",
};

const parse = (config: SimulatedConfig): SimulatedModelConfig => simulatedModelConfig.parse(config);

/** What a training run taught, in words: the job's log line. */
function describeTraining(result: SimulatedTrainingResult): string {
  const taught = Object.entries(result.cases).map(
    ([key, c]) =>
      `${key} ${(c.before * 100).toFixed(0)} → ${(c.after * 100).toFixed(0)} % good (${c.correct} correct, ${c.wrong} wrong example(s))`,
  );
  return `simulated training: ${taught.join("; ") || "no case of the world in the rows"}${
    result.unrecognised ? `; ${result.unrecognised} row(s) about nothing it knows` : ""
  }${result.regressed ? `; regressed ${result.regressed.topic}` : ""}`;
}

installSimulatedProvider({
  profiles: Object.fromEntries(
    Object.entries(SIMULATED_PROFILES).map(([name, config]) => [
      name,
      { label: PROFILE_LABELS[name as keyof typeof SIMULATED_PROFILES], config },
    ]),
  ),
  parseConfig(config) {
    const parsed = simulatedModelConfig.safeParse(config ?? {});
    return parsed.success ? parsed.data : null;
  },
  chat: (config, modelName, body, signal) => simulatedChat(parse(config), modelName, body, signal),
  judge: (question, answer, options) => simulatedJudgeVerdict(question, answer, options),
  nameTopic: (questions) => simulatedTopicName(questions),
  train(parent, options) {
    const result = simulatedFineTune(parse(parent), options);
    return { config: result.config, lossCurve: result.lossCurve, summary: describeTraining(result) };
  },
  demo: {
    model: { name: "support-bot-v1", profile: "support-bot-v1" },
    rubric: {
      name: DEMO_RUBRIC.name,
      criteria: DEMO_RUBRIC.content.criteria,
      failureCategories: DEMO_RUBRIC.content.failureCategories,
      notes: DEMO_RUBRIC.content.notes ?? null,
    },
    judge: DEMO_JUDGE,
    queue: DEMO_QUEUE,
  },
});
