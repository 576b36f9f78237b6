// Composition root: wires real dependencies once. tRPC context, route handlers and the worker share it;
// tests call createServices with their own database and clock.
import "./plugins";
import { randomBytes } from "node:crypto";
import { db as defaultDb, type Db } from "./db";
import { sqlUnitOfWork, unitOfWork, type UnitOfWork } from "./db/unit-of-work";
import { env } from "./env";
import { memoryQueue } from "./jobs/memory-queue";
import { producerQueue } from "./jobs/producer";
import type { JobQueue } from "./jobs/queue";
import { createApiKeysRepo } from "./modules/api-keys/api-keys.repo";
import { createApiKeysService } from "./modules/api-keys/api-keys.service";
import { createAuditRepo, type AuditRepo } from "./modules/audit/audit.repo";
import { createAuditService } from "./modules/audit/audit.service";
import { createAuthRepo } from "./modules/auth/auth.repo";
import { createAuthService } from "./modules/auth/auth.service";
import { createHealthRepo } from "./modules/health/health.repo";
import { createHealthService } from "./modules/health/health.service";
import { createInteractionsRepo } from "./modules/interactions/interactions.repo";
import { createInteractionsService } from "./modules/interactions/interactions.service";
import { createIngestRepo } from "./modules/ingest/ingest.repo";
import { createIngestService } from "./modules/ingest/ingest.service";
import { createEvaluationRepo, type EvaluationRepo } from "./modules/evaluation/evaluation.repo";
import { createEvaluationService, type EvaluationService } from "./modules/evaluation/evaluation.service";
import { createScoresRepo } from "./modules/evaluation/scores.repo";
import { createQualityRepo } from "./modules/quality/quality.repo";
import { createQualityService } from "./modules/quality/quality.service";
import { createAlertsRepo } from "./modules/alerts/alerts.repo";
import { createFineTunesRepo } from "./modules/fine-tunes/fine-tunes.repo";
import { createFineTunesService } from "./modules/fine-tunes/fine-tunes.service";
import { createTrainerBackends } from "./modules/fine-tunes/trainer-backends";
import { createDatasetsRepo } from "./modules/datasets/datasets.repo";
import { createDatasetsService } from "./modules/datasets/datasets.service";
import { createPatternsRepo } from "./modules/patterns/patterns.repo";
import { createPatternsService } from "./modules/patterns/patterns.service";
import { createAgreementRepo } from "./modules/labeling/agreement.repo";
import { createAgreementService } from "./modules/labeling/agreement.service";
import { createCalibrationRepo } from "./modules/labeling/calibration.repo";
import { createCalibrationService } from "./modules/labeling/calibration.service";
import { createImportService } from "./modules/labeling/import.service";
import { createLabelingService } from "./modules/labeling/labeling.service";
import { createLabelsRepo } from "./modules/labeling/labels.repo";
import { createQueuesRepo } from "./modules/labeling/queues.repo";
import { createQueueAdmin } from "./modules/labeling/queue-admin";
import { createLabelingWork } from "./modules/labeling/labeling-work";
import { createSourcesRepo } from "./modules/labeling/sources.repo";
import { createAlertsService } from "./modules/alerts/alerts.service";
import { createGatewayRepo } from "./modules/gateway/gateway.repo";
import { createGatewayService } from "./modules/gateway/gateway.service";
import { createDeploymentsRepo } from "./modules/deployments/deployments.repo";
import { createDeploymentsService } from "./modules/deployments/deployments.service";
import { createMembersRepo } from "./modules/members/members.repo";
import { createMembersService } from "./modules/members/members.service";
import { createProjectsRepo } from "./modules/projects/projects.repo";
import { createProjectsService } from "./modules/projects/projects.service";
import { createRateLimitRepo } from "./modules/rate-limit/rate-limit.repo";
import { createRateLimitService } from "./modules/rate-limit/rate-limit.service";
import { createSeedRepo } from "./modules/seed/seed.repo";
import { createSeedService } from "./modules/seed/seed.service";
import { createSettingsRepo } from "./modules/settings/settings.repo";
import { createSettingsService } from "./modules/settings/settings.service";
import { createUsersRepo } from "./modules/users/users.repo";
import { createUsersService } from "./modules/users/users.service";
import { createSignalsRepo, type SignalsRepo } from "./modules/signals/signals.repo";
import { createSignalsService } from "./modules/signals/signals.service";
import { signalWaker } from "./modules/signals/signal-wake";
import { createLatencyRepo } from "./modules/latency/latency.repo";
import { createLatencyService } from "./modules/latency/latency.service";
import { createShadowRepo } from "./modules/shadow/shadow.repo";
import { createShadowService } from "./modules/shadow/shadow.service";
import { createTopicsRepo } from "./modules/topics/topics.repo";
import { judgeCaller } from "./llm/judge";
import { chatCaller } from "./llm/openai-compatible";
import { topicNamer } from "./llm/topic-namer";
import { outboundPolicy, type Outbound } from "./net/outbound";
import { createTopicsService } from "./modules/topics/topics.service";
import { openAIEmbedder, sentenceEmbedder, type Embedder } from "./llm/embeddings";

