import { z } from "zod";
import { defineJob } from "./job";

// Scores a project's sampled interactions with its judges (16 calls in flight), after the signal worker has
// processed them (topics and user signals are what the judges' filters read). Stately: one queued and one running
// per project. Then it refreshes the project's rollups, so the dashboards follow within seconds, and routes the
// ambiguous cases to the labeling queues.
export const judgeScoreJob = defineJob({
  name: "judge-score",
  payload: z.object({ projectId: z.string().min(1) }),
  policy: "stately",
  async handler({ projectId }, ctx) {
    const result = await ctx.services.evaluation.runProject(projectId, { concurrency: 16, budgetMs: 60_000 });
    if (result.more) await ctx.queue.send("judge-score", { projectId }, { singletonKey: projectId });
    await ctx.queue.send("quality-rollup", { projectId }, { singletonKey: projectId });
    await ctx.queue.send("label-route", { projectId }, { singletonKey: projectId });
  },
});
