import { z } from "zod";
import { defineJob } from "./job";

// Backstop for the ingest wake-up (a lost notification, a worker restart) and the clock for idle sessions:
// every minute, every project with pending rows or open sessions gets a process-signals job.
export const signalsSweepJob = defineJob({
  name: "signals-sweep",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  async handler(_payload, ctx) {
    for (const projectId of await ctx.services.signals.projectsWithWork()) {
      await ctx.queue.send("process-signals", { projectId }, { singletonKey: projectId });
    }
    // Rate-limit windows are one minute; an hour of history is plenty for debugging.
    await ctx.services.rateLimit.prune(new Date(ctx.services.now().getTime() - 3_600_000));
  },
});
