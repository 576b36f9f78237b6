import { z } from "zod";
import { RANGES } from "../interactions/interactions.schema";

export const signalsOverviewInput = z.object({ range: z.enum(RANGES).default("7d") });
