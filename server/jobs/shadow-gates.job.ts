import { z } from "zod";
import { defineJob } from "./job";

// Every minute: in projects whose policy needs no approval, a shadow candidate that passes every gate is promoted
// by the system (the same switch, audit record and stage 5 as an ML lead's promotion), and one significantly worse
// than production is rejected (audited with the numbers).
export const shadowGatesJob = defineJob({
  name: "shadow-gates",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  async handler(_payload, ctx) {
    for (const { projectId, candidateId } of await ctx.services.shadow.automaticCandidates()) {
      const decided = await ctx.services.shadow.promoteIfReady(projectId, candidateId);
      if (decided?.action === "promote")
        console.log(`[worker] promoted ${candidateId} in ${projectId} (all gates passed, no approval needed)`);
      if (decided?.action === "reject")
        console.log(`[worker] rejected ${candidateId} in ${projectId}: ${decided.reason}`);
    }
  },
});
