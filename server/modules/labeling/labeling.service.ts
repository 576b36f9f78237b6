// Labeling queues end to end: routing judged interactions to humans, manual adds, the labeler's claim / label /
// skip / undo loop with k-overlap and holds, gold items, consensus and adjudication.
import { DomainError } from "../../errors";
import type { ProjectRole } from "../auth/roles";
import { rubricContentOf, type EvaluationRepo } from "../evaluation/evaluation.repo";
import { goldDue } from "./assignment";
import { isValidChoice, judgeNominal, nominalVocabulary, type QueueKind } from "./label-values";
import type { AddItemsInput, CreateQueueInput, SubmitLabelInput, UpdateQueueInput } from "./labeling.schema";
import type { LabelsRepo } from "./labels.repo";
import type { LabelingWork } from "./labeling-work";
import type { QueueAdmin } from "./queue-admin";
import type { NewItem, QueueRow, QueuesRepo } from "./queues.repo";
import { DEFAULT_ROUTING, routeReasons, type RoutingRules } from "./routing";
import type { SourcesRepo } from "./sources.repo";

export interface Actor {
  id: string;
  role: ProjectRole;
}

export interface LabelingDeps {
  queues: QueuesRepo;
  /** Queue changes and gold marks with their rules and audit row. */
  queueAdmin: QueueAdmin;
  /** The labeler's transactions: claim, label, skip, undo, adjudicate. */
  work: LabelingWork;
  sources: SourcesRepo;
  labels: LabelsRepo;
  rubrics: Pick<EvaluationRepo, "rubricVersion">;
  now: () => Date;
  /** How long a claimed item stays reserved for its labeler. */
  holdSeconds?: number;
}

const ROUTING_BATCH = 500;

