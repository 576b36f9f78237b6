// The trainer port: one backend per `backend` value of a fine-tune job, in a registry the composition root builds.
// Each says whether it is usable here, refuses a base version it cannot train, and starts a run that reports trainer
// events, can be cancelled and settles with the outcome. The fine-tunes service knows no backend by name.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { maybeSimulatedProvider, simulatedProvider } from "../../llm/simulated-provider";
import { runCommandBackend, runSimulatedBackend, type BackendRun, type OnEvent } from "./backends";
import type { FineTuneBackend, Hyperparameters } from "./fine-tunes.schema";
import { runOpenAIBackend } from "./openai-backend";

export interface TrainingRun {
  projectId: string;
  jobId: string;
  method: string;
  hyperparameters: Hyperparameters;
  base: { id: string; name: string; provider: string; config: unknown };
  /** The train split as the backend's JSONL, and its examples (the simulated trainer learns from those). */
  rows: { content: string; lines: number; examples: Array<{ prompt: string; target: string }> };
  /** The job's own folder (backends that write files). */
  workDir: string;
}

export interface TrainerBackend {
  /** Whether this backend can run here (the Start form offers only these). */
  available: boolean;
  /** Why this backend cannot train this base version, or null. */
  refuse(base: { provider: string }): string | null;
  start(run: TrainingRun, onEvent: OnEvent): Promise<BackendRun>;
  /** On the base's own provider a candidate is called with the base's sealed key. */
  inheritsSecret: boolean;
  /** Writes the data and its output into the job's folder (recorded on the job). */
  writesFiles: boolean;
}

export type TrainerBackends = Record<FineTuneBackend, TrainerBackend>;

export function createTrainerBackends({
  trainerCommand,
  simulatedStepDelayMs = 150,
  openAIPollMs = 5000,
  providerEndpoint,
  outboundFetch,
}: {
  /** The operator's trainer command template; unset turns the command backend off. */
  trainerCommand?: string | undefined;
  /** Pace of the simulated trainer (the demo's progress bar); 0 in tests. */
  simulatedStepDelayMs?: number;
  /** How often the OpenAI-compatible backend polls the provider's job. */
  openAIPollMs?: number;
  /** The instance's outbound fetch, for the provider's fine-tuning API. */
  outboundFetch: typeof fetch;
  /** The base version's endpoint with its opened key (deployments.providerEndpoint). */
  providerEndpoint: (
    projectId: string,
    modelVersionId: string,
  ) => Promise<{ baseUrl: string; apiKey: string | null; model: string }>;
}): TrainerBackends {
  return {
    command: {
      available: Boolean(trainerCommand),
      inheritsSecret: false,
      writesFiles: true,
      refuse: () => (trainerCommand ? null : "No trainer command is configured (TIGHTLOOP_TRAINER_COMMAND)"),
      async start(run, onEvent) {
        mkdirSync(run.workDir, { recursive: true });
        const data = path.join(run.workDir, `${run.method === "dpo" ? "dpo" : "sft"}.train.jsonl`);
        const config = path.join(run.workDir, "config.json");
        writeFileSync(data, run.rows.content);
        const settings = { method: run.method, base: run.base.name, hyperparameters: run.hyperparameters };
        writeFileSync(config, JSON.stringify(settings, null, 2));
        const vars = { method: run.method, data, out: path.join(run.workDir, "out"), config };
        return runCommandBackend(trainerCommand!, vars, run.workDir, onEvent);
      },
    },
    "openai-compatible": {
      available: true,
      inheritsSecret: true,
      writesFiles: false,
      refuse: (base) =>
        base.provider === "openai-compatible"
          ? null
          : "The OpenAI-compatible backend fine-tunes OpenAI-compatible versions on their provider",
      async start(run, onEvent) {
        const endpoint = await providerEndpoint(run.projectId, run.base.id);
        const hp = run.hyperparameters;
        return runOpenAIBackend(
          {
            ...endpoint,
            method: run.method as "lora_sft" | "dpo",
            hyperparameters: { epochs: hp.epochs, learningRate: hp.learningRate, beta: hp.beta },
            content: run.rows.content,
            pollMs: openAIPollMs,
            fetch: outboundFetch,
          },
          onEvent,
        );
      },
    },
    simulated: {
      get available() {
        return maybeSimulatedProvider() !== null; // the demo world installs it
      },
      inheritsSecret: false,
      writesFiles: false,
      refuse: (base) =>
        base.provider === "simulated" ? null : "The simulated trainer only fine-tunes simulated (demo) model versions",
      async start(run, onEvent) {
        const parent = simulatedProvider().parseConfig(run.base.config);
        if (!parent) throw new Error(`Simulated model version ${run.base.name} has an invalid configuration`);
        return runSimulatedBackend(
          {
            jobId: run.jobId,
            parent,
            examples: run.rows.examples,
            steps: Math.min(60, Math.max(10, run.hyperparameters.epochs * Math.ceil(run.rows.lines / 4))),
            stepDelayMs: simulatedStepDelayMs,
          },
          onEvent,
        );
      },
    },
  };
}
