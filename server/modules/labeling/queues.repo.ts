// Queues, their items and assignees, the routing scan and calibration sessions.
import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { sqlDb, type Db } from "../../db";
import type { Executor } from "../../db/unit-of-work";
import type { QueueKind } from "./label-values";
import type { RoutingRules } from "./routing";

export interface NewItem {
  interactionId: string | null;
  payload: object;
  reason: string;
  externalId?: string | null;
  priority?: number;
  isGold?: boolean;
  goldChoice?: string | null;
  judgeChoice?: string | null;
  judgeStatus?: string | null;
  judgeConfidence?: number | null;
  judgeRaw?: string | null;
}

export interface QueueRow {
  id: string;
  name: string;
  description: string | null;
  kind: QueueKind;
  rubricVersionId: string | null;
  overlap: number;
  goldRate: number;
  priority: number;
  showSignals: boolean;
  source: string;
  routing: RoutingRules | null;
  createdAt: Date;
  assigneeIds: string[];
}

const queueSelect = {
  id: true,
  name: true,
  description: true,
  kind: true,
  rubricVersionId: true,
  overlap: true,
  goldRate: true,
  priority: true,
  showSignals: true,
  source: true,
  routing: true,
  createdAt: true,
  assignees: { select: { userId: true } },
} as const;

type QueueRecord = {
  [K in keyof Omit<typeof queueSelect, "assignees">]: unknown;
} & { assignees: Array<{ userId: string }> };

const toQueue = ({ assignees, ...q }: QueueRecord): QueueRow =>
  ({ ...q, assigneeIds: assignees.map((a) => a.userId) }) as QueueRow;

export interface NewQueue {
  name: string;
  description?: string;
  kind: QueueKind;
  rubricVersionId?: string | null;
  overlap: number;
  goldRate: number;
  priority?: number;
  showSignals?: boolean;
  source: string;
  routing?: RoutingRules | null;
  assigneeIds?: string[];
}

