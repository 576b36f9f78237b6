import { z } from "zod";
import { defineJob } from "./job";

// Rebuilds the hourly quality rollups of the hours that changed (interactions processed, signals added, scores
// finished), then evaluates the project's alert rules. Stately per project; the evaluation sweep runs it every
// minute, which is also the alerts' evaluation schedule.
export const qualityRollupJob = defineJob({
  name: "quality-rollup",
  payload: z.object({ projectId: z.string().min(1) }),
  policy: "stately",
  async handler({ projectId }, ctx) {
    await ctx.services.quality.refresh(projectId);
    // Alert rules read the rollups: evaluate them on the fresh numbers.
    if ((await ctx.services.alerts.evaluateProject(projectId)) > 0) await ctx.queue.send("alert-notify", {});
  },
});
