import { z } from "zod";
import { defineJob } from "./job";

// Proves the scheduled path end to end: pg-boss cron → worker → database → GET /api/health.
export const heartbeatJob = defineJob({
  name: "worker-heartbeat",
  payload: z.object({}).passthrough(),
  schedule: "* * * * *",
  async handler(_payload, ctx) {
    await ctx.services.health.beat(ctx.workerId, ctx.workerStartedAt, ctx.version);
  },
});
