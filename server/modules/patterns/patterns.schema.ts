import { z } from "zod";

export const dismissIncidentInput = z.object({
  incidentId: z.string().min(1).max(64),
  reason: z.string().trim().min(1, "Say why it is dismissed").max(500),
});
