// Creating and changing labeling queues, and marking gold items: the rules (unique names, assignees who are
// members) and the audit row, in one unit of work. The labeling, calibration and import services share it.
import type { Executor, UnitOfWork } from "../../db/unit-of-work";
import { DomainError } from "../../errors";
import type { AuditRepo } from "../audit/audit.repo";
import type { NewQueue, QueuesRepo } from "./queues.repo";

export function createQueueAdmin({
  queues,
  audit,
  uow,
}: {
  queues: QueuesRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  async function assign(tx: Executor, projectId: string, queueId: string, userIds: string[]) {
    const members = await queues.members(tx, projectId, userIds);
    if (members.length !== new Set(userIds).size) {
      throw new DomainError("BAD_REQUEST", "Assignees must be members of this project");
    }
    await queues.replaceAssignees(tx, projectId, queueId, userIds);
  }

  return {
    async createQueue(projectId: string, q: NewQueue, actorId: string | null) {
      const queueId = await uow(async (tx) => {
        if (await queues.hasQueueNamed(tx, projectId, q.name)) {
          throw new DomainError("CONFLICT", `A queue named "${q.name}" already exists`);
        }
        const id = await queues.insertQueue(tx, projectId, q, actorId);
        if (q.assigneeIds?.length) await assign(tx, projectId, id, q.assigneeIds);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "label_queue.create",
          targetType: "label_queue",
          targetId: id,
          detail: { name: q.name, kind: q.kind, source: q.source },
        });
        return id;
      });
      return (await queues.queue(projectId, queueId))!;
    },

    async updateQueue(projectId: string, queueId: string, change: Record<string, unknown>, actorId: string) {
      const { assigneeIds, ...fields } = change as { assigneeIds?: string[] } & Record<string, unknown>;
      await uow(async (tx) => {
        if (!(await queues.updateQueue(tx, projectId, queueId, fields)))
          throw new DomainError("NOT_FOUND", "Queue not found");
        if (assigneeIds) await assign(tx, projectId, queueId, assigneeIds);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "label_queue.update",
          targetType: "label_queue",
          targetId: queueId,
          detail: { fields: Object.keys(change) },
        });
      });
      return (await queues.queue(projectId, queueId))!;
    },

    setGold: (projectId: string, itemId: string, goldChoice: string | null, actorId: string) =>
      uow(async (tx) => {
        if (!(await queues.setGold(tx, projectId, itemId, goldChoice)))
          throw new DomainError("NOT_FOUND", "Item not found");
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "label_item.gold",
          targetType: "label_item",
          targetId: itemId,
          detail: { goldChoice },
        });
      }),
  };
}
export type QueueAdmin = ReturnType<typeof createQueueAdmin>;
