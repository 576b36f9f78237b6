import { z } from "zod";

const common = {
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(80)
    .regex(/^[\w.:-]+$/, "Use letters, digits, dots, dashes, colons and underscores"),
  /** The version a fine-tuned candidate was trained from. */
  parentId: z.string().min(1).max(64).optional(),
  /** Where the fine-tuned weights live (LoRA adapter path, provider job output). */
  adapterRef: z.string().trim().max(500).optional(),
};

export const createModelVersionInput = z.discriminatedUnion("provider", [
  z.object({
    ...common,
    provider: z.literal("openai-compatible"),
    baseUrl: z.url("Enter the endpoint's base URL, e.g. http://localhost:8000/v1").max(500),
    model: z.string().trim().min(1, "The provider's model name is required").max(200),
    /** Stored sealed (AES-256-GCM); never returned. Optional for endpoints without auth (local vLLM, Ollama). */
    apiKey: z.string().max(500).optional(),
    /** Overrides the project's gateway timeout for this version. */
    timeoutSeconds: z.number().int().min(1).max(600).optional(),
  }),
  z.object({
    ...common,
    /** The demo world's simulated model (labeled "simulated" everywhere it shows). */
    provider: z.literal("simulated"),
    /** One of the installed world's presets (models.presets); checked by the service. */
    profile: z.string().trim().min(1, "Pick a preset").max(80),
  }),
]);
export type CreateModelVersionInput = z.infer<typeof createModelVersionInput>;

export const modelVersionIdInput = z.object({ modelVersionId: z.string().min(1).max(64) });
export const setModelStatusInput = z.object({
  modelVersionId: z.string().min(1).max(64),
  status: z.enum(["shadow", "candidate", "retired"]),
  /** Share of production requests mirrored to it while in shadow. */
  mirrorFraction: z.number().min(0).max(1).optional(),
});
