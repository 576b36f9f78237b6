import { z } from "zod";

export const buildDatasetInput = z.object({
  incidentId: z.string().min(1).max(64),
  holdoutPercent: z.number().int().min(0).max(50).default(10),
  excludePii: z.boolean().default(true),
});
export type BuildDatasetInput = z.infer<typeof buildDatasetInput>;

export const datasetIdInput = z.object({ datasetId: z.string().min(1).max(64) });

export const exportDatasetInput = z.object({
  datasetId: z.string().min(1).max(64),
  format: z.enum(["openai_chat", "preference"]),
  split: z.enum(["train", "holdout", "all"]).default("train"),
});
