// Reads for the agreement figures: a queue's items (gold, judge verdict, consensus) and its labels.
import { sql } from "kysely";
import { sqlDb, type Db } from "../../db";
import { isoUtc } from "../../db/sql";

export function createAgreementRepo(db: Db) {
  const pool = () => sqlDb(db);

  return {
    /** The rubric versions a queue's labels were given under, with their label counts (for the version filter). */
    async rubricVersions(projectId: string, queueId: string) {
      const { rows } = await sql<{
        id: string;
        version: number;
        labels: number;
      }>`SELECT rv.id, rv.version, count(*)::int AS labels FROM labels l
         JOIN rubric_versions rv ON rv.id = l.rubric_version_id
         WHERE l.project_id = ${projectId} AND l.queue_id = ${queueId} GROUP BY rv.id, rv.version ORDER BY rv.version`.execute(
        pool(),
      );
      return rows;
    },

    /** Items and labels of a queue for the agreement figures (labels optionally of one rubric version). */
    async agreementData(projectId: string, queueId: string, rubricVersionId?: string) {
      const [items, labels] = await Promise.all([
        sql<{
          id: string;
          isGold: boolean;
          goldChoice: string | null;
          judgeChoice: string | null;
          judgeStatus: string | null;
          judgeConfidence: number | null;
          consensus: string | null;
        }>`SELECT id, is_gold, gold_choice, judge_choice, judge_status, judge_confidence, consensus->>'label' AS consensus
           FROM label_items WHERE project_id = ${projectId} AND queue_id = ${queueId} ORDER BY created_at, id`.execute(
          pool(),
        ),
        sql<{
          itemId: string;
          labelerKey: string;
          labelerId: string | null;
          name: string;
          choice: string;
          category: string | null;
          rationale: string | null;
          createdAt: string;
        }>`SELECT l.item_id, l.labeler_key, l.labeler_id, COALESCE(u.name, u.email, l.labeler_name, l.labeler_key) AS name,
                  l.choice, l.category, l.rationale, ${isoUtc("l.created_at")} AS created_at
           FROM labels l LEFT JOIN users u ON u.id = l.labeler_id
           WHERE l.project_id = ${projectId} AND l.queue_id = ${queueId} AND (${rubricVersionId ?? null}::text IS NULL OR l.rubric_version_id = ${rubricVersionId ?? null})
           ORDER BY l.created_at, l.id`.execute(pool()),
      ]);
      return { items: items.rows, labels: labels.rows };
    },
  };
}

export type AgreementRepo = ReturnType<typeof createAgreementRepo>;