export function createQueuesRepo(db: Db) {
  const pool = () => sqlDb(db);

  return {
    /** Those of these users who are members of the project. */
    async members(tx: Executor, projectId: string, userIds: string[]) {
      const rows = await tx.membership.findMany({
        where: { projectId, userId: { in: userIds } },
        select: { userId: true },
      });
      return rows.map((r) => r.userId);
    },

    async replaceAssignees(tx: Executor, projectId: string, queueId: string, userIds: string[]) {
      await tx.labelQueueAssignee.deleteMany({ where: { queueId, userId: { notIn: userIds } } });
      await tx.labelQueueAssignee.createMany({
        data: userIds.map((userId) => ({ queueId, userId, projectId })),
        skipDuplicates: true,
      });
    },

    hasQueueNamed: async (tx: Executor, projectId: string, name: string) =>
      (await tx.labelQueue.findFirst({ where: { projectId, name }, select: { id: true } })) !== null,

    async insertQueue(tx: Executor, projectId: string, q: NewQueue, actorId: string | null): Promise<string> {
      const queue = await tx.labelQueue.create({
        data: {
          projectId,
          name: q.name,
          description: q.description ?? null,
          kind: q.kind,
          rubricVersionId: q.rubricVersionId ?? null,
          overlap: q.overlap,
          goldRate: q.goldRate,
          priority: q.priority ?? 0,
          showSignals: q.showSignals ?? true,
          source: q.source,
          ...(q.routing ? { routing: { ...q.routing } } : {}),
          createdById: actorId,
        },
        select: { id: true },
      });
      return queue.id;
    },

    /** False when the queue is not the project's. */
    async updateQueue(tx: Executor, projectId: string, queueId: string, fields: Record<string, unknown>) {
      const found = await tx.labelQueue.updateMany({ where: { id: queueId, projectId }, data: fields });
      return found.count === 1;
    },

    async queue(projectId: string, queueId: string): Promise<QueueRow | null> {
      const q = await db.labelQueue.findFirst({ where: { id: queueId, projectId }, select: queueSelect });
      return q ? toQueue(q as QueueRecord) : null;
    },

    async queues(projectId: string): Promise<QueueRow[]> {
      const rows = await db.labelQueue.findMany({
        where: { projectId },
        orderBy: [{ priority: "desc" }, { createdAt: "desc" }],
        select: queueSelect,
      });
      return rows.map((q) => toQueue(q as QueueRecord));
    },

    /** Per queue: items by status, labels, and this user's labels and skips. */
    async queueCounts(projectId: string, userId: string) {
      const { rows } = await sql<{
        queueId: string;
        items: number;
        open: number;
        complete: number;
        needsAdjudication: number;
        adjudicated: number;
        gold: number;
        labels: number;
        mine: number;
      }>`SELECT i.queue_id, count(*)::int AS items,
                count(*) FILTER (WHERE i.status = 'open' AND NOT i.is_gold)::int AS open,
                count(*) FILTER (WHERE i.status = 'complete')::int AS complete,
                count(*) FILTER (WHERE i.status = 'needs_adjudication')::int AS needs_adjudication,
                count(*) FILTER (WHERE i.status = 'adjudicated')::int AS adjudicated,
                count(*) FILTER (WHERE i.is_gold)::int AS gold,
                coalesce(sum(i.label_count), 0)::int AS labels,
                (SELECT count(*)::int FROM labels l WHERE l.queue_id = i.queue_id AND l.labeler_key = ${userId}) AS mine
         FROM label_items i WHERE i.project_id = ${projectId} GROUP BY i.queue_id`.execute(pool());
      return new Map(rows.map((r) => [r.queueId, r]));
    },

    async isAssignee(queueId: string, userId: string) {
      return (await db.labelQueueAssignee.count({ where: { queueId, userId } })) > 0;
    },

    /** Adds items; an interaction already in the queue is left alone. Returns how many were added. */
    async addItems(projectId: string, queueId: string, items: NewItem[]): Promise<number> {
      if (items.length === 0) return 0;
      let added = 0;
      // Chunks keep each statement's parameter count well under PostgreSQL's limit.
      for (let start = 0; start < items.length; start += 500) {
        const chunk = items.slice(start, start + 500);
        const result =
          await sql`INSERT INTO label_items (id, project_id, queue_id, interaction_id, payload, reason, external_id, priority,
             is_gold, gold_choice, judge_choice, judge_status, judge_confidence, judge_raw, created_at)
           SELECT x.id, ${projectId}, ${queueId}, x.interaction_id, x.payload, x.reason, x.external_id, x.priority, x.is_gold,
                  x.gold_choice, x.judge_choice, x.judge_status, x.judge_confidence, x.judge_raw,
                  now() AT TIME ZONE 'UTC' + (x.ord * interval '1 microsecond')
           FROM jsonb_to_recordset(${JSON.stringify(
             chunk.map((it, i) => ({
               id: randomUUID(),
               interaction_id: it.interactionId,
               payload: it.payload,
               reason: it.reason,
               external_id: it.externalId ?? null,
               priority: it.priority ?? 0,
               is_gold: it.isGold ?? false,
               gold_choice: it.goldChoice ?? null,
               judge_choice: it.judgeChoice ?? null,
               judge_status: it.judgeStatus ?? null,
               judge_confidence: it.judgeConfidence ?? null,
               judge_raw: it.judgeRaw ?? null,
               ord: start + i,
             })),
           )}::jsonb) AS x(id text, interaction_id text, payload jsonb, reason text,
             external_id text, priority int, is_gold boolean, gold_choice text, judge_choice text, judge_status text,
             judge_confidence double precision, judge_raw text, ord int)
           ON CONFLICT (queue_id, interaction_id) DO NOTHING`.execute(pool());
        added += Number(result.numAffectedRows ?? 0);
      }
      return added;
    },

    /** Imported labels of an imported queue's items (matched by external id), in one statement per chunk. */
    async addImportedLabels(
      projectId: string,
      queueId: string,
      labels: Array<{ externalId: string; annotator: string; choice: string; category?: string; rationale?: string }>,
      rubricVersionId: string | null,
    ) {
      for (let start = 0; start < labels.length; start += 2000) {
        await sql`INSERT INTO labels (id, project_id, queue_id, item_id, labeler_id, labeler_key, labeler_name, rubric_version_id,
                               choice, category, rationale, created_at)
           SELECT md5(random()::text || clock_timestamp()::text || x.ord), ${projectId}, ${queueId}, i.id, NULL,
                  'import:' || x.annotator, x.annotator, ${rubricVersionId}, x.choice, x.category, x.rationale, now() AT TIME ZONE 'UTC'
           FROM jsonb_to_recordset(${JSON.stringify(
             labels.slice(start, start + 2000).map((l, i) => ({
               external_id: l.externalId,
               annotator: l.annotator,
               choice: l.choice,
               category: l.category ?? null,
               rationale: l.rationale ?? null,
               ord: start + i,
             })),
           )}::jsonb) AS x(external_id text, annotator text, choice text, category text,
             rationale text, ord int)
           JOIN label_items i ON i.queue_id = ${queueId} AND i.external_id = x.external_id`.execute(pool());
      }
      await sql`UPDATE label_items i SET label_count = c.n FROM (SELECT item_id, count(*)::int AS n FROM labels
           WHERE queue_id = ${queueId} GROUP BY item_id) c WHERE i.id = c.item_id`.execute(pool());
    },

    /** Items of a queue with their labels, newest first (for ML leads: labels are visible here). */
    async listItems(projectId: string, queueId: string, status: string | undefined, limit: number, offset: number) {
      const where = { projectId, queueId, ...(status ? { status } : {}) };
      const [items, total] = await Promise.all([
        db.labelItem.findMany({
          where,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: limit,
          skip: offset,
          select: {
            id: true,
            interactionId: true,
            payload: true,
            reason: true,
            externalId: true,
            isGold: true,
            goldChoice: true,
            judgeChoice: true,
            judgeStatus: true,
            judgeConfidence: true,
            status: true,
            labelCount: true,
            consensus: true,
            adjudicationNote: true,
            createdAt: true,
            labels: {
              orderBy: { createdAt: "asc" },
              select: {
                labelerKey: true,
                labelerName: true,
                choice: true,
                category: true,
                rationale: true,
                createdAt: true,
                labeler: { select: { name: true, email: true } },
              },
            },
          },
        }),
        db.labelItem.count({ where }),
      ]);
      return { items, total };
    },

    async item(projectId: string, itemId: string) {
      return db.labelItem.findFirst({
        where: { id: itemId, projectId },
        select: {
          id: true,
          queueId: true,
          interactionId: true,
          payload: true,
          reason: true,
          isGold: true,
          status: true,
          labelCount: true,
          createdAt: true,
        },
      });
    },

    /** False when the item is not the project's. */
    async setGold(tx: Executor, projectId: string, itemId: string, goldChoice: string | null) {
      const found = await tx.labelItem.updateMany({
        where: { id: itemId, projectId },
        data: { isGold: goldChoice !== null, goldChoice },
      });
      return found.count === 1;
    },

    /** Deletes a queue created by a failed import (nothing half-imported stays). */
    async deleteQueue(projectId: string, queueId: string) {
      await db.labelQueue.deleteMany({ where: { id: queueId, projectId } });
    },

    async memberNames(projectId: string) {
      const rows = await db.membership.findMany({
        where: { projectId },
        select: { role: true, user: { select: { id: true, name: true, email: true } } },
      });
      return rows.map((m) => ({ id: m.user.id, name: m.user.name ?? m.user.email, email: m.user.email, role: m.role }));
    },
  };
}

export type QueuesRepo = ReturnType<typeof createQueuesRepo>;
