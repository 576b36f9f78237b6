import { z } from "zod";
import { defineJob } from "./job";

// Delivers due alert webhooks (Slack-compatible JSON). Queued when an alert opens or resolves, and every minute so
// failed deliveries are retried on their backoff schedule.
export const alertNotifyJob = defineJob({
  name: "alert-notify",
  payload: z.object({}).loose(),
  schedule: "* * * * *",
  policy: "singleton",
  async handler(_payload, ctx) {
    await ctx.services.alerts.deliverDue();
  },
});
