import { z } from "zod";

const API_KEY_SCOPES = ["ingest", "feedback_only"] as const;
export type ApiKeyScopeName = (typeof API_KEY_SCOPES)[number];

const origin = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^/\s]+$/, "An origin is scheme://host[:port], with no path");

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  scope: z.enum(API_KEY_SCOPES),
  allowedOrigins: z.array(origin).max(50).default([]),
});
export const revokeApiKeyInput = z.object({ apiKeyId: z.string().min(1) });
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;
