import { z } from "zod";
import { defineJob } from "./job";

// Woken by the ingest API right after it stores events (and by the sweep every minute). "stately" with the
// project as singleton key: at most one queued and one running job per project, however many batches arrive.
export const processSignalsJob = defineJob({
  name: "process-signals",
  payload: z.object({ projectId: z.string().min(1) }),
  policy: "stately",
  async handler({ projectId }, ctx) {
    const result = await ctx.services.signals.processProject(projectId);
    if (result.backlog) await ctx.queue.send("process-signals", { projectId }, { singletonKey: projectId });
    // Newly processed interactions are what the judges score and the rollups count.
    if (result.interactions > 0 || result.signals > 0)
      await ctx.queue.send("judge-score", { projectId }, { singletonKey: projectId });
  },
});