export interface ServiceDeps {
  db: Db;
  now?: () => Date;
  workerStaleSeconds?: number;
  embedder?: Embedder;
  /** Key that seals stored provider secrets (base64, 32 bytes); tests get a random one per process. */
  encryptionKey?: string;
  /** The app's public URL (links in alert notifications). */
  publicUrl?: string;
  /** Fine-tunes: the operator's trainer command (unset: off), working folder, and the simulated trainer's pace. */
  trainer?: { command?: string; dir?: string; simulatedStepDelayMs?: number; openAIPollMs?: number };
  /** Where follow-up jobs go (pg-boss in the processes, an in-memory queue in tests). */
  queue?: JobQueue;
  /** The instance's outbound URL policy: every call to a user-configured URL goes through it (default: strict). */
  outbound?: Outbound;
}

export function createServices({
  db,
  now = () => new Date(),
  workerStaleSeconds = 150,
  embedder = sentenceEmbedder(),
  encryptionKey = randomBytes(32).toString("base64"),
  publicUrl = "http://localhost:3000",
  trainer = {},
  queue = memoryQueue(),
  outbound = outboundPolicy(),
}: ServiceDeps) {
  const chat = chatCaller(outbound.fetch);
  const wakeSignals = signalWaker(queue);
  const uow = unitOfWork(db);
  const sqlUow = sqlUnitOfWork(db);
  const audit = createAuditRepo(db);
  const auth = createAuthService({ repo: createAuthRepo(db), now });
  const settings = createSettingsService({ repo: createSettingsRepo(db), audit, uow });
  const deployments = createDeploymentsService({
    repo: createDeploymentsRepo(db),
    settings,
    encryptionKey,
    audit,
    uow,
    chat,
    outbound,
  });
  const evaluationRepo = createEvaluationRepo(db);
  const qualityRepo = createQualityRepo(db);
  const datasets = createDatasetsService({ repo: createDatasetsRepo(db), settings, audit, uow });
  const fineTunes = createFineTunesService({
    repo: createFineTunesRepo(db),
    datasets,
    deployments,
    settings,
    backends: createTrainerBackends({
      trainerCommand: trainer.command,
      simulatedStepDelayMs: trainer.simulatedStepDelayMs,
      openAIPollMs: trainer.openAIPollMs,
      providerEndpoint: deployments.providerEndpoint,
      outboundFetch: outbound.fetch,
    }),
    trainerDir: trainer.dir,
    queue,
    audit,
    uow,
  });
  const shadow = createShadowService({ repo: createShadowRepo(db), settings, publicUrl, embedder, audit, uow });
  const evaluation = createEvaluationService({
    repo: evaluationRepo,
    scores: createScoresRepo(db),
    encryptionKey,
    queue,
    judge: judgeCaller(outbound.fetch),
    audit,
    uow,
    sqlUow,
    outbound,
  });
  const signalsRepo = createSignalsRepo(db);
  const labeling = createLabelingServices(db, evaluationRepo, evaluation, signalsRepo, { audit, uow }, now);
  return {
    db,
    now,
    auth,
    projects: createProjectsService({ repo: createProjectsRepo(db), audit, uow }),
    members: createMembersService({ repo: createMembersRepo(db), settings, audit, uow, passwords: auth, now }),
    apiKeys: createApiKeysService({ repo: createApiKeysRepo(db), audit, uow, now }),
    settings,
    audit: createAuditService({ repo: audit }),
    users: createUsersService({ repo: createUsersRepo(db), audit, uow }),
    health: createHealthService({ repo: createHealthRepo(db), now, workerStaleSeconds }),
    seed: createSeedService({ repo: createSeedRepo(), audit, uow }),
    ingest: createIngestService({ repo: createIngestRepo(), sqlUow, wakeSignals }),
    rateLimit: createRateLimitService({ repo: createRateLimitRepo(db), now }),
    interactions: createInteractionsService({ repo: createInteractionsRepo(db), now }),
    gateway: createGatewayService({
      repo: createGatewayRepo(db),
      wakeSignals,
      deployments,
      shadow,
      chat,
    }),
    deployments,
    evaluation,
    ...labeling,
    quality: createQualityService({ repo: qualityRepo, sqlUow, now }),
    alerts: createAlertsService({
      repo: createAlertsRepo(db),
      settings,
      encryptionKey,
      publicUrl,
      now,
      audit,
      uow,
      outbound,
    }),
    patterns: createPatternsService({
      repo: createPatternsRepo(db),
      settings,
      now,
      datasets,
      fineTunes,
      deployments,
      audit,
      uow,
    }),
    datasets,
    fineTunes,
    signals: createSignalsService({ repo: signalsRepo, settings, embedder, now }),
    latency: createLatencyService({ repo: createLatencyRepo(db), now }),
    shadow,
    topics: createTopicsService({
      repo: createTopicsRepo(db),
      quality: qualityRepo,
      settings,
      embedder,
      now,
      namer: { model: (projectId) => evaluation.namingModel(projectId), name: topicNamer(outbound.fetch) },
      queue,
      audit,
      uow,
      sqlUow,
    }),
  };
}
/** The labeling area: queues and labels, agreement figures, calibration sessions and imports share two repos. */
function createLabelingServices(
  db: Db,
  rubrics: EvaluationRepo,
  evaluation: Pick<EvaluationService, "newRubricVersion">,
  signals: SignalsRepo,
  work: { audit: AuditRepo; uow: UnitOfWork },
  now: () => Date,
) {
  const queues = createQueuesRepo(db);
  const queueAdmin = createQueueAdmin({ queues, ...work });
  const labels = createLabelsRepo(db);
  const agreementRepo = createAgreementRepo(db);
  const agreement = createAgreementService({ queues, labels: agreementRepo });
  return {
    labeling: createLabelingService({
      queues,
      queueAdmin,
      work: createLabelingWork({ labels, signals, ...work }),
      sources: createSourcesRepo(db),
      labels,
      rubrics,
      now,
    }),
    agreement,
    calibration: createCalibrationService({
      queues,
      queueAdmin,
      calibration: createCalibrationRepo(db),
      labels: agreementRepo,
      agreement,
      rubrics: { rubricVersion: rubrics.rubricVersion, newRubricVersion: evaluation.newRubricVersion },
      now,
    }),
    labelImport: createImportService({ queues, queueAdmin, labels, agreement, now }),
  };
}

