import { z } from "zod";

export const MODEL_STATUSES = ["production", "shadow", "candidate", "retired"] as const;

export const createModelVersionInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(80)
    .regex(/^[\w.:-]+$/, "Use letters, digits, dots, dashes, colons and underscores"),
  provider: z.literal("openai-compatible"),
  baseUrl: z.url("Enter the endpoint's base URL, e.g. http://localhost:8000/v1").max(500),
  model: z.string().trim().min(1, "The provider's model name is required").max(200),
  /** Stored sealed (AES-256-GCM); never returned. Optional for endpoints without auth (local vLLM, Ollama). */
  apiKey: z.string().max(500).optional(),
});
export type CreateModelVersionInput = z.infer<typeof createModelVersionInput>;

export const modelVersionIdInput = z.object({ modelVersionId: z.string().min(1).max(64) });
export const setModelStatusInput = z.object({
  modelVersionId: z.string().min(1).max(64),
  status: z.enum(["shadow", "candidate", "retired"]),
  /** Share of production requests mirrored to it while in shadow. */
  mirrorFraction: z.number().min(0).max(1).optional(),
});
