import { z } from "zod";
import { defineJob } from "./job";

// Every minute: judges get a run in every project that has one (new work, retries after backoff, expired leases of
// a worker that died), and every project's rollups catch up.
export const evaluationSweepJob = defineJob({
  name: "evaluation-sweep",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  async handler(_payload, ctx) {
    for (const projectId of await ctx.services.evaluation.projectsWithJudges()) {
      await ctx.queue.send("judge-score", { projectId }, { singletonKey: projectId });
    }
    for (const projectId of await ctx.services.projects.allIds()) {
      await ctx.queue.send("quality-rollup", { projectId }, { singletonKey: projectId });
    }
  },
});
