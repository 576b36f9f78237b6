import { z } from "zod";
import { defineJob } from "./job";

// After a project's judges have scored: sends the ambiguous cases (low confidence, judge against the user's
// signals, unparseable, new topic) to the project's routing queues. One queued and one running per project.
export const labelRouteJob = defineJob({
  name: "label-route",
  payload: z.object({ projectId: z.string().min(1) }),
  policy: "stately",
  async handler({ projectId }, ctx) {
    await ctx.services.labeling.route(projectId);
  },
});
