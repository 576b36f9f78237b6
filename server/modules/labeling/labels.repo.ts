// The labeler-facing writes' queries: locking an item, finding the next one, labels, holds, skips and
// consensus. The claim, label, skip, undo and adjudication rules and their transactions are the labeling service's
// (labeling-work.ts); each runs on the locked item row, so concurrent labelers never push an item past k labels.
import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { utcParam } from "../../db/sql";
import { sqlDb, type Db } from "../../db";
import { sqlFor, type Executor } from "../../db/unit-of-work";
import { settledState } from "./consensus";
import { nominalOf, type QueueKind } from "./label-values";

export interface LockedItem {
  id: string;
  projectId: string;
  queueId: string;
  interactionId: string | null;
  status: string;
  labelCount: number;
  isGold: boolean;
  overlap: number;
  kind: QueueKind;
  rubricVersionId: string | null;
  labeledByMe: boolean;
  skippedByMe: boolean;
  otherHolds: number;
}

/** Item `i` is neither labeled nor skipped by this labeler. */
const notMine = (
  labelerId: string,
) => sql`NOT EXISTS (SELECT 1 FROM labels l WHERE l.item_id = i.id AND l.labeler_key = ${labelerId})
  AND NOT EXISTS (SELECT 1 FROM label_skips s WHERE s.item_id = i.id AND s.labeler_id = ${labelerId})`;

