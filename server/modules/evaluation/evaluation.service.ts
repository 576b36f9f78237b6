import { open } from "../../crypto/secret-box";
import { DomainError } from "../../errors";
import { groupCommit } from "../../db/group-commit";
import { JudgeProviderError, type JudgeCall, type JudgeTarget } from "../../llm/judge";
import type { Outbound } from "../../net/outbound";
import type { NamingModel } from "../../llm/topic-namer";
import { sendOrLeaveToSweep, type JobQueue } from "../../jobs/queue";
import type { CreateJudgeInput, JudgeFilters, RubricContent } from "./evaluation.schema";
import { rubricContentOf, type EvaluationRepo, type JudgeConfigRow } from "./evaluation.repo";
import type { SqlUnitOfWork, UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import { createEvaluationConfig } from "./configuration";
import type { ClaimedScore, ScanRow, ScoreResult, ScoresRepo } from "./scores.repo";
import { parseVerdict } from "./judge-prompt";
import { isSampled } from "./sampling";

/** Attempts per score before it is stored as an error; provider failures in a row before a judge pauses. */
const MAX_ATTEMPTS = 5;
export const PAUSE_AFTER_FAILURES = 10;

/** Seconds to wait before attempt n + 1 (exponential, capped at 5 minutes). */
export function backoffSeconds(attempts: number): number {
  return Math.min(300, 2 ** attempts);
}

export function passesFilters(row: Pick<ScanRow, "modelVersionId" | "topicId" | "hasNegative">, f: JudgeFilters) {
  if (f.modelVersionIds?.length && !(row.modelVersionId && f.modelVersionIds.includes(row.modelVersionId)))
    return false;
  if (f.topicIds?.length && !(row.topicId && f.topicIds.includes(row.topicId))) return false;
  if (f.negativeSignalOnly && !row.hasNegative) return false;
  return true;
}

/** A bounded pool: runs `task` over items with at most `concurrency` in flight. */
async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

export interface RunResult {
  queued: number;
  scored: number;
  unparseable: number;
  failed: number;
  /** More pending work remains (re-queue the job). */
  more: boolean;
}

export function createEvaluationService({
  repo,
  scores,
  encryptionKey,
  queue,
  judge: askJudge,
  audit,
  uow,
  sqlUow,
  outbound,
  random = Math.random,
}: {
  /** Rubrics and judge configurations. */
  repo: EvaluationRepo;
  /** The judges' work queue. */
  scores: ScoresRepo;
  encryptionKey: string;
  /** Starts a judge run at once after a new judge or a backfill (the minute sweep is the backstop). */
  queue: JobQueue;
  /** Asks a judge (an OpenAI-compatible endpoint or the demo world's simulated judge): llm/judge.ts's callJudge. */
  judge: JudgeCall;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  /** The scan's typed-SQL transactions (queued scores and the scan position commit together). */
  sqlUow: SqlUnitOfWork;
  /** The save-time check of judges' endpoint URLs (the calls go through `judge`, on the same policy). */
  outbound: Pick<Outbound, "check">;
  random?: () => number;
}) {
  const config = createEvaluationConfig({ repo, audit, uow, encryptionKey, outbound });

  const wakeJudges = (projectId: string) =>
    sendOrLeaveToSweep(queue, "judge-score", { projectId }, { singletonKey: projectId }, "start a judge run");

  // Verdicts finishing together are stored together (one statement per batch, not one per score).
  const completions = groupCommit<Parameters<ScoresRepo["completeMany"]>[0][number]>(
    async (items) => void (await scores.completeMany(items)),
    { maxBatch: 200, maxInFlight: 2 },
  );
  const complete = (projectId: string, claimed: ClaimedScore, result: ScoreResult) =>
    completions.add({ projectId, claimed, result });

  function targetOf(judge: JudgeConfigRow): JudgeTarget {
    if (judge.provider === "simulated") return { provider: "simulated", noise: judge.options.noise ?? 0.1 };
    if (!judge.baseUrl) throw new DomainError("INVALID_STATE", `Judge ${judge.name} has no endpoint`);
    return {
      provider: "openai-compatible",
      baseUrl: judge.baseUrl,
      model: judge.model,
      apiKey: judge.encryptedSecret ? open(judge.encryptedSecret, encryptionKey) : null,
      timeoutSeconds: judge.options.timeoutSeconds ?? 60,
    };
  }

  /** Moves every active judge's scan position forward, queueing a pending score for each sampled interaction. */
  async function scan(projectId: string, limit = 1000): Promise<{ queued: number; more: boolean }> {
    let queued = 0;
    let more = false;
    for (const judge of await repo.activeJudges(projectId)) {
      const rows = await scores.scanAfter(judge, limit);
      if (rows.length === 0) continue;
      const picked = rows
        .filter((r) => passesFilters(r, judge.filters) && isSampled(r.shadowOfId ?? r.id, judge.id, judge.sampleRate))
        .map((r) => r.id);
      const last = rows[rows.length - 1]!;
      queued += await sqlUow(async (trx) => {
        const added = await scores.queuePending(trx, judge, picked);
        await scores.moveCursor(trx, judge.id, { processedAt: last.processedAt, id: last.id });
        return added;
      });
      if (rows.length === limit) more = true;
    }
    return { queued, more };
  }

  async function scoreOne(
    projectId: string,
    claimed: ClaimedScore,
    judges: Map<string, JudgeConfigRow | null>,
    rubrics: Map<string, RubricContent | null>,
    tally: RunResult,
  ) {
    if (!judges.has(claimed.judgeConfigId))
      judges.set(claimed.judgeConfigId, await repo.judge(projectId, claimed.judgeConfigId));
    if (!rubrics.has(claimed.rubricVersionId)) {
      const v = await repo.rubricVersion(projectId, claimed.rubricVersionId);
      rubrics.set(claimed.rubricVersionId, v ? rubricContentOf(v) : null);
    }
    const judge = judges.get(claimed.judgeConfigId);
    const rubric = rubrics.get(claimed.rubricVersionId);
    if (judge?.pausedReason) {
      // Paused during this run: its remaining claims go back untouched, to be scored once it is resumed.
      await scores.release([claimed.id]);
      return;
    }
    if (!judge || !rubric || claimed.output === null) {
      await complete(projectId, claimed, { status: "error", raw: "judge, rubric version or answer missing" });
      tally.failed++;
      return;
    }
    const t0 = performance.now();
    try {
      const raw = await askJudge(targetOf(judge), rubric, { input: claimed.input, output: claimed.output }, random);
      const latencyMs = Math.round(performance.now() - t0);
      const verdict = parseVerdict(raw, rubric);
      if (verdict.status === "ok") {
        await complete(projectId, claimed, { ...verdict, raw, latencyMs });
        tally.scored++;
      } else {
        await complete(projectId, claimed, { status: "unparseable", raw, rationale: verdict.reason, latencyMs });
        tally.unparseable++;
      }
      // Only a judge with failures on record needs its counter cleared (saves a write per score).
      if (judge.consecutiveFailures > 0) {
        judge.consecutiveFailures = 0;
        await repo.judgeSucceeded(judge.id);
      }
    } catch (error) {
      if (!(error instanceof JudgeProviderError)) throw error;
      tally.failed++;
      if (claimed.attempts >= MAX_ATTEMPTS)
        await complete(projectId, claimed, {
          status: "error",
          raw: `${error.message} (gave up after ${claimed.attempts} attempts)`,
        });
      else await scores.retryLater(claimed.id, backoffSeconds(claimed.attempts), error.message);
      judge.consecutiveFailures++;
      const paused = await repo.judgeFailed(
        judge.id,
        PAUSE_AFTER_FAILURES,
        `Paused after ${PAUSE_AFTER_FAILURES} provider failures in a row; last: ${error.message}`,
      );
      if (paused) judge.pausedReason = "paused";
    }
  }

  return {
    listRubrics: async (projectId: string) =>
      (await repo.listRubrics(projectId)).map((r) => ({
        ...r,
        versions: r.versions.map((v) => ({ ...v, content: rubricContentOf(v) })),
      })),
    createRubric: config.createRubric,
    newRubricVersion: config.newRubricVersion,

    /** The project's judges; without `endpoints` (viewers, labelers) the base URL is left out. */
    async listJudges(projectId: string, options: { endpoints: boolean } = { endpoints: true }) {
      const judges = await repo.listJudges(projectId);
      return options.endpoints ? judges : judges.map((j) => ({ ...j, baseUrl: null }));
    },

    /**
     * The chat model that names the project's topics: its first active OpenAI-compatible judge (oldest first), else
     * its simulated judge (the demo world's, labeled simulated), or null (topics keep their terms' names).
     */
    async namingModel(projectId: string): Promise<NamingModel | null> {
      const judges = await repo.activeJudges(projectId);
      const real = judges.find((j) => j.provider === "openai-compatible" && j.baseUrl);
      if (real) {
        const target = targetOf(real);
        return target.provider === "openai-compatible" ? target : null;
      }
      const simulated = judges.find((j) => j.provider === "simulated");
      return simulated ? { provider: "simulated", model: `${simulated.model} (simulated)` } : null;
    },

    async createJudge(projectId: string, input: CreateJudgeInput, actorId: string | null) {
      const judge = await config.insertJudge(projectId, input, actorId);
      await wakeJudges(projectId);
      return judge;
    },

    updateJudge: config.updateJudge,

    /**
     * Scores a time range on demand: queues a pending score for every sampled interaction that started in it
     * (interactions already scored by this judge and rubric version are skipped). Progress: `backfillProgress`.
     */
    async startBackfill(projectId: string, judgeConfigId: string, from: Date, to: Date, actorId: string) {
      const judge = await repo.judge(projectId, judgeConfigId);
      if (!judge) throw new DomainError("NOT_FOUND", "Judge not found");
      const { id } = await scores.createBackfill({ projectId, judgeConfigId, from, to, actorId });
      let total = 0;
      let afterId: string | null = null;
      for (;;) {
        const rows = await scores.interactionsInRange(projectId, from, to, afterId, 2000);
        if (rows.length === 0) break;
        const picked = rows
          .filter((r) => passesFilters(r, judge.filters) && isSampled(r.shadowOfId ?? r.id, judge.id, judge.sampleRate))
          .map((r) => r.id);
        total += await sqlUow((trx) => scores.queuePending(trx, judge, picked, id));
        afterId = rows[rows.length - 1]!.id;
      }
      await scores.setBackfillTotal(id, total);
      await wakeJudges(projectId);
      return { backfillId: id, total };
    },

    async backfillProgress(projectId: string, backfillId: string) {
      const b = await scores.backfill(projectId, backfillId);
      if (!b) throw new DomainError("NOT_FOUND", "Backfill not found");
      const pending = b.counts.pending ?? 0;
      return {
        id: b.id,
        judgeConfigId: b.judgeConfigId,
        from: b.from,
        to: b.to,
        total: b.total,
        done: b.total - pending,
        counts: b.counts,
      };
    },

    /**
     * One run of the judge worker for a project: scan for newly processed interactions, then score claimed pending
     * work with `concurrency` judge calls in flight until none is left or `budgetMs` is spent. A worker killed at
     * any point loses nothing: claimed rows return after the lease, and a score is written once per
     * (interaction, judge, rubric version).
     */
    async runProject(
      projectId: string,
      options: { concurrency?: number; budgetMs?: number; leaseSeconds?: number } = {},
    ): Promise<RunResult> {
      const concurrency = options.concurrency ?? 16;
      const budgetMs = options.budgetMs ?? 60_000;
      const leaseSeconds = options.leaseSeconds ?? 120;
      const t0 = performance.now();
      const scanned = await scan(projectId);
      const tally: RunResult = { queued: scanned.queued, scored: 0, unparseable: 0, failed: 0, more: scanned.more };
      const judges = new Map<string, JudgeConfigRow | null>();
      const rubrics = new Map<string, RubricContent | null>();
      // Keep `concurrency` calls in flight: slots take claimed rows from a buffer that is refilled ahead of need.
      let buffer: ClaimedScore[] = [];
      let exhausted = false;
      let claiming: Promise<void> | null = null;
      const refill = () =>
        (claiming ??= scores
          .claim(projectId, concurrency * 2, leaseSeconds)
          .then((rows) => {
            buffer.push(...rows);
            if (rows.length === 0) exhausted = true;
          })
          .finally(() => (claiming = null)));
      await pool(
        Array.from({ length: concurrency }, (_, i) => i),
        concurrency,
        async () => {
          while (performance.now() - t0 < budgetMs) {
            if (buffer.length === 0) {
              if (exhausted) return;
              await refill();
              continue;
            }
            const claimed = buffer.shift()!;
            // Claim the next batch before this one runs dry, so no slot waits for the database.
            if (buffer.length < concurrency && !exhausted) void refill();
            await scoreOne(projectId, claimed, judges, rubrics, tally);
          }
        },
      );
      // Claimed but not started within the budget: give them back now instead of at the end of the lease.
      await scores.release(buffer.map((c) => c.id));
      buffer = [];
      if (!exhausted) tally.more = true;
      return tally;
    },

    projectsWithJudges: repo.projectsWithJudges,
  };
}
export type EvaluationService = ReturnType<typeof createEvaluationService>;
