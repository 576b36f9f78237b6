// Rubrics and judges as people configure them: names unique per project, rubric versions numbered under the
// rubric's lock, a judge's rubric version the project's own, each change with its audit row in one unit of work.
import { seal } from "../../crypto/secret-box";
import type { Executor, UnitOfWork } from "../../db/unit-of-work";
import { DomainError } from "../../errors";
import type { AuditRepo } from "../audit/audit.repo";
import type { CreateJudgeInput, RubricContent } from "./evaluation.schema";
import { refuseUnlessAllowed, type Outbound } from "../../net/outbound";
import type { EvaluationRepo, JudgeChange } from "./evaluation.repo";

export function createEvaluationConfig({
  repo,
  audit,
  uow,
  encryptionKey,
  outbound,
}: {
  repo: EvaluationRepo;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  encryptionKey: string;
  /** The save-time check of a judge's endpoint URL. */
  outbound: Pick<Outbound, "check">;
}) {
  /** A new judge with its audit row; its rubric version must be the project's and its name new. */
  async function insertJudge(projectId: string, input: CreateJudgeInput, actorId: string | null) {
    if (input.provider !== "simulated") await refuseUnlessAllowed(outbound, input.baseUrl);
    const common = {
      projectId,
      name: input.name,
      rubricVersionId: input.rubricVersionId,
      sampleRate: input.sampleRate,
      filters: input.filters,
      actorId,
    };
    const row =
      input.provider === "simulated"
        ? {
            ...common,
            provider: "simulated",
            baseUrl: null,
            model: "simulated-judge",
            encryptedSecret: null,
            options: { noise: input.noise },
          }
        : {
            ...common,
            provider: "openai-compatible",
            baseUrl: input.baseUrl,
            model: input.model,
            encryptedSecret: input.apiKey ? seal(input.apiKey, encryptionKey) : null,
            options: { timeoutSeconds: input.timeoutSeconds },
          };
    return uow(async (tx) => {
      if (!(await repo.hasRubricVersion(tx, projectId, input.rubricVersionId)))
        throw new DomainError("NOT_FOUND", "Rubric version not found");
      if (await repo.hasJudgeNamed(tx, projectId, input.name))
        throw new DomainError("CONFLICT", `A judge named ${input.name} already exists`);
      const judge = await repo.createJudge(tx, row);
      await audit.insert(tx, {
        projectId,
        actorId,
        action: "judge.create",
        targetType: "judge_config",
        targetId: judge.id,
        detail: {
          name: row.name,
          provider: row.provider,
          baseUrl: row.baseUrl,
          model: row.model,
          sampleRate: row.sampleRate,
        },
      });
      return judge;
    });
  }

  /** A rubric's next version with its audit row (the rubric is locked so version numbers never collide). */
  const addVersion = (
    tx: Executor,
    projectId: string,
    rubricId: string,
    content: RubricContent,
    actorId: string | null,
    action: "rubric.create" | "rubric.version",
    detail: { name?: string } = {},
  ) =>
    repo.addRubricVersion(tx, projectId, rubricId, content, actorId).then(async (version) => {
      await audit.insert(tx, {
        projectId,
        actorId,
        action,
        targetType: "rubric",
        targetId: rubricId,
        detail: { ...detail, version: version.version, versionId: version.id },
      });
      return { rubricId, versionId: version.id, version: version.version };
    });

  return {
    insertJudge,
    createRubric: (projectId: string, name: string, content: RubricContent, actorId: string | null) =>
      uow(async (tx) => {
        if (await repo.hasRubricNamed(tx, projectId, name))
          throw new DomainError("CONFLICT", `A rubric named ${name} already exists`);
        const rubric = await repo.createRubric(tx, projectId, name);
        return addVersion(tx, projectId, rubric.id, content, actorId, "rubric.create", { name });
      }),

    newRubricVersion: (projectId: string, rubricId: string, content: RubricContent, actorId: string) =>
      uow(async (tx) => {
        if (!(await repo.lockRubric(tx, projectId, rubricId))) throw new DomainError("NOT_FOUND", "Rubric not found");
        return addVersion(tx, projectId, rubricId, content, actorId, "rubric.version");
      }),

    updateJudge: (projectId: string, judgeConfigId: string, change: JudgeChange, actorId: string) =>
      uow(async (tx) => {
        if (change.rubricVersionId && !(await repo.hasRubricVersion(tx, projectId, change.rubricVersionId)))
          throw new DomainError("NOT_FOUND", "Rubric version not found");
        if (!(await repo.updateJudge(tx, projectId, judgeConfigId, change)))
          throw new DomainError("NOT_FOUND", "Judge not found");
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "judge.update",
          targetType: "judge_config",
          targetId: judgeConfigId,
          detail: { ...change },
        });
      }),
  };
}
