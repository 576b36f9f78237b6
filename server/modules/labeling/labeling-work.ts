// The labeler's units of work: claim, label, skip, undo and adjudicate. Each is one transaction on the locked item
// row (the labels repo's queries), so concurrent labelers never push an item past k labels; consensus and the item's
// `human` signal (the signals repo's) are written in the same transaction, and an adjudication with its audit row.
import type { Executor, UnitOfWork } from "../../db/unit-of-work";
import { DomainError } from "../../errors";
import type { AuditRepo } from "../audit/audit.repo";
import type { SignalsRepo } from "../signals/signals.repo";
import { canClaim } from "./assignment";
import { majority, settledState } from "./consensus";
import { nominalOf, type QueueKind } from "./label-values";
import type { LabelsRepo, LockedItem } from "./labels.repo";

const slotOf = (item: LockedItem) => ({
  status: item.status,
  overlap: item.overlap,
  labelCount: item.labelCount,
  otherActiveHolds: item.otherHolds,
  labeledByMe: item.labeledByMe,
  skippedByMe: item.skippedByMe,
  isGold: item.isGold,
});

export function createLabelingWork({
  labels,
  signals,
  audit,
  uow,
}: {
  labels: LabelsRepo;
  signals: Pick<SignalsRepo, "setHumanSignal">;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  async function lock(tx: Executor, projectId: string, itemId: string, labelerId: string, now: string) {
    const item = await labels.lockItem(tx, projectId, itemId, labelerId, now);
    if (!item) throw new DomainError("NOT_FOUND", "Item not found");
    return item;
  }

  /** A pointwise item with a consensus has one `human` signal on its interaction; without one, none. */
  async function syncHumanSignal(tx: Executor, item: LockedItem, label: string | null, now: string) {
    if (!item.interactionId || item.kind !== "pointwise") return;
    const ref = { id: item.id, projectId: item.projectId, queueId: item.queueId, interactionId: item.interactionId };
    await signals.setHumanSignal(tx, ref, label, now);
  }

  /** Recomputes the item's status and consensus from its labels (gold and adjudicated items keep theirs). */
  async function settle(tx: Executor, item: LockedItem, now: string) {
    if (item.isGold || item.status === "adjudicated") return item.status;
    const votes = await labels.votes(tx, item.id);
    const { status, consensus } = settledState(
      votes.map((v) => nominalOf(item.kind, v.choice, v.category)),
      item.overlap,
    );
    await labels.setSettled(tx, item.id, status, consensus, votes.length);
    await syncHumanSignal(tx, item, status === "complete" ? consensus!.label : null, now);
    return status;
  }

  return {
    /**
     * The item this labeler should label next in a queue, held for them until `holdUntil`: their own unexpired
     * hold first (a reload resumes it), then a gold item when one is due, then the open item closest to k labels.
     */
    claim: (input: {
      projectId: string;
      queueId: string;
      labelerId: string;
      now: string;
      holdUntil: string;
      goldDue: boolean;
    }): Promise<string | null> =>
      uow(async (tx) => {
        const { projectId, queueId, labelerId, now } = input;
        let id = await labels.heldItem(tx, queueId, labelerId, now);
        if (!id && input.goldDue) id = await labels.goldItem(tx, queueId, labelerId);
        // The row lock does not cover holds committed since the candidate query's snapshot (they live in another
        // table), so a locked candidate is checked again with a fresh read before it is handed out.
        const passed: string[] = [];
        while (!id && passed.length < 50) {
          const candidate = await labels.openCandidate(tx, queueId, labelerId, now, passed);
          if (!candidate) break;
          if (canClaim(slotOf(await lock(tx, projectId, candidate, labelerId, now)))) id = candidate;
          else passed.push(candidate);
        }
        // A queue of gold items only (e.g. an LLMBar import) still gives work.
        id ??= await labels.goldItem(tx, queueId, labelerId);
        if (!id) return null;
        await labels.hold(tx, projectId, id, labelerId, input.holdUntil);
        return id;
      }),

    /** Stores a label if a slot is free on the locked row; returns the item's new status. */
    submit: (input: {
      projectId: string;
      itemId: string;
      labelerId: string;
      choice: string;
      category: string | null;
      rationale: string | null;
      durationMs: number | null;
      now: string;
      validate: (kind: QueueKind) => void;
    }) =>
      uow(async (tx) => {
        const item = await lock(tx, input.projectId, input.itemId, input.labelerId, input.now);
        input.validate(item.kind);
        if (item.labeledByMe) throw new DomainError("CONFLICT", "You have already labeled this item");
        if (!canClaim(slotOf(item))) {
          throw new DomainError("CONFLICT", "This item already has all the labels it needs; take the next one");
        }
        await labels.insertLabel(tx, item, input);
        await labels.releaseHold(tx, item.id, input.labelerId);
        const status = await settle(tx, item, input.now);
        return { itemId: item.id, queueId: item.queueId, status };
      }),

    skip: (projectId: string, itemId: string, labelerId: string, reason: string, now: string) =>
      uow(async (tx) => {
        const item = await lock(tx, projectId, itemId, labelerId, now);
        await labels.skip(tx, projectId, item.id, labelerId, reason, now);
        await labels.releaseHold(tx, item.id, labelerId);
        return { queueId: item.queueId };
      }),

    /**
     * Takes back the labeler's most recent label in a queue (not on an adjudicated item) and holds the item for
     * them again, so the workbench shows it next. Returns the item id, or null when there is nothing to undo.
     */
    undo: (projectId: string, queueId: string, labelerId: string, now: string, holdUntil: string) =>
      uow(async (tx) => {
        const last = await labels.lastLabel(tx, projectId, queueId, labelerId);
        if (!last) return null;
        const item = await lock(tx, projectId, last.itemId, labelerId, now);
        await labels.deleteLabel(tx, last.id);
        await settle(tx, { ...item, status: item.status === "adjudicated" ? "open" : item.status }, now);
        await labels.hold(tx, projectId, item.id, labelerId, holdUntil);
        return item.id;
      }),

    /** An ML lead's decision on an item: it becomes the consensus, whatever the votes said; audited. */
    adjudicate: (input: {
      projectId: string;
      itemId: string;
      label: string;
      note: string | null;
      actorId: string;
      now: string;
    }) =>
      uow(async (tx) => {
        const item = await lock(tx, input.projectId, input.itemId, input.actorId, input.now);
        const votes = majority(
          (await labels.votes(tx, item.id)).map((v) => nominalOf(item.kind, v.choice, v.category)),
        );
        const consensus = { label: input.label, method: "adjudicated", votes: votes.votes, share: votes.share };
        await labels.markAdjudicated(tx, item.id, consensus, input.actorId, input.now, input.note);
        await syncHumanSignal(tx, item, input.label, input.now);
        await audit.insert(tx, {
          projectId: input.projectId,
          actorId: input.actorId,
          action: "label.adjudicate",
          targetType: "label_item",
          targetId: input.itemId,
          detail: { label: input.label, ...(input.note ? { note: input.note } : {}) },
        });
        return { queueId: item.queueId, kind: item.kind };
      }),
  };
}
export type LabelingWork = ReturnType<typeof createLabelingWork>;
