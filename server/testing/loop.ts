// Fixtures for the loop's later stages (patterns, fine-tunes, shadow, latency): a simulated judge, and an incident
// on a (topic × category) pattern with given stage times.
import type { Db } from "../db";
import type { Services } from "../services";

/** A pass/fail rubric and a simulated judge on it that scores everything. */
export async function simulatedJudge(
  services: Services,
  projectId: string,
  adminId: string,
  categories = ["incorrect"],
) {
  const rubric = await services.evaluation.createRubric(
    projectId,
    "Q",
    { criteria: [{ name: "c", description: "d", scale: "pass_fail" }], failureCategories: categories, examples: [] },
    adminId,
  );
  const judge = await services.evaluation.createJudge(
    projectId,
    { provider: "simulated", name: "j", rubricVersionId: rubric.versionId, sampleRate: 1, filters: {}, noise: 0 },
    adminId,
  );
  return { judgeConfigId: judge.id, rubricVersionId: rubric.versionId };
}

/** An incident on a new pattern (on `topicId`, or a new topic); stage times default to now. */
export async function incidentFixture(
  db: Db,
  projectId: string,
  options: {
    title?: string;
    topicId?: string;
    status?: string;
    failureAt?: Date;
    signalAt?: Date;
    triggeredAt?: Date;
    trainedAt?: Date | null;
    deployedAt?: Date | null;
  } = {},
) {
  const now = new Date();
  const topicId = options.topicId ?? (await db.topic.create({ data: { projectId, label: options.title ?? "t" } })).id;
  const pattern = await db.failurePattern.create({
    data: { projectId, topicId, category: "incorrect" },
  });
  return db.incident.create({
    data: {
      projectId,
      patternId: pattern.id,
      title: options.title ?? "incident",
      status: options.status ?? "open",
      failureAt: options.failureAt ?? now,
      signalAt: options.signalAt ?? now,
      triggeredAt: options.triggeredAt ?? now,
      trainedAt: options.trainedAt ?? null,
      deployedAt: options.deployedAt ?? null,
    },
  });
}

/** A succeeded fine-tune of `baseId` on a dataset of the incident that registered `candidateId` (started by `by`). */
export async function trainedFor(
  db: Db,
  projectId: string,
  ids: { incidentId: string; baseId: string; candidateId: string; by?: string },
) {
  const dataset = await db.dataset.create({
    data: { projectId, incidentId: ids.incidentId, name: "d", kind: "sft" },
  });
  return db.fineTuneJob.create({
    data: {
      projectId,
      datasetId: dataset.id,
      incidentId: ids.incidentId,
      method: "lora_sft",
      backend: "simulated",
      baseModelVersionId: ids.baseId,
      status: "succeeded",
      candidateModelVersionId: ids.candidateId,
      createdById: ids.by ?? null,
    },
  });
}
