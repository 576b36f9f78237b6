// The labeler-facing writes' queries: locking an item, finding the next one, labels, holds, skips and
// consensus. The claim, label, skip, undo and adjudication rules and their transactions are the labeling service's
// (labeling-work.ts); each runs on the locked item row, so concurrent labelers never push an item past k labels.
import { randomUUID } from "node:crypto";
import { utcParam } from "../../db/sql";
import { pgPool, type Db } from "../../db";
import { sql, type Executor } from "../../db/unit-of-work";
import { settledState } from "./consensus";
import { nominalOf, type QueueKind } from "./label-values";

export interface LockedItem {
  id: string;
  project_id: string;
  queue_id: string;
  interaction_id: string | null;
  status: string;
  label_count: number;
  is_gold: boolean;
  overlap: number;
  kind: QueueKind;
  rubric_version_id: string | null;
  labeled_by_me: boolean;
  skipped_by_me: boolean;
  other_holds: number;
}

/** Not labeled nor skipped by this labeler ($2). */
const notMine = `NOT EXISTS (SELECT 1 FROM labels l WHERE l.item_id = i.id AND l.labeler_key = $2)
  AND NOT EXISTS (SELECT 1 FROM label_skips s WHERE s.item_id = i.id AND s.labeler_id = $2)`;

