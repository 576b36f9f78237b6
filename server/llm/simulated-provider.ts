// The "simulated" provider, as the product sees it: model versions, judges and a trainer that a demo world plugs
// in (server/simulation/provider.ts, installed by server/plugins.ts). The product never looks inside a simulated
// configuration; without a world installed, everything simulated is refused with a clear error and the first start
// seeds no Demo project.
import { DomainError } from "../errors";

/** A simulated model version's stored configuration: opaque to the product, read only by the world. */
export type SimulatedConfig = Readonly<Record<string, unknown>>;

interface SimulatedVerdict {
  score: number;
  pass: boolean;
  failureCategory: string | null;
  confidence: number;
  rationale: string;
}

export interface SimulatedTraining {
  /** The trained model's configuration (registered as the candidate). */
  config: SimulatedConfig;
  /** Training loss per step, for the progress chart. */
  lossCurve: number[];
  /** What the rows taught, in words (the job's log). */
  summary: string;
}

/** What the first start seeds for a demo: its production model, rubric, judge and routing queue. */
interface DemoSeed {
  model: { name: string; profile: string };
  rubric: {
    name: string;
    criteria: Array<{ name: string; description: string; scale: "pass_fail" | "1-5" }>;
    failureCategories: string[];
    notes: string | null;
  };
  judge: { name: string; noise: number; sampleRate: number };
  queue: { name: string; description: string; overlap: number; goldRate: number };
}

export interface SimulatedProvider {
  /** Presets offered in the model registry: name → what it is, and its configuration. */
  profiles: Record<string, { label: string; config: SimulatedConfig }>;
  /** A stored configuration, validated (defaults filled); null when it is not one of the world's. */
  parseConfig(config: unknown): SimulatedConfig | null;
  /** One chat completion in the OpenAI wire format (JSON, or SSE when `stream` is set). */
  chat(
    config: SimulatedConfig,
    modelName: string,
    body: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Response>;
  judge(question: string, answer: string, options: { noise: number; random: () => number }): SimulatedVerdict;
  /** The simulated judge model's name for a topic from a few of its questions, or null when it has none. */
  nameTopic(questions: readonly string[]): string | null;
  train(
    parent: SimulatedConfig,
    options: { examples: Array<{ prompt: string; target: string }>; steps: number; random: () => number },
  ): SimulatedTraining;
  demo: DemoSeed;
}

let installed: SimulatedProvider | null = null;

/** Called once by the demo world when it is loaded. */
export function installSimulatedProvider(provider: SimulatedProvider) {
  installed = provider;
}

/** The installed world, or null (no demo in this build). */
export function maybeSimulatedProvider(): SimulatedProvider | null {
  return installed;
}

export function simulatedProvider(): SimulatedProvider {
  if (!installed) {
    throw new DomainError("INVALID_STATE", "Simulated versions need the demo world, which this build does not include");
  }
  return installed;
}
