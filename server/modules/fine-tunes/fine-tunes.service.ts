// Fine-tune jobs: created from a dataset by an ML lead, run by the worker on a trainer backend (trainer-backends.ts:
// the operator's command, an OpenAI-compatible provider, or the demo world's simulated trainer), with progress, a
// loss curve, logs and cancel; a success registers a candidate model version (parent = the base) and records stage 4
// on the incident.
import type { Prisma } from "../../db/types";
import path from "node:path";
import { DomainError, unchanged } from "../../errors";
import { sendOrLeaveToSweep, type JobQueue } from "../../jobs/queue";
import type { DatasetsService } from "../datasets/datasets.service";
import type { DeploymentsService } from "../deployments/deployments.service";
import type { BackendRun } from "./backends";
import type { TrainerBackends } from "./trainer-backends";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { SettingsService } from "../settings/settings.service";
import type { FineTunesRepo } from "./fine-tunes.repo";
import type { CreateFineTuneInput, Hyperparameters } from "./fine-tunes.schema";
import type { TrainerEvent } from "./trainer-protocol";

const FLUSH_MS = 500;
/** A running job whose worker wrote nothing for this long has lost it (the worker flushes every FLUSH_MS). */
const STALE_SECONDS = 120;

export interface FineTunesDeps {
  repo: FineTunesRepo;
  datasets: Pick<DatasetsService, "preview" | "export" | "rowsFor">;
  deployments: Pick<DeploymentsService, "list" | "registerCandidate" | "setStatus">;
  /** The project's policy for a new candidate (straight into shadow, or wait). */
  settings?: Pick<SettingsService, "get">;
  /** The trainers, by the job's `backend` (the composition root builds them: createTrainerBackends). */
  backends: TrainerBackends;
  /** Where backends that write files get a folder per job. */
  trainerDir?: string;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  /** Hands a queued job to a worker at once (the minute sweep is the backstop when this fails). */
  queue: JobQueue;
}

