import { z } from "zod";
import { defineJob } from "./job";

// Every minute: each project whose slow-signals interval has passed gets its topics re-clustered (the rollups of
// the hours that changed are rebuilt) and its emerging topics flagged.
export const topicReclusterJob = defineJob({
  name: "topic-recluster",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  async handler(_payload, ctx) {
    for (const projectId of await ctx.services.topics.projectsDue()) {
      const stats = await ctx.services.topics.recluster(projectId);
      if (stats && (stats.moved || stats.created || stats.merged)) {
        console.log(
          `[worker] topics ${projectId}: ${stats.moved} moved, ${stats.created} new, ${stats.merged} merged (${stats.ms} ms)`,
        );
      }
    }
  },
});
