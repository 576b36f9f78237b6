import { z } from "zod";
import { METHODS, METRICS } from "./alert-rules";

export const createAlertRuleInput = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(80),
    metric: z.enum(METRICS),
    /** null/absent: whichever version serves production when the rule is evaluated. */
    modelVersionId: z.string().min(1).max(64).optional(),
    topicId: z.string().min(1).max(64).optional(),
    method: z.enum(METHODS),
    warnAt: z.number().finite().optional(),
    alertAt: z.number().finite().optional(),
    lambda: z.number().gt(0).max(1).default(0.2),
    L: z.number().gt(0).max(6).default(3),
    k: z.number().min(0).max(3).default(0.5),
    h: z.number().gt(0).max(20).default(5),
    windowSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400),
    minSamples: z.number().int().min(1).max(1_000_000).default(20),
    webhookUrl: z.url("Enter the webhook's full URL").max(1000).optional(),
  })
  .refine((r) => r.method !== "threshold" || r.alertAt !== undefined, {
    message: "A threshold rule needs an alert threshold",
    path: ["alertAt"],
  });
export type CreateAlertRuleInput = z.infer<typeof createAlertRuleInput>;

export const ruleIdInput = z.object({ ruleId: z.string().min(1).max(64) });
export const updateAlertRuleInput = z.object({
  ruleId: z.string().min(1).max(64),
  enabled: z.boolean().optional(),
  /** Replaces the webhook; null removes it. */
  webhookUrl: z.url().max(1000).nullable().optional(),
});
export const alertIdInput = z.object({ alertId: z.string().min(1).max(64) });
export const listAlertsInput = z.object({ status: z.enum(["open", "acknowledged", "resolved", "all"]).default("all") });

export const setDeploymentWebhookInput = z.object({
  /** Slack-compatible incoming webhook; null removes it. */
  webhookUrl: z.url("Enter the webhook's full URL").max(1000).nullable(),
});