export type Services = ReturnType<typeof createServices>;

const globalForServices = globalThis as unknown as { tightloopServices?: Services };

/** The process-wide services, built on first use from the validated environment. */
export function services(): Services {
  if (globalForServices.tightloopServices) return globalForServices.tightloopServices;
  const outbound = outboundPolicy({ allow: env().TIGHTLOOP_OUTBOUND_ALLOW });
  globalForServices.tightloopServices = createServices({
    db: defaultDb(),
    workerStaleSeconds: env().TIGHTLOOP_WORKER_STALE_SECONDS,
    encryptionKey: env().TIGHTLOOP_ENCRYPTION_KEY,
    publicUrl: env().NEXTAUTH_URL,
    trainer: { command: env().TIGHTLOOP_TRAINER_COMMAND, dir: env().TIGHTLOOP_TRAINER_DIR },
    embedder: configuredEmbedder(outbound),
    queue: producerQueue(),
    outbound,
  });
  return globalForServices.tightloopServices;
}

/** The operator's embeddings endpoint when configured, else the offline sentence encoder. */
function configuredEmbedder(outbound: Outbound): Embedder {
  const { TIGHTLOOP_EMBEDDINGS_BASE_URL: baseURL, TIGHTLOOP_EMBEDDINGS_MODEL: model } = env();
  return baseURL && model
    ? openAIEmbedder({ baseURL, model, apiKey: env().TIGHTLOOP_EMBEDDINGS_API_KEY, fetch: outbound.fetch })
    : sentenceEmbedder();
}