export function createLabelsRepo(db: Db) {
  const pool = () => pgPool(db);

  return {
    /**
     * Locks an item row, then reads its slots. Two statements on purpose: under READ COMMITTED a statement that
     * waited for the row lock still reads other tables (labels, holds) as of its start, so the counts come after it.
     */
    async lockItem(tx: Executor, projectId: string, itemId: string, labelerId: string, now: string) {
      const client = sql(tx);
      await client.query("SELECT 1 AS locked FROM label_items WHERE id = $1 AND project_id = $2 FOR UPDATE", [
        itemId,
        projectId,
      ]);
      const { rows } = await client.query<LockedItem>(
        `SELECT i.id, i.project_id, i.queue_id, i.interaction_id, i.status, i.label_count, i.is_gold, q.overlap, q.kind,
                q.rubric_version_id,
                EXISTS (SELECT 1 FROM labels l WHERE l.item_id = i.id AND l.labeler_key = $3) AS labeled_by_me,
                EXISTS (SELECT 1 FROM label_skips s WHERE s.item_id = i.id AND s.labeler_id = $3) AS skipped_by_me,
                (SELECT count(*)::int FROM label_holds h
                   WHERE h.item_id = i.id AND h.labeler_id <> $3 AND h.expires_at > ${utcParam("$4")}) AS other_holds
         FROM label_items i JOIN label_queues q ON q.id = i.queue_id
         WHERE i.id = $2 AND i.project_id = $1`,
        [projectId, itemId, labelerId, now],
      );
      return rows[0] ?? null;
    },

    /** The labeler's own unexpired hold in the queue (a reload resumes it). */
    async heldItem(tx: Executor, queueId: string, labelerId: string, now: string) {
      const { rows } = await sql(tx).query<{ id: string }>(
        `SELECT i.id FROM label_holds h JOIN label_items i ON i.id = h.item_id
         WHERE h.labeler_id = $2 AND i.queue_id = $1 AND h.expires_at > ${utcParam("$3")} AND ${notMine}
         ORDER BY h.expires_at LIMIT 1`,
        [queueId, labelerId, now],
      );
      return rows[0]?.id ?? null;
    },

    /** The first gold item this labeler has not answered. */
    async goldItem(tx: Executor, queueId: string, labelerId: string) {
      const { rows } = await sql(tx).query<{ id: string }>(
        `SELECT i.id FROM label_items i WHERE i.queue_id = $1 AND i.is_gold AND ${notMine}
         ORDER BY i.created_at, i.id LIMIT 1`,
        [queueId, labelerId],
      );
      return rows[0]?.id ?? null;
    },

    /** The open item closest to k labels with a free slot, locked (skipping rows others hold), not among `passed`. */
    async openCandidate(tx: Executor, queueId: string, labelerId: string, now: string, passed: string[]) {
      const { rows } = await sql(tx).query<{ id: string }>(
        `SELECT i.id FROM label_items i JOIN label_queues q ON q.id = i.queue_id
         WHERE i.queue_id = $1 AND i.status = 'open' AND NOT i.is_gold AND ${notMine} AND NOT (i.id = ANY($4))
           AND i.label_count + (SELECT count(*) FROM label_holds h
                 WHERE h.item_id = i.id AND h.labeler_id <> $2 AND h.expires_at > ${utcParam("$3")}) < q.overlap
         ORDER BY i.label_count DESC, i.priority DESC, i.created_at, i.id
         LIMIT 1 FOR UPDATE OF i SKIP LOCKED`,
        [queueId, labelerId, now, passed],
      );
      return rows[0]?.id ?? null;
    },

    async hold(tx: Executor, projectId: string, itemId: string, labelerId: string, until: string) {
      await sql(tx).query(
        `INSERT INTO label_holds (item_id, labeler_id, project_id, expires_at) VALUES ($1, $2, $3, ${utcParam("$4")})
         ON CONFLICT (item_id, labeler_id) DO UPDATE SET expires_at = EXCLUDED.expires_at RETURNING item_id`,
        [itemId, labelerId, projectId, until],
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
      await sql(tx).query(
        `INSERT INTO labels (id, project_id, queue_id, item_id, labeler_id, labeler_key, rubric_version_id, choice,
                             category, rationale, duration_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, ${utcParam("$11")}) RETURNING id`,
        [
          randomUUID(),
          item.project_id,
          item.queue_id,
          item.id,
          label.labelerId,
          item.rubric_version_id,
          label.choice,
          label.category,
          label.rationale,
          label.durationMs,
          label.now,
        ],
      );
    },

    /** The item's labels, as the consensus rule reads them. */
    votes: (tx: Executor, itemId: string) =>
      tx.label.findMany({ where: { itemId }, select: { choice: true, category: true } }),

    async setSettled(tx: Executor, itemId: string, status: string, consensus: object | null, labelCount: number) {
      await sql(tx).query(
        "UPDATE label_items SET status = $2, consensus = $3, label_count = $4 WHERE id = $1 RETURNING id",
        [itemId, status, consensus === null ? null : JSON.stringify(consensus), labelCount],
      );
    },

    async skip(tx: Executor, projectId: string, itemId: string, labelerId: string, reason: string, now: string) {
      await sql(tx).query(
        `INSERT INTO label_skips (item_id, labeler_id, project_id, reason, created_at)
         VALUES ($1, $2, $3, $4, ${utcParam("$5")})
         ON CONFLICT (item_id, labeler_id) DO UPDATE SET reason = EXCLUDED.reason RETURNING item_id`,
        [itemId, labelerId, projectId, reason, now],
      );
    },

    /** The labeler's most recent label in a queue on an item that is not adjudicated. */
    async lastLabel(tx: Executor, projectId: string, queueId: string, labelerId: string) {
      const { rows } = await sql(tx).query<{ id: string; item_id: string }>(
        `SELECT l.id, l.item_id FROM labels l JOIN label_items i ON i.id = l.item_id
         WHERE l.project_id = $1 AND l.queue_id = $2 AND l.labeler_id = $3 AND i.status <> 'adjudicated'
         ORDER BY l.created_at DESC, l.id DESC LIMIT 1`,
        [projectId, queueId, labelerId],
      );
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
      await sql(tx).query(
        `UPDATE label_items SET status = 'adjudicated', consensus = $2, adjudicated_by_id = $3,
           adjudicated_at = ${utcParam("$4")}, adjudication_note = $5 WHERE id = $1 RETURNING id`,
        [itemId, JSON.stringify(consensus), actorId, now, note],
      );
    },

    /** How a labeler did on a gold item: their nominal label against the known answer. */
    async goldResult(itemId: string, labelerId: string) {
      const { rows } = await pool().query<{ kind: QueueKind; choice: string; category: string | null; gold: string }>(
        `SELECT q.kind, l.choice, l.category, i.gold_choice AS gold FROM labels l
         JOIN label_items i ON i.id = l.item_id JOIN label_queues q ON q.id = i.queue_id
         WHERE l.item_id = $1 AND l.labeler_key = $2 AND i.gold_choice IS NOT NULL`,
        [itemId, labelerId],
      );
      const r = rows[0];
      if (!r) return null;
      const given = nominalOf(r.kind, r.choice, r.category);
      return { correct: given === r.gold, answer: r.gold, given };
    },

    /** Consensus for every item of a queue at once (after an import), with the same majority rule as a label. */
    async settleAll(queueId: string) {
      const { rows } = await pool().query<{
        item_id: string;
        kind: QueueKind;
        overlap: number;
        choice: string;
        category: string | null;
      }>(
        `SELECT l.item_id, q.kind, q.overlap, l.choice, l.category
         FROM labels l JOIN label_items i ON i.id = l.item_id JOIN label_queues q ON q.id = i.queue_id
         WHERE l.queue_id = $1 AND NOT i.is_gold`,
        [queueId],
      );
      const byItem = new Map<string, { overlap: number; nominal: string[] }>();
      for (const r of rows) {
        const entry = byItem.get(r.item_id) ?? { overlap: r.overlap, nominal: [] };
        entry.nominal.push(nominalOf(r.kind, r.choice, r.category));
        byItem.set(r.item_id, entry);
      }
      const updates = [...byItem]
        .filter(([, e]) => e.nominal.length >= e.overlap)
        .map(([id, e]) => ({ id, ...settledState(e.nominal, e.overlap) }));
      if (updates.length === 0) return;
      await pool().query(
        `UPDATE label_items i SET status = x.status, consensus = x.consensus
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, status text, consensus jsonb) WHERE i.id = x.id`,
        [JSON.stringify(updates)],
      );
    },

    /** Labels this labeler has given (for the gold cadence) and on gold items. */
    async labelerCounts(queueId: string, labelerId: string) {
      const { rows } = await pool().query<{ given: number; gold: number }>(
        `SELECT count(*)::int AS given, count(*) FILTER (WHERE i.is_gold)::int AS gold
         FROM labels l JOIN label_items i ON i.id = l.item_id WHERE l.queue_id = $1 AND l.labeler_key = $2`,
        [queueId, labelerId],
      );
      return rows[0] ?? { given: 0, gold: 0 };
    },
  };
}

export type LabelsRepo = ReturnType<typeof createLabelsRepo>;
