import { z } from "zod";
import { defineJob } from "./job";

// Rebuilds the hourly quality rollups of the hours that changed (interactions processed, signals added, scores
// finished). Stately per project; the evaluation sweep runs it every minute as a backstop.
export const qualityRollupJob = defineJob({
  name: "quality-rollup",
  payload: z.object({ projectId: z.string().min(1) }),
  policy: "stately",
  async handler({ projectId }, ctx) {
    await ctx.services.quality.refresh(projectId);
  },
});
