import type { Db } from "../../db";
import type { Prisma } from "../../db/types";
import type { Executor } from "../../db/unit-of-work";

export interface AuditEntry {
  projectId: string | null;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  detail?: Prisma.InputJsonValue;
}

export function createAuditRepo(db: Db) {
  return {
    /** Inside the service's unit of work (`tx`), so the change and its audit row commit together or not at all. */
    async insert(tx: Executor, entry: AuditEntry): Promise<void> {
      await tx.auditLog.create({
        data: {
          projectId: entry.projectId,
          actorId: entry.actorId,
          action: entry.action,
          targetType: entry.targetType,
          targetId: entry.targetId ?? null,
          detail: entry.detail ?? {},
        },
        select: { id: true },
      });
    },

    async list(projectId: string, opts: { limit: number; cursor?: string }) {
      const rows = await db.auditLog.findMany({
        where: { projectId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: opts.limit + 1,
        ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
        select: {
          id: true,
          action: true,
          targetType: true,
          targetId: true,
          detail: true,
          createdAt: true,
          actorId: true,
        },
      });
      const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
      const actors = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } });
      const emailById = new Map(actors.map((a) => [a.id, a.email]));
      const page = rows
        .slice(0, opts.limit)
        .map((r) => ({ ...r, actorEmail: r.actorId ? (emailById.get(r.actorId) ?? null) : null }));
      return { items: page, nextCursor: rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null };
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
