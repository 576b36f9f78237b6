import { z } from "zod";
import { defineJob } from "./job";

// Every minute: running jobs whose worker stopped (no progress written for two minutes) are failed so they can be
// retried, and queued fine-tune jobs whose start message was lost (the web process could not reach the queue) are
// handed to a worker.
export const fineTuneSweepJob = defineJob({
  name: "fine-tune-sweep",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  async handler(_payload, ctx) {
    for (const lost of await ctx.services.fineTunes.failStale()) {
      console.warn(`[worker] fine-tune ${lost.jobId} (project ${lost.projectId}) lost its worker; marked failed`);
    }
    for (const job of await ctx.services.fineTunes.queued()) {
      await ctx.queue.send("fine-tune-run", job, { singletonKey: job.jobId });
    }
  },
});