export function createLabelsRepo(db: Db) {
  const pool = () => sqlDb(db);

  return {
    /**
     * Locks an item row, then reads its slots. Two statements on purpose: under READ COMMITTED a statement that
     * waited for the row lock still reads other tables (labels, holds) as of its start, so the counts come after it.
     */
    async lockItem(tx: Executor, projectId: string, itemId: string, labelerId: string, now: string) {
      const client = sqlFor(tx);
      await sql`SELECT 1 AS locked FROM label_items WHERE id = ${itemId} AND project_id = ${projectId} FOR UPDATE`.execute(
        client,
      );
      const { rows } =
        await sql<LockedItem>`SELECT i.id, i.project_id, i.queue_id, i.interaction_id, i.status, i.label_count, i.is_gold, q.overlap, q.kind,
                q.rubric_version_id,
                EXISTS (SELECT 1 FROM labels l WHERE l.item_id = i.id AND l.labeler_key = ${labelerId}) AS labeled_by_me,
                EXISTS (SELECT 1 FROM label_skips s WHERE s.item_id = i.id AND s.labeler_id = ${labelerId}) AS skipped_by_me,
                (SELECT count(*)::int FROM label_holds h
                   WHERE h.item_id = i.id AND h.labeler_id <> ${labelerId} AND h.expires_at > ${utcParam(now)}) AS other_holds
         FROM label_items i JOIN label_queues q ON q.id = i.queue_id
         WHERE i.id = ${itemId} AND i.project_id = ${projectId}`.execute(client);
      return rows[0] ?? null;
    },

    /** The labeler's own unexpired hold in the queue (a reload resumes it). */
    async heldItem(tx: Executor, queueId: string, labelerId: string, now: string) {
      const { rows } = await sql<{ id: string }>`SELECT i.id FROM label_holds h JOIN label_items i ON i.id = h.item_id
         WHERE h.labeler_id = ${labelerId} AND i.queue_id = ${queueId} AND h.expires_at > ${utcParam(now)} AND ${notMine(labelerId)}
         ORDER BY h.expires_at LIMIT 1`.execute(sqlFor(tx));
      return rows[0]?.id ?? null;
    },

    /** The first gold item this labeler has not answered. */
    async goldItem(tx: Executor, queueId: string, labelerId: string) {
      const { rows } = await sql<{
        id: string;
      }>`SELECT i.id FROM label_items i WHERE i.queue_id = ${queueId} AND i.is_gold AND ${notMine(labelerId)}
         ORDER BY i.created_at, i.id LIMIT 1`.execute(sqlFor(tx));
      return rows[0]?.id ?? null;
    },

    /** The open item closest to k labels with a free slot, locked (skipping rows others hold), not among `passed`. */
    async openCandidate(tx: Executor, queueId: string, labelerId: string, now: string, passed: string[]) {
      const { rows } = await sql<{ id: string }>`SELECT i.id FROM label_items i JOIN label_queues q ON q.id = i.queue_id
         WHERE i.queue_id = ${queueId} AND i.status = 'open' AND NOT i.is_gold AND ${notMine(labelerId)} AND NOT (i.id = ANY(${passed}))
           AND i.label_count + (SELECT count(*) FROM label_holds h
                 WHERE h.item_id = i.id AND h.labeler_id <> ${labelerId} AND h.expires_at > ${utcParam(now)}) < q.overlap
         ORDER BY i.label_count DESC, i.priority DESC, i.created_at, i.id
         LIMIT 1 FOR UPDATE OF i SKIP LOCKED`.execute(sqlFor(tx));
      return rows[0]?.id ?? null;
    },

    async hold(tx: Executor, projectId: string, itemId: string, labelerId: string, until: string) {
      await sql`INSERT INTO label_holds (item_id, labeler_id, project_id, expires_at) VALUES (${itemId}, ${labelerId}, ${projectId}, ${utcParam(until)})
         ON CONFLICT (item_id, labeler_id) DO UPDATE SET expires_at = EXCLUDED.expires_at RETURNING item_id`.execute(
        sqlFor(tx),
      );
    },

    async releaseHold(tx: Executor, itemId: string, labelerId: string) {
      await tx.labelHold.deleteMany({ where: { itemId, labelerId } });
    },

    async insertLabel(
      tx: Executor,
      item: LockedItem,
      label: {
        labelerId: string;
        choice: string;
        category: string | null;
        rationale: string | null;
        durationMs: number | null;
        now: string;
      },
    ) {
      await sql`INSERT INTO labels (id, project_id, queue_id, item_id, labeler_id, labeler_key, rubric_version_id, choice,
                             category, rationale, duration_ms, created_at)
         VALUES (${randomUUID()}, ${item.projectId}, ${item.queueId}, ${item.id}, ${label.labelerId}, ${label.labelerId}, ${item.rubricVersionId}, ${label.choice}, ${label.category}, ${label.rationale}, ${label.durationMs}, ${utcParam(label.now)}) RETURNING id`.execute(
        sqlFor(tx),
      );
    },

    /** The item's labels, as the consensus rule reads them. */
    votes: (tx: Executor, itemId: string) =>
      tx.label.findMany({ where: { itemId }, select: { choice: true, category: true } }),

    async setSettled(tx: Executor, itemId: string, status: string, consensus: object | null, labelCount: number) {
      await sql`UPDATE label_items SET status = ${status}, consensus = ${consensus === null ? null : JSON.stringify(consensus)}, label_count = ${labelCount} WHERE id = ${itemId} RETURNING id`.execute(
        sqlFor(tx),
      );
    },

    async skip(tx: Executor, projectId: string, itemId: string, labelerId: string, reason: string, now: string) {
      await sql`INSERT INTO label_skips (item_id, labeler_id, project_id, reason, created_at)
         VALUES (${itemId}, ${labelerId}, ${projectId}, ${reason}, ${utcParam(now)})
         ON CONFLICT (item_id, labeler_id) DO UPDATE SET reason = EXCLUDED.reason RETURNING item_id`.execute(
        sqlFor(tx),
      );
    },

    /** The labeler's most recent label in a queue on an item that is not adjudicated. */
    async lastLabel(tx: Executor, projectId: string, queueId: string, labelerId: string) {
      const { rows } = await sql<{
        id: string;
        itemId: string;
      }>`SELECT l.id, l.item_id FROM labels l JOIN label_items i ON i.id = l.item_id
         WHERE l.project_id = ${projectId} AND l.queue_id = ${queueId} AND l.labeler_id = ${labelerId} AND i.status <> 'adjudicated'
         ORDER BY l.created_at DESC, l.id DESC LIMIT 1`.execute(sqlFor(tx));
      return rows[0] ?? null;
    },

    async deleteLabel(tx: Executor, labelId: string) {
      await tx.label.delete({ where: { id: labelId }, select: { id: true } });
    },

    async markAdjudicated(
      tx: Executor,
      itemId: string,
      consensus: object,
      actorId: string,
      now: string,
      note: string | null,
    ) {
      await sql`UPDATE label_items SET status = 'adjudicated', consensus = ${JSON.stringify(consensus)}, adjudicated_by_id = ${actorId},
           adjudicated_at = ${utcParam(now)}, adjudication_note = ${note} WHERE id = ${itemId} RETURNING id`.execute(
        sqlFor(tx),
      );
    },

    /** How a labeler did on a gold item: their nominal label against the known answer. */
    async goldResult(itemId: string, labelerId: string) {
      const { rows } = await sql<{
        kind: QueueKind;
        choice: string;
        category: string | null;
        gold: string;
      }>`SELECT q.kind, l.choice, l.category, i.gold_choice AS gold FROM labels l
         JOIN label_items i ON i.id = l.item_id JOIN label_queues q ON q.id = i.queue_id
         WHERE l.item_id = ${itemId} AND l.labeler_key = ${labelerId} AND i.gold_choice IS NOT NULL`.execute(pool());
      const r = rows[0];
      if (!r) return null;
      const given = nominalOf(r.kind, r.choice, r.category);
      return { correct: given === r.gold, answer: r.gold, given };
    },

    /** Consensus for every item of a queue at once (after an import), with the same majority rule as a label. */
    async settleAll(queueId: string) {
      const { rows } = await sql<{
        itemId: string;
        kind: QueueKind;
        overlap: number;
        choice: string;
        category: string | null;
      }>`SELECT l.item_id, q.kind, q.overlap, l.choice, l.category
         FROM labels l JOIN label_items i ON i.id = l.item_id JOIN label_queues q ON q.id = i.queue_id
         WHERE l.queue_id = ${queueId} AND NOT i.is_gold`.execute(pool());
      const byItem = new Map<string, { overlap: number; nominal: string[] }>();
      for (const r of rows) {
        const entry = byItem.get(r.itemId) ?? { overlap: r.overlap, nominal: [] };
        entry.nominal.push(nominalOf(r.kind, r.choice, r.category));
        byItem.set(r.itemId, entry);
      }
      const updates = [...byItem]
        .filter(([, e]) => e.nominal.length >= e.overlap)
        .map(([id, e]) => ({ id, ...settledState(e.nominal, e.overlap) }));
      if (updates.length === 0) return;
      await sql`UPDATE label_items i SET status = x.status, consensus = x.consensus
         FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id text, status text, consensus jsonb) WHERE i.id = x.id`.execute(
        pool(),
      );
    },

    /** Labels this labeler has given (for the gold cadence) and on gold items. */
    async labelerCounts(queueId: string, labelerId: string) {
      const { rows } = await sql<{
        given: number;
        gold: number;
      }>`SELECT count(*)::int AS given, count(*) FILTER (WHERE i.is_gold)::int AS gold
         FROM labels l JOIN label_items i ON i.id = l.item_id WHERE l.queue_id = ${queueId} AND l.labeler_key = ${labelerId}`.execute(
        pool(),
      );
      return rows[0] ?? { given: 0, gold: 0 };
    },
  };
}

export type LabelsRepo = ReturnType<typeof createLabelsRepo>;
