// Topics, the slow signal: periodic re-clustering (with the rollups of the hours it touched rebuilt), admin rename
// and merge, the week-over-week topic shift with emerging topics, and the retraining backlog.
import { topicName } from "./naming";
import { createTopicEdits } from "./topic-edits";
import { createTopicNaming, type TopicNamer } from "./topic-naming";
import { cosine } from "../signals/text";
import { jensenShannonDivergence } from "../../stats/divergence";
import type { JobQueue } from "../../jobs/queue";
import type { SqlUnitOfWork, UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { Embedder } from "../../llm/embeddings";
import { ACTIVE_INCIDENT } from "../patterns/patterns.repo";
import type { QualityRepo } from "../quality/quality.repo";
import type { SettingsService } from "../settings/settings.service";
import { recluster } from "./clustering";
import { topicShift } from "./shift";
import type { ClusteringPlan, TopicsRepo } from "./topics.repo";

const MAX_POINTS = 5000;
const HISTORY_WINDOWS = 8;
const EXAMPLES = 3;

export function createTopicsService({
  repo,
  quality,
  settings,
  embedder,
  now,
  namer,
  queue,
  audit,
  uow,
  sqlUow,
}: {
  repo: TopicsRepo;
  quality: Pick<QualityRepo, "rebuild" | "byTopic">;
  settings: Pick<SettingsService, "get">;
  embedder: Embedder;
  now: () => Date;
  /** Names topics with the project's chat model when it has one (services.ts: its judge). */
  namer?: TopicNamer;
  /** Re-clusterings asked for by people run on a worker (it holds the embedding model; the web process does not). */
  queue: JobQueue;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  /** The re-clustering's driver transactions (its writes, then the rollups of the hours it changed). */
  sqlUow: SqlUnitOfWork;
}) {
  const nameWithModel = createTopicNaming(repo, namer);
  const edits = createTopicEdits({ repo, quality, audit, uow, sqlUow });

  /** The shift between the current window and the one before, from stored interactions. */
  async function shiftOf(projectId: string) {
    const doc = await settings.get(projectId);
    const s = doc.signals;
    const end = now();
    const windowMs = s.topicShiftWindowSeconds * 1000;
    const currentStart = new Date(end.getTime() - windowMs);
    const counts = await repo.windowCounts(projectId, new Date(end.getTime() - 2 * windowMs), currentStart, end);
    const shift = topicShift(counts, {
      windowStart: currentStart,
      emergingMinCount: s.emergingMinCount,
      falseDiscoveryRate: doc.evaluation.falseDiscoveryRate,
      minGrowth: 2,
    });
    return {
      shift,
      counts,
      currentStart,
      end,
      windowSeconds: s.topicShiftWindowSeconds,
      emergingMinCount: s.emergingMinCount,
      shiftMinCount: s.shiftMinCount,
    };
  }

  const service = {
    /** Projects whose topics are due for re-clustering (the slow-signals interval has passed). */
    async projectsDue() {
      const due: string[] = [];
      for (const projectId of await repo.projectsWithTopics()) {
        const interval = (await settings.get(projectId)).schedules.slowSignalsIntervalSeconds * 1000;
        const last = await repo.lastRun(projectId);
        if (!last || now().getTime() - last.startedAt.getTime() >= interval) due.push(projectId);
      }
      return due;
    },

    /** Hands a re-clustering asked for by a person to a worker (one at a time per project). */
    async requestRecluster(projectId: string, actorId: string) {
      const requestedAt = now(); // before sending: the run the worker starts begins after it
      await queue.send("topic-recluster", { projectId, actorId }, { singletonKey: projectId });
      return { requestedAt };
    },

    /**
     * Re-clusters the window's queries, writes the changes, rebuilds the rollups of every hour whose queries changed
     * topic, then flags emerging topics. Returns the run's figures, or null when a run is already going.
     */
    async recluster(projectId: string, trigger: "schedule" | "manual" = "schedule", actorId: string | null = null) {
      const previous = await repo.lastRun(projectId);
      const runId = await sqlUow((trx) => repo.startRun(trx, projectId, trigger, actorId));
      if (!runId) return null;
      const started = Date.now();
      try {
        const doc = await settings.get(projectId);
        const s = doc.signals;
        const since = new Date(now().getTime() - s.reclusterWindowSeconds * 1000);
        const [points, topics] = await Promise.all([
          repo.windowPoints(projectId, since, MAX_POINTS),
          repo.liveTopics(projectId),
        ]);
        const reembedded = await reembedForeign(points);
        // What was asked since the last run (without one, in the last interval) may be a new subject (a launch):
        // re-clustering gathers it into one topic.
        const recentSince =
          previous?.startedAt ?? new Date(now().getTime() - doc.schedules.slowSignalsIntervalSeconds * 1000);
        const result = recluster(
          points.map((p) => ({ ...p, recent: new Date(p.startedAt) >= recentSince })),
          topics,
          {
            minSimilarity: s.topicMinSimilarity,
            semanticOnlySimilarity: s.topicSemanticOnlySimilarity,
            mergeSimilarity: s.topicMergeSimilarity,
            minClusterSize: s.topicMinSize,
          },
        );
        const byId = new Map(topics.map((t) => [t.id, t]));
        const plan: ClusteringPlan = { created: [], updated: [], merges: result.merges, moves: [] };
        let renamed = 0;
        for (const c of result.clusters) {
          if (!c.existing) {
            const texts = c.members.map((m) => points[m]!.text);
            plan.created.push({ key: c.key, label: topicName(texts, c.terms), terms: c.terms, centroid: c.centroid });
            continue;
          }
          if (c.members.length === 0) continue; // merged away, or no queries in the window: left as it is
          const before = byId.get(c.key)!;
          const label = topicName(
            c.members.map((m) => points[m]!.text),
            c.terms,
          );
          if (before.labelSource === "terms" && label !== before.label) renamed++;
          plan.updated.push({ id: c.key, centroid: c.centroid, terms: c.terms, label });
        }
        points.forEach((p, i) => {
          if (result.assignment[i] !== p.topicId) plan.moves.push({ id: p.id, topic: result.assignment[i]! });
        });
        const applied = await sqlUow((trx) => repo.applyClustering(trx, projectId, plan));
        await sqlUow((trx) => quality.rebuild(trx, projectId, applied.hours));
        const { shift } = await shiftOf(projectId);
        await repo.setEmerging(
          projectId,
          shift.emerging.map((e) => e.topicId),
        );
        const naming = await nameWithModel(projectId, s.emergingMinCount);
        const stats = {
          points: points.length,
          reembedded,
          iterations: result.iterations,
          moved: plan.moves.length,
          created: plan.created.length,
          merged: plan.merges.length,
          renamed,
          rollupHours: applied.hours.length,
          jsd: shift.jsd,
          emerging: shift.emerging.length,
          named: naming.named,
          ...(naming.namingError ? { namingError: naming.namingError } : {}),
          ms: Date.now() - started,
        };
        await repo.finishRun(runId, "succeeded", stats);
        return stats;
      } catch (error) {
        await repo.finishRun(runId, "failed", { ms: Date.now() - started }, (error as Error).message.slice(0, 500));
        throw error;
      }
    },

    rename: edits.rename,

    /**
     * Between re-clusterings: a topic opened since the last re-clustering whose centroid is within the merge
     * similarity of another live topic joins it now (the newer into the older), so a launch that opened several
     * near-identical topics reads as one before the next pattern scan. Audited as the system's merge.
     */
    async mergeNewDuplicates(projectId: string) {
      const [s, last, topics] = await Promise.all([
        settings.get(projectId),
        repo.lastRun(projectId),
        repo.liveTopics(projectId),
      ]);
      const since = last?.startedAt ?? new Date(0);
      const live = new Map(topics.filter((t) => t.centroid.length > 0).map((t) => [t.id, t]));
      let merged = 0;
      const youngestFirst = [...live.values()]
        .filter((t) => t.createdAt >= since)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      for (const young of youngestFirst) {
        if (!live.has(young.id)) continue;
        let best: { id: string; size: number; similarity: number } | null = null;
        for (const other of live.values()) {
          // Always the newer into the older: ids that incidents and patterns already hold stay live.
          if (other.id === young.id || other.createdAt > young.createdAt) continue;
          const similarity = cosine(young.centroid, other.centroid);
          if (similarity >= s.signals.topicMergeSimilarity && (!best || similarity > best.similarity))
            best = { id: other.id, size: other.size, similarity };
        }
        if (!best) continue;
        const [from, into] = [young.id, best.id];
        await edits.merge(projectId, [from], into, null);
        live.delete(from);
        const kept = await repo.topic(projectId, into);
        if (kept) live.set(into, { ...live.get(into)!, centroid: kept.centroid, size: kept.size });
        merged++;
      }
      return merged;
    },

    merge: edits.merge,

    /** The Topics page: every live topic with its volume, share change and quality; the shift and its history. */
    async overview(projectId: string) {
      const { shift, counts, currentStart, end, windowSeconds, shiftMinCount } = await shiftOf(projectId);
      const [topics, byTopic, history, runs] = await Promise.all([
        repo.liveTopics(projectId),
        quality.byTopic(projectId, currentStart, end),
        repo.windowHistory(projectId, windowSeconds, HISTORY_WINDOWS + 1, end),
        repo.runs(projectId, 5),
      ]);
      const countOf = new Map(counts.map((c) => [c.topicId, c]));
      const qualityOf = new Map(byTopic.map((q) => [q.topicId, q]));
      const emergingOf = new Map(shift.emerging.map((e) => [e.topicId, e]));
      const contributionOf = new Map(shift.movers.map((m) => [m.topicId, m.contribution]));
      const rows = topics.map((t) => {
        const c = countOf.get(t.id);
        const q = qualityOf.get(t.id);
        const graded = q ? q.passCount + q.failCount : 0;
        return {
          id: t.id,
          label: t.label,
          labelSource: t.labelSource,
          labelModel: t.labelSource === "model" ? t.labelModel : null,
          terms: t.terms,
          size: t.size,
          current: c?.current ?? 0,
          previous: c?.previous ?? 0,
          shareNow: shift.currentTotal ? (c?.current ?? 0) / shift.currentTotal : 0,
          sharePrevious: shift.previousTotal ? (c?.previous ?? 0) / shift.previousTotal : 0,
          contribution: contributionOf.get(t.id) ?? 0,
          firstSeenAt: c?.firstSeenAt ?? null,
          emerging: emergingOf.get(t.id) ?? null,
          judged: q?.judged ?? 0,
          passRate: graded > 0 ? q!.passCount / graded : null,
          negativeRate: q && q.interactions > 0 ? q.negative / q.interactions : null,
        };
      });
      rows.sort((a, b) => b.current - a.current || b.size - a.size);
      return {
        windowSeconds,
        currentStart,
        end,
        currentTotal: shift.currentTotal,
        previousTotal: shift.previousTotal,
        jsd: shift.jsd,
        /** Both windows hold enough queries for the divergence to mean something (else it is shown greyed). */
        jsdReliable: Math.min(shift.currentTotal, shift.previousTotal) >= shiftMinCount,
        shiftMinCount,
        topics: rows,
        movers: shift.movers
          .slice(0, 8)
          .map((m) => ({ ...m, label: topics.find((t) => t.id === m.topicId)?.label ?? "?" })),
        history: jsdHistory(history, HISTORY_WINDOWS, end, windowSeconds),
        runs,
      };
    },

    /**
     * The retraining backlog (the slow path): failure patterns that rise without being significant yet, the topics
     * whose share moved most, and the emerging topics — with counts and example queries.
     */
    async backlog(projectId: string) {
      const [{ shift, emergingMinCount }, topics, patterns] = await Promise.all([
        shiftOf(projectId),
        repo.liveTopics(projectId),
        repo.growingPatterns(projectId, ACTIVE_INCIDENT),
      ]);
      const labelOfTopic = new Map(topics.map((t) => [t.id, t.label]));
      const rising = patterns
        .filter((p) => {
          const recent = p.recentTotal > 0 ? p.recentCount / p.recentTotal : 0;
          const baseline = p.baselineTotal > 0 ? p.baselineCount / p.baselineTotal : null;
          return baseline === null || recent > baseline;
        })
        .slice(0, 20);
      const texts = await repo.texts(
        projectId,
        rising.flatMap((p) => (p.numbers.examples ?? []).slice(0, EXAMPLES)),
      );
      // A topic that went from 0 to 1 query is not a shift worth planning for.
      const growingTopics = shift.movers
        .filter((m) => m.shareNow > m.sharePrevious && m.current >= emergingMinCount)
        .slice(0, 10);
      const topicIds = [...new Set([...shift.emerging.map((e) => e.topicId), ...growingTopics.map((m) => m.topicId)])];
      const examples = await repo.examples(projectId, topicIds, EXAMPLES);
      const examplesOf = (id: string) =>
        examples.filter((e) => e.topicId === id).map((e) => ({ id: e.id, text: e.text }));
      return {
        jsd: shift.jsd,
        patterns: rising.map((p) => ({
          id: p.id,
          topicId: p.topicId,
          topic: p.topicId ? (labelOfTopic.get(p.topicId) ?? "?") : "?",
          category: p.category,
          verdict: p.verdict,
          recentCount: p.recentCount,
          recentTotal: p.recentTotal,
          recentRate: p.recentTotal > 0 ? p.recentCount / p.recentTotal : 0,
          baselineRate: p.baselineTotal > 0 ? p.baselineCount / p.baselineTotal : null,
          qValue: p.qValue,
          examples: (p.numbers.examples ?? [])
            .slice(0, EXAMPLES)
            .filter((id) => texts.has(id))
            .map((id) => ({ id, text: texts.get(id)! })),
        })),
        shifts: growingTopics.map((m) => ({
          ...m,
          label: labelOfTopic.get(m.topicId) ?? "?",
          examples: examplesOf(m.topicId),
        })),
        emerging: shift.emerging.map((e) => ({
          ...e,
          label: labelOfTopic.get(e.topicId) ?? "?",
          examples: examplesOf(e.topicId),
        })),
      };
    },
  };

  /** Queries whose stored vector has another length than the embedder's (the model changed) are re-embedded. */
  async function reembedForeign(points: Array<{ id: string; embedding: number[]; text: string }>) {
    if (points.length === 0) return 0;
    const [probe] = await embedder.embed([points[0]!.text]);
    const foreign = points.filter((p) => p.embedding.length !== probe!.length);
    if (foreign.length === 0) return 0;
    const vectors = await embedder.embed(foreign.map((p) => p.text));
    foreign.forEach((p, i) => (p.embedding = vectors[i]!));
    await repo.saveEmbeddings(foreign.map((p) => ({ id: p.id, embedding: p.embedding })));
    return foreign.length;
  }

  return service;
}

/** JSD between each window and the one before it, oldest first (null where either is empty). */
function jsdHistory(
  rows: Array<{ k: number; topicId: string; n: number }>,
  windows: number,
  end: Date,
  windowSeconds: number,
) {
  const byWindow = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const m = byWindow.get(r.k) ?? new Map<string, number>();
    m.set(r.topicId, r.n);
    byWindow.set(r.k, m);
  }
  const out: Array<{ end: Date; jsd: number | null; total: number }> = [];
  for (let k = windows - 1; k >= 0; k--) {
    const now = byWindow.get(k) ?? new Map<string, number>();
    const before = byWindow.get(k + 1) ?? new Map<string, number>();
    const ids = [...new Set([...now.keys(), ...before.keys()])];
    const current = ids.map((id) => now.get(id) ?? 0);
    const previous = ids.map((id) => before.get(id) ?? 0);
    const total = current.reduce((a, b) => a + b, 0);
    const jsd = total > 0 && previous.some((n) => n > 0) ? jensenShannonDivergence(current, previous) : null;
    out.push({ end: new Date(end.getTime() - k * windowSeconds * 1000), jsd, total });
  }
  return out;
}
