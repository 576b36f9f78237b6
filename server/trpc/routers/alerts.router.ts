import {
  alertIdInput,
  createAlertRuleInput,
  listAlertsInput,
  ruleIdInput,
  setDeploymentWebhookInput,
  updateAlertRuleInput,
} from "../../modules/alerts/alerts.schema";
import { mlLeadProcedure, router, viewerProcedure } from "../init";

export const alertsRouter = router({
  rules: viewerProcedure.query(({ ctx }) => ctx.services.alerts.listRules(ctx.project.id)),
  createRule: mlLeadProcedure
    .input(createAlertRuleInput)
    .mutation(({ ctx, input }) => ctx.services.alerts.createRule(ctx.project.id, input, ctx.user.id)),
  updateRule: mlLeadProcedure
    .input(updateAlertRuleInput)
    .mutation(({ ctx, input: { ruleId, ...change } }) =>
      ctx.services.alerts.updateRule(ctx.project.id, ruleId, change, ctx.user.id),
    ),
  resetBaseline: mlLeadProcedure
    .input(ruleIdInput)
    .mutation(({ ctx, input }) => ctx.services.alerts.resetBaseline(ctx.project.id, input.ruleId)),
  list: viewerProcedure
    .input(listAlertsInput)
    .query(({ ctx, input }) => ctx.services.alerts.listAlerts(ctx.project.id, input.status)),
  acknowledge: mlLeadProcedure
    .input(alertIdInput)
    .mutation(({ ctx, input }) => ctx.services.alerts.acknowledge(ctx.project.id, input.alertId, ctx.user.id)),
  deploymentWebhook: viewerProcedure.query(({ ctx }) => ctx.services.alerts.deploymentWebhook(ctx.project.id)),
  setDeploymentWebhook: mlLeadProcedure
    .input(setDeploymentWebhookInput)
    .mutation(({ ctx, input }) =>
      ctx.services.alerts.setDeploymentWebhook(ctx.project.id, input.webhookUrl, ctx.user.id),
    ),
});
