import { z } from "zod";
import { defineJob } from "./job";

// Every 10 seconds (and on the minute cron): in projects whose policy needs no approval, a shadow candidate that passes
// every gate is promoted by the system (the same switch, audit record and stage 5 as an ML lead's promotion), and one
// that cannot win — harm on the rest, futility on its slice, the maximum slice pairs — is rejected (audited with the
// numbers). The tests are always valid, so looking this often costs no error rate.
export const shadowGatesJob = defineJob({
  name: "shadow-gates",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  everySeconds: 10,
  async handler(_payload, ctx) {
    for (const { projectId, candidateId } of await ctx.services.shadow.automaticCandidates()) {
      try {
        const decided = await ctx.services.shadow.promoteIfReady(projectId, candidateId);
        if (decided?.action === "promote")
          console.log(`[worker] promoted ${candidateId} in ${projectId} (all gates passed, no approval needed)`);
        if (decided?.action === "reject")
          console.log(`[worker] rejected ${candidateId} in ${projectId}: ${decided.reason}`);
      } catch (error) {
        // Another worker decided it first (it is no longer in shadow), or one project failed: the others go on.
        console.error(`[worker] shadow gates ${candidateId}:`, error instanceof Error ? error.message : error);
      }
    }
  },
});
