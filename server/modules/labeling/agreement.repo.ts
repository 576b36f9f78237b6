// Reads for the agreement figures: a queue's items (gold, judge verdict, consensus) and its labels.
import { pgPool, type Db } from "../../db";
import { isoUtc } from "../../db/sql";

export function createAgreementRepo(db: Db) {
  const pool = () => pgPool(db);

  return {
    /** The rubric versions a queue's labels were given under, with their label counts (for the version filter). */
    async rubricVersions(projectId: string, queueId: string) {
      const { rows } = await pool().query<{ id: string; version: number; labels: number }>(
        `SELECT rv.id, rv.version, count(*)::int AS labels FROM labels l
         JOIN rubric_versions rv ON rv.id = l.rubric_version_id
         WHERE l.project_id = $1 AND l.queue_id = $2 GROUP BY rv.id, rv.version ORDER BY rv.version`,
        [projectId, queueId],
      );
      return rows;
    },

    /** Items and labels of a queue for the agreement figures (labels optionally of one rubric version). */
    async agreementData(projectId: string, queueId: string, rubricVersionId?: string) {
      const [items, labels] = await Promise.all([
        pool().query<{
          id: string;
          is_gold: boolean;
          gold_choice: string | null;
          judge_choice: string | null;
          judge_status: string | null;
          judge_confidence: number | null;
          consensus: string | null;
        }>(
          `SELECT id, is_gold, gold_choice, judge_choice, judge_status, judge_confidence, consensus->>'label' AS consensus
           FROM label_items WHERE project_id = $1 AND queue_id = $2 ORDER BY created_at, id`,
          [projectId, queueId],
        ),
        pool().query<{
          item_id: string;
          labeler_key: string;
          labeler_id: string | null;
          name: string;
          choice: string;
          category: string | null;
          rationale: string | null;
          created_at: string;
        }>(
          `SELECT l.item_id, l.labeler_key, l.labeler_id, COALESCE(u.name, u.email, l.labeler_name, l.labeler_key) AS name,
                  l.choice, l.category, l.rationale, ${isoUtc("l.created_at")} AS created_at
           FROM labels l LEFT JOIN users u ON u.id = l.labeler_id
           WHERE l.project_id = $1 AND l.queue_id = $2 AND ($3::text IS NULL OR l.rubric_version_id = $3)
           ORDER BY l.created_at, l.id`,
          [projectId, queueId, rubricVersionId ?? null],
        ),
      ]);
      return { items: items.rows, labels: labels.rows };
    },
  };
}

export type AgreementRepo = ReturnType<typeof createAgreementRepo>;
