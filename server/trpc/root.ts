import { createCallerFactory, router } from "./init";
import { apiKeysRouter } from "./routers/api-keys.router";
import { alertsRouter } from "./routers/alerts.router";
import { auditRouter } from "./routers/audit.router";
import { datasetsRouter } from "./routers/datasets.router";
import { evaluationRouter } from "./routers/evaluation.router";
import { calibrationRouter } from "./routers/calibration.router";
import { labelingRouter } from "./routers/labeling.router";
import { fineTunesRouter } from "./routers/fine-tunes.router";
import { interactionsRouter } from "./routers/interactions.router";
import { signalsRouter } from "./routers/signals.router";
import { invitesRouter } from "./routers/invites.router";
import { meRouter } from "./routers/me.router";
import { patternsRouter } from "./routers/patterns.router";
import { membersRouter } from "./routers/members.router";
import { deploymentsRouter } from "./routers/deployments.router";
import { projectsRouter } from "./routers/projects.router";
import { qualityRouter } from "./routers/quality.router";
import { settingsRouter } from "./routers/settings.router";
import { latencyRouter } from "./routers/latency.router";
import { shadowRouter } from "./routers/shadow.router";
import { topicsRouter } from "./routers/topics.router";
import { usersRouter } from "./routers/users.router";

export const appRouter = router({
  me: meRouter,
  projects: projectsRouter,
  members: membersRouter,
  invites: invitesRouter,
  apiKeys: apiKeysRouter,
  settings: settingsRouter,
  audit: auditRouter,
  users: usersRouter,
  interactions: interactionsRouter,
  signals: signalsRouter,
  deployments: deploymentsRouter,
  evaluation: evaluationRouter,
  quality: qualityRouter,
  alerts: alertsRouter,
  labeling: labelingRouter,
  calibration: calibrationRouter,
  patterns: patternsRouter,
  datasets: datasetsRouter,
  fineTunes: fineTunesRouter,
  topics: topicsRouter,
  shadow: shadowRouter,
  latency: latencyRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
