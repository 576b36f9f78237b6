import { z } from "zod";
import { defineJob } from "./job";

// Every 10 seconds: each project with topics gets a failure-pattern scan when its own scan interval
// (patternScanIntervalSeconds) has passed; a significant pattern opens an incident, and a fine-tune its policy
// started (or retried, once its topic's earlier run is decided) goes to a worker at once.
export const patternScanJob = defineJob({
  name: "pattern-scan",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  everySeconds: 10,
  async handler(_payload, ctx) {
    for (const projectId of await ctx.services.patterns.projectsToScan()) {
      // Near-identical topics a launch opened since the last re-clustering become one before they are scanned.
      const merged = await ctx.services.topics.mergeNewDuplicates(projectId);
      if (merged) console.log(`[worker] topics ${projectId}: ${merged} new near-duplicate topic(s) merged`);
      // A fine-tune the policy starts is handed to a worker by the fine-tunes service itself.
      const result = await ctx.services.patterns.scan(projectId);
      if (result?.opened.length) {
        console.log(`[worker] pattern scan ${projectId}: ${result.opened.length} incident(s) opened`);
      }
    }
  },
});
