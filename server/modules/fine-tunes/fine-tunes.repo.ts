// Fine-tune job rows: created queued, claimed once by a worker, updated with progress as the trainer reports it.
import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";
import { sqlFor, type Executor } from "../../db/unit-of-work";

const jobSelect = {
  id: true,
  datasetId: true,
  incidentId: true,
  method: true,
  backend: true,
  baseModelVersionId: true,
  hyperparameters: true,
  status: true,
  progress: true,
  step: true,
  totalSteps: true,
  metrics: true,
  logs: true,
  error: true,
  cancelRequested: true,
  candidateModelVersionId: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
} as const;

/** Logs keep their last 200 kB: a chatty trainer must not grow the row without end. */
const MAX_LOG = 200_000;

export function createFineTunesRepo(db: Db) {
  const pool = () => sqlDb(db);

  return {
    async create(
      tx: Executor,
      data: {
        projectId: string;
        datasetId: string;
        incidentId: string | null;
        method: string;
        backend: string;
        baseModelVersionId: string;
        hyperparameters: object;
        /** null: started by the trigger policy. */
        actorId: string | null;
        /** "queued", or "pending_approval" when an automatic fine-tune waits for an ML lead. */
        status?: "queued" | "pending_approval";
      },
    ) {
      const { actorId, ...rest } = data;
      const job = await tx.fineTuneJob.create({ data: { ...rest, createdById: actorId }, select: { id: true } });
      return job.id;
    },

    /** The latest jobs, each with its candidate version's name once registered. */
    async list(projectId: string) {
      const jobs = await db.fineTuneJob.findMany({
        where: { projectId },
        orderBy: { createdAt: "desc" },
        take: 50,
        select: jobSelect,
      });
      const ids = jobs.flatMap((j) => (j.candidateModelVersionId ? [j.candidateModelVersionId] : []));
      const versions = await db.modelVersion.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
      const nameOf = new Map(versions.map((v) => [v.id, v.name]));
      return jobs.map((j) => ({
        ...j,
        candidateName: j.candidateModelVersionId ? (nameOf.get(j.candidateModelVersionId) ?? null) : null,
      }));
    },

    get: (projectId: string, jobId: string) =>
      db.fineTuneJob.findFirst({
        where: { id: jobId, projectId },
        select: { ...jobSelect, projectId: true, workDir: true },
      }),

    /** Moves a queued job to running; false when another worker has it or it is no longer queued. */
    async claim(jobId: string, workDir: string | null) {
      const { numAffectedRows } =
        await sql`UPDATE fine_tune_jobs SET status = 'running', started_at = now() AT TIME ZONE 'UTC',
           heartbeat_at = now() AT TIME ZONE 'UTC', work_dir = ${workDir}
         WHERE id = ${jobId} AND status = 'queued'`.execute(pool());
      return numAffectedRows === 1n;
    },

    /**
     * Writes the latest progress, loss points and log lines; returns whether the trainer must stop: a cancel was
     * requested meanwhile, or the job is no longer running (the sweep failed it when its lease ran out).
     */
    async progress(
      jobId: string,
      step: number,
      total: number,
      lossPoints: Array<{ step: number; loss: number }>,
      logLines: string[],
    ) {
      const { rows } = await sql<{
        cancelRequested: boolean;
      }>`UPDATE fine_tune_jobs SET step = ${step}::int, total_steps = ${total}::int,
           progress = CASE WHEN ${total}::int > 0 THEN ${step}::int::float / ${total}::int ELSE 0 END,
           metrics = metrics || ${JSON.stringify(lossPoints)}::jsonb, logs = right(logs || ${logLines.length ? `${logLines.join("\n")}\n` : ""}, ${MAX_LOG}), heartbeat_at = now() AT TIME ZONE 'UTC'
         WHERE id = ${jobId} AND status = 'running' RETURNING cancel_requested`.execute(pool());
      return rows[0]?.cancelRequested ?? true;
    },

    async finish(jobId: string, status: string, error: string | null, candidateModelVersionId: string | null) {
      await sql`UPDATE fine_tune_jobs SET status = ${status}, error = ${error}, candidate_model_version_id = ${candidateModelVersionId},
           progress = CASE WHEN ${status} = 'succeeded' THEN 1 ELSE progress END, finished_at = now() AT TIME ZONE 'UTC'
         WHERE id = ${jobId} AND status = 'running'`.execute(pool());
    },

    /**
     * Running jobs whose worker stopped writing (it died, the machine restarted) for `staleSeconds` are failed, so
     * that they can be retried; returns them.
     */
    async failStale(staleSeconds: number) {
      const { rows } = await sql<{
        id: string;
        projectId: string;
      }>`UPDATE fine_tune_jobs SET status = 'failed', finished_at = now() AT TIME ZONE 'UTC',
           error = 'The worker running this job stopped (no progress written for ' || ${staleSeconds}::int || ' s). Retry to run it again.'
         WHERE status = 'running'
           AND coalesce(heartbeat_at, started_at) < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${staleSeconds}::int)
         RETURNING id, project_id`.execute(pool());
      return rows.map((r) => ({ jobId: r.id, projectId: r.projectId }));
    },

    /** An ML lead approves an automatically started job; it is queued for a worker. */
    hasJob: async (tx: Executor, projectId: string, id: string) =>
      (await tx.fineTuneJob.count({ where: { projectId, id } })) > 0,

    async approve(tx: Executor, projectId: string, jobId: string, actorId: string) {
      const found = await tx.fineTuneJob.updateMany({
        where: { id: jobId, projectId, status: "pending_approval" },
        data: { status: "queued", approvedById: actorId },
      });
      return found.count > 0;
    },

    /** The job's status after the request, or null when it cannot be cancelled (not found, or already over). */
    async requestCancel(tx: Executor, projectId: string, jobId: string): Promise<string | null> {
      // A queued job is cancelled at once; a running one when its worker next looks.
      const rows = await sql<{ status: string }>`
        UPDATE fine_tune_jobs SET cancel_requested = true,
          status = CASE WHEN status = 'running' THEN status ELSE 'cancelled' END,
          finished_at = CASE WHEN status = 'running' THEN finished_at ELSE now() AT TIME ZONE 'UTC' END
        WHERE id = ${jobId} AND project_id = ${projectId} AND status IN ('pending_approval', 'queued', 'running')
        RETURNING status`
        .execute(sqlFor(tx))
        .then((r) => r.rows);
      return rows[0]?.status ?? null;
    },

    async markIncidentTrained(incidentId: string) {
      await sql`UPDATE incidents SET trained_at = coalesce(trained_at, now() AT TIME ZONE 'UTC'),
           status = CASE WHEN status = 'open' THEN 'training' ELSE status END WHERE id = ${incidentId}`.execute(pool());
    },

    queued: async () =>
      (
        await db.fineTuneJob.findMany({ where: { status: "queued" }, select: { id: true, projectId: true }, take: 100 })
      ).map((j) => ({ projectId: j.projectId, jobId: j.id })),
  };
}

export type FineTunesRepo = ReturnType<typeof createFineTunesRepo>;