export function createLabelingService({
  queues,
  queueAdmin,
  work,
  sources,
  labels,
  rubrics,
  now,
  holdSeconds = 300,
}: LabelingDeps) {
  const stamp = () => now().toISOString();
  const holdUntil = () => new Date(now().getTime() + holdSeconds * 1000).toISOString();

  async function queueFor(projectId: string, queueId: string): Promise<QueueRow> {
    const queue = await queues.queue(projectId, queueId);
    if (!queue) throw new DomainError("NOT_FOUND", "Queue not found");
    return queue;
  }

  /** Labelers see and work only in queues they are assigned to; viewers read, ML leads and admins do anything. */
  const sees = (queue: QueueRow, actor: Actor) => actor.role !== "labeler" || queue.assigneeIds.includes(actor.id);

  async function labelingQueue(projectId: string, queueId: string, actor: Actor) {
    const queue = await queueFor(projectId, queueId);
    if (!sees(queue, actor)) throw new DomainError("NOT_FOUND", "Queue not found");
    return queue;
  }

  async function rubricFor(projectId: string, rubricVersionId: string | null) {
    if (!rubricVersionId) return null;
    const v = await rubrics.rubricVersion(projectId, rubricVersionId);
    return v ? { id: v.id, version: v.version, ...rubricContentOf(v) } : null;
  }

  /** Labels a gold answer or an adjudication may take: pairwise A/B/tie; pointwise pass or a failure category. */
  async function vocabularyOf(projectId: string, queue: QueueRow) {
    if (queue.kind === "pairwise") return nominalVocabulary("pairwise", []);
    const rubric = await rubricFor(projectId, queue.rubricVersionId);
    return nominalVocabulary("pointwise", rubric?.failureCategories ?? []);
  }

  async function checkRubric(projectId: string, rubricVersionId: string | undefined) {
    if (rubricVersionId && !(await rubrics.rubricVersion(projectId, rubricVersionId))) {
      throw new DomainError("BAD_REQUEST", "That rubric version is not in this project");
    }
  }

  /** Items for interactions: a snapshot of what the labeler sees, and the judge's verdict to compare with later. */
  async function itemsFor(
    projectId: string,
    queue: Pick<QueueRow, "kind" | "rubricVersionId">,
    interactionIds: string[],
    reasonOf: (id: string) => string,
  ): Promise<NewItem[]> {
    const rows = await sources.interactionPayloads(projectId, interactionIds, queue.rubricVersionId);
    return rows
      .filter((r) => r.output !== null && (queue.kind === "pointwise" || r.shadowOutput !== null))
      .map((r) => {
        const common = { input: r.queryText, conversation: r.input };
        const pointwise = queue.kind === "pointwise";
        return {
          interactionId: r.id,
          reason: reasonOf(r.id),
          payload: pointwise
            ? { ...common, output: r.output, model: r.model }
            : { ...common, outputA: r.output, outputB: r.shadowOutput, labelA: r.model, labelB: r.shadowModel },
          ...(pointwise && r.judgeStatus
            ? {
                judgeStatus: r.judgeStatus,
                judgeChoice:
                  r.judgeStatus === "ok" && r.judgePass !== null ? judgeNominal(r.judgePass, r.judgeCategory) : null,
                judgeConfidence: r.judgeConfidence,
                judgeRaw: r.judgeStatus === "unparseable" ? r.judgeRaw : null,
              }
            : {}),
        };
      });
  }

  return {
    async listQueues(projectId: string, actor: Actor) {
      const [all, counts] = await Promise.all([queues.queues(projectId), queues.queueCounts(projectId, actor.id)]);
      const visible = all.filter((q) => sees(q, actor));
      return visible.map((q) => {
        const c = counts.get(q.id);
        return {
          ...q,
          assigned: q.assigneeIds.includes(actor.id),
          counts: {
            items: c?.items ?? 0,
            open: c?.open ?? 0,
            complete: c?.complete ?? 0,
            needsAdjudication: c?.needsAdjudication ?? 0,
            adjudicated: c?.adjudicated ?? 0,
            gold: c?.gold ?? 0,
            labels: c?.labels ?? 0,
            mine: c?.mine ?? 0,
          },
        };
      });
    },

    /** Throws NOT_FOUND when the actor may not see the queue (a labeler not assigned to it). */
    visibleQueue: labelingQueue,

    async queue(projectId: string, queueId: string, actor: Actor) {
      const queue = await labelingQueue(projectId, queueId, actor);
      return {
        ...queue,
        rubric: await rubricFor(projectId, queue.rubricVersionId),
        vocabulary: await vocabularyOf(projectId, queue),
      };
    },

    async createQueue(projectId: string, input: CreateQueueInput, actorId: string) {
      await checkRubric(projectId, input.rubricVersionId);
      if (input.routing && input.kind !== "pointwise") {
        throw new DomainError("BAD_REQUEST", "Routing rules fill pointwise queues (the judge scores one answer)");
      }
      return queueAdmin.createQueue(projectId, { ...input, source: input.routing ? "routing" : "manual" }, actorId);
    },

    async updateQueue(projectId: string, { queueId, routing, ...change }: UpdateQueueInput, actorId: string) {
      const queue = await queueFor(projectId, queueId);
      if (routing && queue.kind !== "pointwise") {
        throw new DomainError("BAD_REQUEST", "Routing rules fill pointwise queues (the judge scores one answer)");
      }
      const source =
        routing === undefined ? {} : { source: routing ? "routing" : "manual", routing: routing ?? undefined };
      return queueAdmin.updateQueue(projectId, queueId, { ...change, ...source }, actorId);
    },

    /** Adds interactions by hand or by filter; ones already in the queue are counted, not added again. */
    async addItems(projectId: string, input: AddItemsInput) {
      const queue = await queueFor(projectId, input.queueId);
      const ids = new Set(input.interactionIds ?? []);
      if (input.filter) {
        for (const id of await sources.filterInteractions(projectId, input.filter, queue.kind === "pairwise"))
          ids.add(id);
      }
      if (ids.size === 0) throw new DomainError("BAD_REQUEST", "Give interaction ids or a filter that matches some");
      const items = await itemsFor(projectId, queue, [...ids], () => "manual");
      const added = await queues.addItems(projectId, queue.id, items);
      return {
        requested: ids.size,
        added,
        alreadyQueued: items.length - added,
        unusable: ids.size - items.length,
      };
    },

    async setGold(projectId: string, itemId: string, goldChoice: string | null, actorId: string) {
      const item = await queues.item(projectId, itemId);
      if (!item) throw new DomainError("NOT_FOUND", "Item not found");
      const vocabulary = await vocabularyOf(projectId, await queueFor(projectId, item.queueId));
      if (goldChoice !== null && !vocabulary.includes(goldChoice)) {
        throw new DomainError("BAD_REQUEST", `A gold answer is one of: ${vocabulary.join(", ")}`);
      }
      await queueAdmin.setGold(projectId, itemId, goldChoice, actorId);
    },

    /** The next item for this labeler (held for them), with what the workbench shows; null when none is left. */
    async next(projectId: string, queueId: string, actor: Actor) {
      const queue = await labelingQueue(projectId, queueId, actor);
      const given = await labels.labelerCounts(queue.id, actor.id);
      const itemId = await work.claim({
        projectId,
        queueId: queue.id,
        labelerId: actor.id,
        now: stamp(),
        holdUntil: holdUntil(),
        goldDue: goldDue(given.given, queue.goldRate),
      });
      if (!itemId) return { item: null, labelsGiven: given.given };
      const item = (await queues.item(projectId, itemId))!;
      const signals =
        queue.showSignals && item.interactionId ? await sources.userSignals(projectId, item.interactionId) : null;
      // Gold items look like any other item; the reason would anchor calibration labelers, so it is hidden there.
      return {
        item: {
          id: item.id,
          interactionId: item.interactionId,
          payload: item.payload as Record<string, unknown>,
          reason: queue.showSignals ? item.reason : null,
          signals,
        },
        labelsGiven: given.given,
      };
    },

    async submit(projectId: string, actor: Actor, input: SubmitLabelInput) {
      const item = await queues.item(projectId, input.itemId);
      if (!item) throw new DomainError("NOT_FOUND", "Item not found");
      const queue = await labelingQueue(projectId, item.queueId, actor);
      const rubric = await rubricFor(projectId, queue.rubricVersionId);
      const result = await work.submit({
        projectId,
        itemId: item.id,
        labelerId: actor.id,
        choice: input.choice,
        category: input.category ?? null,
        rationale: input.rationale || null,
        durationMs: input.durationMs ?? null,
        now: stamp(),
        validate: (kind: QueueKind) => {
          if (!isValidChoice(kind, input.choice)) {
            throw new DomainError(
              "BAD_REQUEST",
              kind === "pairwise" ? "Choose A, B or tie" : "Choose a score from 1 to 5",
            );
          }
          if (input.category && rubric && !rubric.failureCategories.includes(input.category)) {
            throw new DomainError("BAD_REQUEST", `"${input.category}" is not a failure category of this rubric`);
          }
        },
      });
      const gold = item.isGold ? await labels.goldResult(item.id, actor.id) : null;
      return { ...result, gold };
    },

    async skip(projectId: string, actor: Actor, itemId: string, reason: string) {
      const item = await queues.item(projectId, itemId);
      if (!item) throw new DomainError("NOT_FOUND", "Item not found");
      await labelingQueue(projectId, item.queueId, actor);
      return work.skip(projectId, itemId, actor.id, reason, stamp());
    },

    async undo(projectId: string, queueId: string, actor: Actor) {
      await labelingQueue(projectId, queueId, actor);
      const itemId = await work.undo(projectId, queueId, actor.id, stamp(), holdUntil());
      if (!itemId) throw new DomainError("INVALID_STATE", "There is no label of yours to undo in this queue");
      return { itemId };
    },

    async adjudicate(projectId: string, itemId: string, label: string, note: string | undefined, actorId: string) {
      const item = await queues.item(projectId, itemId);
      if (!item) throw new DomainError("NOT_FOUND", "Item not found");
      const vocabulary = await vocabularyOf(projectId, await queueFor(projectId, item.queueId));
      if (!vocabulary.includes(label)) throw new DomainError("BAD_REQUEST", `Choose one of: ${vocabulary.join(", ")}`);
      return work.adjudicate({ projectId, itemId, label, note: note ?? null, actorId, now: stamp() });
    },

    /** Members who can be assigned to queues and calibration sessions (labelers and up). */
    people: async (projectId: string) => (await queues.memberNames(projectId)).filter((m) => m.role !== "viewer"),

    listItems: (projectId: string, queueId: string, status: string | undefined, limit: number, offset: number) =>
      queues.listItems(projectId, queueId, status, limit, offset),

    /**
     * Sends newly judged interactions to the routing queues whose rules they meet. Each queue keeps its own scan
     * position; re-reading is harmless because an interaction enters a queue at most once.
     */
    async route(projectId: string, maxBatches = 10): Promise<number> {
      let routed = 0;
      for (const q of await sources.routingQueues(projectId)) {
        const rules: RoutingRules = { ...DEFAULT_ROUTING, ...((q.routing as Partial<RoutingRules> | null) ?? {}) };
        let cursor = q.routingCursorAt && q.routingCursorId ? { at: q.routingCursorAt, id: q.routingCursorId } : null;
        for (let batch = 0; batch < maxBatches; batch++) {
          const { rows, signals } = await sources.judgedSince(projectId, cursor, q.rubricVersionId, ROUTING_BATCH);
          if (rows.length === 0) break;
          const reasons = new Map<string, string>();
          for (const r of rows) {
            const found = routeReasons(
              {
                judgeStatus: r.status,
                pass: r.pass,
                confidence: r.confidence,
                signals: signals.filter((s) => s.interactionId === r.interactionId),
                topicAgeHours: r.topicAgeHours,
                topicEmergedAfterHours: r.topicEmergedAfterHours,
              },
              rules,
            );
            if (found.length) reasons.set(r.interactionId, found.join(","));
          }
          if (reasons.size) {
            const items = await itemsFor(
              projectId,
              { kind: "pointwise", rubricVersionId: q.rubricVersionId },
              [...reasons.keys()],
              (id) => reasons.get(id)!,
            );
            routed += await queues.addItems(projectId, q.id, items);
          }
          const last = rows[rows.length - 1]!;
          cursor = { at: new Date(last.updatedAt), id: last.id };
          await sources.moveRoutingCursor(q.id, cursor.at, cursor.id);
          if (rows.length < ROUTING_BATCH) break;
        }
      }
      return routed;
    },
  };
}