export function createFineTunesService({
  repo,
  datasets,
  deployments,
  settings,
  backends,
  trainerDir = ".data/fine-tunes",
  queue,
  audit,
  uow,
}: FineTunesDeps) {
  const hand = (projectId: string, jobId: string) =>
    sendOrLeaveToSweep(
      queue,
      "fine-tune-run",
      { projectId, jobId },
      { singletonKey: jobId },
      `hand job ${jobId} to a worker`,
    );

  function backendOf(job: { backend: string }) {
    const backend = backends[job.backend as keyof TrainerBackends];
    if (!backend) throw new Error(`No trainer backend named ${job.backend}`);
    return backend;
  }

  async function baseVersion(projectId: string, id: string) {
    const base = (await deployments.list(projectId)).find((m) => m.id === id);
    if (!base) throw new DomainError("NOT_FOUND", "The base model version is not in this project");
    return base;
  }

  const service = {
    backends: () =>
      Object.fromEntries(Object.entries(backends).map(([name, b]) => [name, b.available])) as Record<
        keyof TrainerBackends,
        boolean
      >,

    async create(
      projectId: string,
      input: CreateFineTuneInput,
      actorId: string | null,
      options: { awaitApproval?: boolean } = {},
    ) {
      const dataset = await datasets.preview(projectId, input.datasetId);
      const base = await baseVersion(projectId, input.baseModelVersionId);
      const kind = input.method === "dpo" ? "dpo" : "sft";
      const count = (dataset.stats as { byKind?: Record<string, number> }).byKind?.[kind] ?? 0;
      if (count === 0)
        throw new DomainError("BAD_REQUEST", `The dataset has no ${kind === "dpo" ? "DPO pairs" : "SFT rows"}`);
      const refused = backends[input.backend].refuse(base);
      if (refused) throw new DomainError("BAD_REQUEST", refused);
      const jobId = await uow(async (tx) => {
        const id = await repo.create(tx, {
          projectId,
          datasetId: dataset.id,
          incidentId: dataset.incidentId,
          method: input.method,
          backend: input.backend,
          baseModelVersionId: base.id,
          hyperparameters: input.hyperparameters,
          actorId,
          status: options.awaitApproval ? "pending_approval" : "queued",
        });
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "fine_tune.create",
          targetType: "fine_tune_job",
          targetId: id,
          detail: { datasetId: dataset.id, method: input.method, backend: input.backend },
        });
        return id;
      });
      if (!options.awaitApproval) await hand(projectId, jobId);
      return { jobId };
    },

    list: (projectId: string) => repo.list(projectId),

    async approve(projectId: string, jobId: string, actorId: string) {
      await uow(async (tx) => {
        if (!(await repo.approve(tx, projectId, jobId, actorId))) {
          throw unchanged(
            await repo.hasJob(tx, projectId, jobId),
            "Fine-tune job",
            "Only a job waiting for approval can be approved",
          );
        }
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "fine_tune.approve",
          targetType: "fine_tune_job",
          targetId: jobId,
        });
      });
      await hand(projectId, jobId);
      return { jobId };
    },

    async cancel(projectId: string, jobId: string, actorId: string) {
      const status = await uow(async (tx) => {
        const after = await repo.requestCancel(tx, projectId, jobId);
        if (!after) {
          throw unchanged(
            await repo.hasJob(tx, projectId, jobId),
            "Fine-tune job",
            "Only a waiting, queued or running job can be cancelled",
          );
        }
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "fine_tune.cancel",
          targetType: "fine_tune_job",
          targetId: jobId,
        });
        return after;
      });
      return { status };
    },

    /** A new queued job with the same dataset, method, backend, base and hyperparameters. */
    async retry(projectId: string, jobId: string, actorId: string) {
      const job = await repo.get(projectId, jobId);
      if (!job) throw new DomainError("NOT_FOUND", "Fine-tune job not found");
      if (!["failed", "cancelled"].includes(job.status)) {
        throw new DomainError("INVALID_STATE", "Only a failed or cancelled job can be retried");
      }
      return this.create(
        projectId,
        {
          datasetId: job.datasetId,
          method: job.method as CreateFineTuneInput["method"],
          backend: job.backend as CreateFineTuneInput["backend"],
          baseModelVersionId: job.baseModelVersionId,
          hyperparameters: job.hyperparameters as Hyperparameters,
        },
        actorId,
      );
    },

    queued: () => repo.queued(),

    /** Fails running jobs whose worker has written nothing for `staleSeconds` (the sweep's lease check). */
    failStale: (staleSeconds = STALE_SECONDS) => repo.failStale(staleSeconds),

    /** Runs a queued job to its end (the worker's handler); a job another worker holds is left alone. */
    async run(projectId: string, jobId: string) {
      const job = await repo.get(projectId, jobId);
      if (!job) return;
      const workDir = backendOf(job).writesFiles ? path.resolve(trainerDir, job.id) : null;
      if (!(await repo.claim(job.id, workDir))) return;
      try {
        await train(projectId, job, workDir);
      } catch (error) {
        // Anything that goes wrong outside the trainer (a deleted base version, a full disk) ends the job too.
        await repo.finish(job.id, "failed", (error as Error).message.slice(0, 1000), null);
        throw error;
      }
    },
  };

  async function train(
    projectId: string,
    job: NonNullable<Awaited<ReturnType<FineTunesRepo["get"]>>>,
    workDir: string | null,
  ) {
    const base = await baseVersion(projectId, job.baseModelVersionId);
    const kind = job.method === "dpo" ? "dpo" : "sft";
    const rows = await datasets.rowsFor(projectId, job.datasetId, kind, "train");
    if (rows.lines === 0) {
      // Training on nothing would register a copy of the base as a "candidate".
      throw new Error(
        `The dataset has no ${kind === "dpo" ? "DPO" : "SFT"} rows in its train split (all are held out): build a larger dataset`,
      );
    }

    let step = 0;
    let total = 0;
    let losses: Array<{ step: number; loss: number }> = [];
    let logs: string[] = [];
    const onEvent = (e: TrainerEvent) => {
      if (e.kind === "progress") {
        step = e.step;
        total = e.total;
        if (e.loss !== null) losses.push({ step: e.step, loss: e.loss });
      } else if (e.kind === "log") logs.push(e.text);
      else if (e.status === "failed" && e.error) logs.push(`trainer: ${e.error}`);
    };
    const flush = async () => {
      const [l, g] = [losses, logs];
      losses = [];
      logs = [];
      // The same write tells whether an ML lead asked to cancel, or the job's lease ran out (the sweep failed it).
      if (await repo.progress(job.id, step, total, l, g)) run.cancel();
    };

    const run: BackendRun = await backendOf(job).start(
      {
        projectId,
        jobId: job.id,
        method: job.method,
        hyperparameters: job.hyperparameters as Hyperparameters,
        base,
        rows,
        workDir: workDir ?? path.resolve(trainerDir, job.id),
      },
      onEvent,
    );
    const timer = setInterval(() => void flush().catch(() => undefined), FLUSH_MS);
    const outcome = await run.done.finally(() => clearInterval(timer));
    await flush();

    let candidate: string | null = null;
    let error = outcome.error;
    if (outcome.status === "succeeded") {
      const name = `${base.name}-ft-${job.id.slice(-6)}`;
      if (outcome.simulated) {
        candidate = (
          await deployments.registerCandidate(
            projectId,
            {
              name,
              provider: "simulated",
              config: outcome.simulated.config as Prisma.InputJsonObject,
              parentId: base.id,
              adapterRef: outcome.adapter,
            },
            null,
          )
        ).id;
      } else if (outcome.endpoint) {
        candidate = (
          await deployments.registerCandidate(
            projectId,
            {
              name,
              provider: "openai-compatible",
              config: outcome.endpoint,
              parentId: base.id,
              adapterRef: outcome.adapter,
              inheritSecret: backendOf(job).inheritsSecret,
            },
            null,
          )
        ).id;
      } else {
        error = `Trained (adapter ${outcome.adapter ?? "not reported"}), but the trainer reported no endpoint, so no candidate was registered`;
      }
    }
    await repo.finish(job.id, outcome.status, error, candidate);
    if (outcome.status === "succeeded" && job.incidentId) await repo.markIncidentTrained(job.incidentId);
    if (candidate && settings) {
      const shadow = (await settings.get(projectId)).shadow;
      if (shadow.afterTraining === "shadow") {
        await deployments.setStatus(projectId, candidate, "shadow", shadow.mirrorFraction, null);
      }
    }
  }

  return service;
}

export type FineTunesService = ReturnType<typeof createFineTunesService>;
