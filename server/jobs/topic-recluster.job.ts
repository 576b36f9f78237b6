import { z } from "zod";
import { defineJob } from "./job";

// Every minute: each project whose slow-signals interval has passed gets its topics re-clustered (the rollups of
// the hours that changed are rebuilt) and its emerging topics flagged. With a project in the payload (an ML lead's
// "Re-cluster now"), that project now.
export const topicReclusterJob = defineJob({
  name: "topic-recluster",
  payload: z.object({ projectId: z.string().min(1).optional(), actorId: z.string().min(1).optional() }).loose(),
  schedule: "* * * * *",
  async handler({ projectId, actorId }, ctx) {
    const due = projectId ? [projectId] : await ctx.services.topics.projectsDue();
    for (const id of due) {
      const stats = await ctx.services.topics.recluster(id, projectId ? "manual" : "schedule", actorId ?? null);
      if (stats && (stats.moved || stats.created || stats.merged)) {
        console.log(
          `[worker] topics ${id}: ${stats.moved} moved, ${stats.created} new, ${stats.merged} merged (${stats.ms} ms)`,
        );
      }
    }
  },
});
