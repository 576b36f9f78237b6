import { z } from "zod";

export const RANGES = ["24h", "7d", "30d", "90d"] as const;
export type RangeName = (typeof RANGES)[number];

export const listInteractionsInput = z.object({
  range: z.enum(RANGES).default("7d"),
  modelVersionId: z.string().max(64).optional(),
  sessionId: z.string().max(200).optional(),
  signalType: z.string().max(40).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListInteractionsInput = z.infer<typeof listInteractionsInput>;

export const getInteractionInput = z.object({ interactionId: z.string().min(1).max(64) });
