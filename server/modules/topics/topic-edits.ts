// People's edits of topics: a rename, and a merge (queries move, the target's centroid becomes the size-weighted
// mean, the rollups of the hours that changed are rebuilt), each audited in the same unit of work.
import type { SqlUnitOfWork, UnitOfWork } from "../../db/unit-of-work";
import { DomainError } from "../../errors";
import type { AuditRepo } from "../audit/audit.repo";
import type { QualityRepo } from "../quality/quality.repo";
import type { TopicsRepo } from "./topics.repo";

export function createTopicEdits({
  repo,
  quality,
  audit,
  uow,
  sqlUow,
}: {
  repo: TopicsRepo;
  quality: Pick<QualityRepo, "rebuild">;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  sqlUow: SqlUnitOfWork;
}) {
  return {
    async rename(projectId: string, topicId: string, label: string, actorId: string) {
      const to = label.trim();
      await uow(async (tx) => {
        const from = await repo.liveLabel(tx, projectId, topicId);
        if (from === null) throw new DomainError("NOT_FOUND", "Topic not found (merged or deleted).");
        await repo.setLabel(tx, topicId, to);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "topic.rename",
          targetType: "topic",
          targetId: topicId,
          detail: { from, to },
        });
      });
      return { ok: true };
    },

    /** Merges topics into one: their queries move, the target's centroid becomes the size-weighted mean. */
    async merge(projectId: string, fromIds: string[], intoId: string, actorId: string | null) {
      const from = [...new Set(fromIds)].filter((id) => id !== intoId);
      if (from.length === 0) throw new DomainError("BAD_REQUEST", "Pick at least one other topic to merge.");
      const all = await Promise.all([intoId, ...from].map((id) => repo.topic(projectId, id)));
      if (all.some((t) => !t || t.mergedIntoId)) {
        throw new DomainError("NOT_FOUND", "A topic was not found or has been merged already.");
      }
      const live = all.map((t) => t!);
      const dim = live[0]!.centroid.length;
      const weight = (t: (typeof live)[number]) => Math.max(1, t.size);
      const total = live.reduce((a, t) => a + (t.centroid.length === dim ? weight(t) : 0), 0);
      const centroid = new Array<number>(dim).fill(0);
      for (const t of live) {
        if (t.centroid.length !== dim) continue;
        t.centroid.forEach((x, i) => (centroid[i]! += (x * weight(t)) / total));
      }
      const hours = await uow(async (tx) => {
        const changed = await repo.merge(tx, projectId, from, { id: intoId, centroid });
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "topic.merge",
          targetType: "topic",
          targetId: intoId,
          detail: { merged: from, rollupHours: changed.length },
        });
        return changed;
      });
      await sqlUow((trx) => quality.rebuild(trx, projectId, hours));
      return { merged: from.length, rollupHours: hours.length };
    },
  };
}
