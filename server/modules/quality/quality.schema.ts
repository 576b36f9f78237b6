import { z } from "zod";
import { RANGES } from "../interactions/interactions.schema";

export const overviewInput = z.object({
  range: z.enum(RANGES).default("7d"),
  /** Centre the window on this time (links from alerts); default: the window ends now. */
  at: z.date().optional(),
});
