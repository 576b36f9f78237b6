// The audited writes that change what serves production: a switch (promotion or rollback) and a rejection, each
// with its audit record in one unit of work, so neither commits without the other.
import type { UnitOfWork } from "../../db/unit-of-work";
import { unchanged } from "../../errors";
import type { AuditRepo } from "../audit/audit.repo";
import type { ShadowRepo } from "./shadow.repo";

export function createProductionChanges({
  repo,
  audit,
  uow,
}: {
  repo: Pick<ShadowRepo, "switchProduction" | "retireCandidate" | "hasVersion">;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  return {
    switchProduction: (input: Parameters<ShadowRepo["switchProduction"]>[1]) =>
      uow(async (tx) => {
        const result = await repo.switchProduction(tx, input);
        await audit.insert(tx, {
          projectId: input.projectId,
          actorId: input.actorId,
          action: input.action === "promote" ? "model.promote" : "model.rollback",
          targetType: "model_version",
          targetId: input.toId,
          detail: {
            from: result.fromId,
            reason: input.reason,
            incidentId: result.incidentId,
            gates: input.gates,
          } as never,
        });
        return result;
      }),

    /** Retires a candidate with its audit row; `actorId` null: the system, under an automatic policy. */
    reject: (projectId: string, candidateId: string, actorId: string | null, reason: string, numbers?: object) =>
      uow(async (tx) => {
        if (!(await repo.retireCandidate(tx, projectId, candidateId))) {
          throw unchanged(
            await repo.hasVersion(tx, projectId, candidateId),
            "Model version",
            "Only a candidate or shadow version can be rejected",
          );
        }
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "candidate.reject",
          targetType: "model_version",
          targetId: candidateId,
          detail: { reason, ...(numbers ? { evidence: numbers } : {}) } as never,
        });
      }),
  };
}
