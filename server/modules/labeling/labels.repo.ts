// Claims, labels, skips, undo and adjudication: the labeler-facing writes. Each write runs in one transaction on
// the locked item row, so concurrent labelers never push an item past k labels.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { utcParam } from "../../db/sql";
import { inTransaction, pgPool, type Db } from "../../db";
import { DomainError } from "../../errors";
import { insertAudit } from "../audit/audit.repo";
import { canClaim } from "./assignment";
import { majority, settledState } from "./consensus";
import { nominalOf, type QueueKind } from "./label-values";

interface LockedItem {
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

/**
 * Locks an item row, then reads its slots. Two statements on purpose: under READ COMMITTED a statement that waited
 * for the row lock still reads other tables (labels, holds) as of its start, so the counts must come after the lock.
 */
async function lockItem(client: pg.PoolClient, projectId: string, itemId: string, labelerId: string, now: string) {
  await client.query("SELECT 1 FROM label_items WHERE id = $1 AND project_id = $2 FOR UPDATE", [itemId, projectId]);
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
  const item = rows[0];
  if (!item) throw new DomainError("NOT_FOUND", "Item not found");
  return item;
}

const slotOf = (item: LockedItem) => ({
  status: item.status,
  overlap: item.overlap,
  labelCount: item.label_count,
  otherActiveHolds: item.other_holds,
  labeledByMe: item.labeled_by_me,
  skippedByMe: item.skipped_by_me,
  isGold: item.is_gold,
});

/**
 * Recomputes an item's status and consensus from its labels, and keeps its human signal in step: a pointwise
 * item with a consensus gets one `human` signal on its interaction; losing the consensus removes it.
 */
async function settle(client: pg.PoolClient, item: LockedItem, now: string) {
  if (item.is_gold || item.status === "adjudicated") return item.status;
  const { rows } = await client.query<{ choice: string; category: string | null }>(
    "SELECT choice, category FROM labels WHERE item_id = $1",
    [item.id],
  );
  const { status, consensus } = settledState(
    rows.map((r) => nominalOf(item.kind, r.choice, r.category)),
    item.overlap,
  );
  await client.query("UPDATE label_items SET status = $2, consensus = $3, label_count = $4 WHERE id = $1", [
    item.id,
    status,
    consensus === null ? null : JSON.stringify(consensus),
    rows.length,
  ]);
  const label = status === "complete" ? consensus!.label : null;
  await syncHumanSignal(client, item, label, now);
  return status;
}

async function syncHumanSignal(
  client: pg.PoolClient,
  item: Pick<LockedItem, "id" | "project_id" | "interaction_id" | "kind">,
  label: string | null,
  now: string,
) {
  if (!item.interaction_id || item.kind !== "pointwise") return;
  const dedupeKey = `human:${item.id}`;
  if (label === null) {
    await client.query("DELETE FROM signals WHERE project_id = $1 AND dedupe_key = $2", [item.project_id, dedupeKey]);
    return;
  }
  const pass = label === "pass";
  await client.query(
    `INSERT INTO signals (id, project_id, interaction_id, type, polarity, strength, source, evidence, dedupe_key,
                          occurred_at, created_at)
     VALUES ($1, $2, $3, $4, $5::"SignalPolarity", 1, 'human', $6, $7, ${utcParam("$8")}, ${utcParam("$8")})
     ON CONFLICT (project_id, dedupe_key) DO UPDATE
       SET type = EXCLUDED.type, polarity = EXCLUDED.polarity, evidence = EXCLUDED.evidence`,
    [
      randomUUID(),
      item.project_id,
      item.interaction_id,
      pass ? "human_pass" : "human_fail",
      pass ? "positive" : "negative",
      JSON.stringify({ itemId: item.id, queueId: (item as LockedItem).queue_id, label }),
      dedupeKey,
      now,
    ],
  );
}

export function createLabelsRepo(db: Db) {
  const pool = () => pgPool(db);

  return {
    /**
     * The item this labeler should label next in a queue, held for them until `holdUntil`: their own unexpired
     * hold first (a reload resumes it), then a gold item when one is due, then the open item closest to k labels.
     */
    async claim(input: {
      projectId: string;
      queueId: string;
      labelerId: string;
      now: string;
      holdUntil: string;
      goldDue: boolean;
    }): Promise<string | null> {
      return inTransaction(db, async (client) => {
        const args = [input.queueId, input.labelerId, input.now];
        const mine = `NOT EXISTS (SELECT 1 FROM labels l WHERE l.item_id = i.id AND l.labeler_key = $2)
          AND NOT EXISTS (SELECT 1 FROM label_skips s WHERE s.item_id = i.id AND s.labeler_id = $2)`;
        const held = await client.query<{ id: string }>(
          `SELECT i.id FROM label_holds h JOIN label_items i ON i.id = h.item_id
           WHERE h.labeler_id = $2 AND i.queue_id = $1 AND h.expires_at > ${utcParam("$3")} AND ${mine}
           ORDER BY h.expires_at LIMIT 1`,
          args,
        );
        const gold = `SELECT i.id FROM label_items i WHERE i.queue_id = $1 AND i.is_gold AND ${mine}
                      ORDER BY i.created_at, i.id LIMIT 1`;
        const open = `SELECT i.id FROM label_items i JOIN label_queues q ON q.id = i.queue_id
           WHERE i.queue_id = $1 AND i.status = 'open' AND NOT i.is_gold AND ${mine} AND NOT (i.id = ANY($4))
             AND i.label_count + (SELECT count(*) FROM label_holds h
                   WHERE h.item_id = i.id AND h.labeler_id <> $2 AND h.expires_at > ${utcParam("$3")}) < q.overlap
           ORDER BY i.label_count DESC, i.priority DESC, i.created_at, i.id
           LIMIT 1 FOR UPDATE OF i SKIP LOCKED`;
        const goldItem = async () => (await client.query<{ id: string }>(gold, args.slice(0, 2))).rows[0]?.id;
        let id = held.rows[0]?.id;
        if (!id && input.goldDue) id = await goldItem();
        // The row lock does not cover holds committed since this statement's snapshot (they live in another
        // table), so a locked candidate is checked again with a fresh read before it is handed out.
        const passed: string[] = [];
        while (!id && passed.length < 50) {
          const candidate = (await client.query<{ id: string }>(open, [...args, passed])).rows[0]?.id;
          if (!candidate) break;
          const locked = await lockItem(client, input.projectId, candidate, input.labelerId, input.now);
          if (canClaim(slotOf(locked))) id = candidate;
          else passed.push(candidate);
        }
        // A queue of gold items only (e.g. an LLMBar import) still gives work.
        id ??= await goldItem();
        if (!id) return null;
        await client.query(
          `INSERT INTO label_holds (item_id, labeler_id, project_id, expires_at) VALUES ($1, $2, $3, ${utcParam("$4")})
           ON CONFLICT (item_id, labeler_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
          [id, input.labelerId, input.projectId, input.holdUntil],
        );
        return id;
      });
    },

    /** Stores a label if a slot is free on the locked row; returns the item's new status. */
    async submit(input: {
      projectId: string;
      itemId: string;
      labelerId: string;
      choice: string;
      category: string | null;
      rationale: string | null;
      durationMs: number | null;
      now: string;
      validate: (kind: QueueKind) => void;
    }) {
      return inTransaction(db, async (client) => {
        const item = await lockItem(client, input.projectId, input.itemId, input.labelerId, input.now);
        input.validate(item.kind);
        if (item.labeled_by_me) throw new DomainError("CONFLICT", "You have already labeled this item");
        if (!canClaim(slotOf(item))) {
          throw new DomainError("CONFLICT", "This item already has all the labels it needs; take the next one");
        }
        await client.query(
          `INSERT INTO labels (id, project_id, queue_id, item_id, labeler_id, labeler_key, rubric_version_id, choice,
                               category, rationale, duration_ms, created_at)
           VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, ${utcParam("$11")})`,
          [
            randomUUID(),
            input.projectId,
            item.queue_id,
            item.id,
            input.labelerId,
            item.rubric_version_id,
            input.choice,
            input.category,
            input.rationale,
            input.durationMs,
            input.now,
          ],
        );
        await client.query("DELETE FROM label_holds WHERE item_id = $1 AND labeler_id = $2", [
          item.id,
          input.labelerId,
        ]);
        const status = await settle(client, item, input.now);
        return { itemId: item.id, queueId: item.queue_id, status };
      });
    },

    async skip(projectId: string, itemId: string, labelerId: string, reason: string, now: string) {
      return inTransaction(db, async (client) => {
        const item = await lockItem(client, projectId, itemId, labelerId, now);
        await client.query(
          `INSERT INTO label_skips (item_id, labeler_id, project_id, reason, created_at) VALUES ($1, $2, $3, $4, ${utcParam("$5")})
           ON CONFLICT (item_id, labeler_id) DO UPDATE SET reason = EXCLUDED.reason`,
          [item.id, labelerId, projectId, reason, now],
        );
        await client.query("DELETE FROM label_holds WHERE item_id = $1 AND labeler_id = $2", [item.id, labelerId]);
        return { queueId: item.queue_id };
      });
    },

    /**
     * Takes back the labeler's most recent label in a queue (not on an adjudicated item) and holds the item for
     * them again, so the workbench shows it next. Returns the item id, or null when there is nothing to undo.
     */
    async undo(projectId: string, queueId: string, labelerId: string, now: string, holdUntil: string) {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query<{ id: string; item_id: string }>(
          `SELECT l.id, l.item_id FROM labels l JOIN label_items i ON i.id = l.item_id
           WHERE l.project_id = $1 AND l.queue_id = $2 AND l.labeler_id = $3 AND i.status <> 'adjudicated'
           ORDER BY l.created_at DESC, l.id DESC LIMIT 1`,
          [projectId, queueId, labelerId],
        );
        const last = rows[0];
        if (!last) return null;
        const item = await lockItem(client, projectId, last.item_id, labelerId, now);
        await client.query("DELETE FROM labels WHERE id = $1", [last.id]);
        await settle(client, { ...item, status: item.status === "adjudicated" ? "open" : item.status }, now);
        await client.query(
          `INSERT INTO label_holds (item_id, labeler_id, project_id, expires_at) VALUES ($1, $2, $3, ${utcParam("$4")})
           ON CONFLICT (item_id, labeler_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
          [item.id, labelerId, projectId, holdUntil],
        );
        return item.id;
      });
    },

    /** An ML lead's decision on an item: it becomes the consensus, whatever the votes said. */
    async adjudicate(input: {
      projectId: string;
      itemId: string;
      label: string;
      note: string | null;
      actorId: string;
      now: string;
    }) {
      return inTransaction(db, async (client) => {
        const item = await lockItem(client, input.projectId, input.itemId, input.actorId, input.now);
        const { rows } = await client.query<{ choice: string; category: string | null }>(
          "SELECT choice, category FROM labels WHERE item_id = $1",
          [item.id],
        );
        const votes = majority(rows.map((r) => nominalOf(item.kind, r.choice, r.category)));
        await client.query(
          `UPDATE label_items SET status = 'adjudicated', consensus = $2, adjudicated_by_id = $3,
             adjudicated_at = ${utcParam("$4")}, adjudication_note = $5 WHERE id = $1`,
          [
            item.id,
            JSON.stringify({ label: input.label, method: "adjudicated", votes: votes.votes, share: votes.share }),
            input.actorId,
            input.now,
            input.note,
          ],
        );
        await syncHumanSignal(client, item, input.label, input.now);
        return { queueId: item.queue_id, kind: item.kind };
      }).then(async (result) => {
        await insertAudit(db, {
          projectId: input.projectId,
          actorId: input.actorId,
          action: "label.adjudicate",
          targetType: "label_item",
          targetId: input.itemId,
          detail: { label: input.label, ...(input.note ? { note: input.note } : {}) },
        });
        return result;
      });
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
