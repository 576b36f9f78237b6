import { z } from "zod";

const FINE_TUNE_BACKENDS = ["simulated", "command", "openai-compatible"] as const;
export type FineTuneBackend = (typeof FINE_TUNE_BACKENDS)[number];

export const hyperparameters = z.object({
  rank: z.number().int().min(1).max(256).default(16),
  alpha: z.number().int().min(1).max(512).default(32),
  learningRate: z.number().gt(0).max(1).default(2e-4),
  epochs: z.number().int().min(1).max(20).default(3),
  /** DPO only: strength of the preference loss. */
  beta: z.number().gt(0).max(10).default(0.1),
});
export type Hyperparameters = z.infer<typeof hyperparameters>;

export const createFineTuneInput = z.object({
  datasetId: z.string().min(1).max(64),
  method: z.enum(["lora_sft", "dpo"]),
  backend: z.enum(FINE_TUNE_BACKENDS),
  baseModelVersionId: z.string().min(1, "Pick the base model version").max(64),
  hyperparameters: hyperparameters.prefault({}),
});
export type CreateFineTuneInput = z.infer<typeof createFineTuneInput>;

export const fineTuneIdInput = z.object({ jobId: z.string().min(1).max(64) });
