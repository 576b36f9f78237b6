import { z } from "zod";
import { defineJob } from "./job";

// Runs one fine-tune job to its end: the trainer's progress, loss and logs go to the job row as they come; a
// success registers the candidate version. A job another worker already runs is left alone.
export const fineTuneRunJob = defineJob({
  name: "fine-tune-run",
  payload: z.object({ projectId: z.string().min(1), jobId: z.string().min(1) }),
  // Training runs for hours; the job row's heartbeat (fine-tune-sweep) is what detects a lost worker.
  expireInSeconds: 12 * 3600,
  async handler({ projectId, jobId }, ctx) {
    await ctx.services.fineTunes.run(projectId, jobId);
  },
});
