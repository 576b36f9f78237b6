// The failure-pattern and dataset rows of the authorization matrix (authz-matrix.int.test.ts), with their fixtures.
import { hyperparameters } from "../modules/fine-tunes/fine-tunes.schema";
import type { Fixture, Row } from "./authz-matrix.types";

/** An open incident on a (topic × category) pattern with no data behind it. */
async function freshIncident(fx: Fixture) {
  const topic = await fx.db.topic.create({ data: { projectId: fx.projectId, label: "matrix" } });
  const pattern = await fx.db.failurePattern.create({
    data: { projectId: fx.projectId, topicId: topic.id, category: "incorrect" },
  });
  const now = new Date();
  const incident = await fx.db.incident.create({
    data: {
      projectId: fx.projectId,
      patternId: pattern.id,
      title: "matrix",
      failureAt: now,
      signalAt: now,
      triggeredAt: now,
    },
  });
  return incident.id;
}

/** A new simulated version (the project's first one becomes production, the others candidates). */
async function freshVersion(fx: Fixture) {
  const name = `v-${crypto.randomUUID()}`;
  return (
    await fx.services.deployments.create(
      fx.projectId,
      { provider: "simulated", name, profile: "support-bot-v1" },
      fx.adminId,
    )
  ).id;
}

/** A candidate promoted over production (with an override: it has no shadow evidence), so a rollback has a target. */
async function promotedCandidate(fx: Fixture) {
  await freshVersion(fx);
  const id = await freshVersion(fx);
  await fx.services.shadow.promote(fx.projectId, id, fx.adminId, "matrix");
  return id;
}

async function freshTopic(fx: Fixture) {
  return (await fx.db.topic.create({ data: { projectId: fx.projectId, label: "matrix", centroid: [1, 0] } })).id;
}

async function freshDataset(fx: Fixture) {
  const incidentId = await freshIncident(fx);
  return (
    await fx.services.datasets.buildFromIncident(
      fx.projectId,
      { incidentId, holdoutPercent: 10, excludePii: true },
      fx.adminId,
    )
  ).datasetId;
}

/** A simulated base version and a dataset with rows of both kinds (built directly: no data needed). */
async function fineTuneInput(fx: Fixture) {
  const datasetId = await freshDataset(fx);
  const prompt = [{ role: "user", content: "How long do refunds take?" }];
  await fx.db.datasetExample.createMany({
    data: [
      { projectId: fx.projectId, datasetId, kind: "sft", prompt, chosen: "5 days." },
      { projectId: fx.projectId, datasetId, kind: "dpo", prompt, chosen: "5 days.", rejected: "90 days." },
    ],
  });
  await fx.db.dataset.update({ where: { id: datasetId }, data: { stats: { byKind: { sft: 1, dpo: 1 } } } });
  const base = await fx.services.deployments.create(
    fx.projectId,
    { provider: "simulated", name: `sim-${crypto.randomUUID()}`, profile: "support-bot-v1" },
    fx.adminId,
  );
  return { datasetId, method: "lora_sft" as const, backend: "simulated" as const, baseModelVersionId: base.id };
}

async function freshJob(fx: Fixture) {
  return (
    await fx.services.fineTunes.create(
      fx.projectId,
      { ...(await fineTuneInput(fx)), hyperparameters: hyperparameters.parse({}) },
      fx.adminId,
    )
  ).jobId;
}

export function loopRows(): Record<string, Row> {
  return {
    "fineTunes.list": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "fineTunes.backends": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "fineTunes.create": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, ...(await fineTuneInput(fx)) }),
    },
    "fineTunes.approve": {
      access: { project: "ml_lead" },
      input: async (fx) => {
        const jobId = (
          await fx.services.fineTunes.create(
            fx.projectId,
            { ...(await fineTuneInput(fx)), hyperparameters: hyperparameters.parse({}) },
            null,
            { awaitApproval: true },
          )
        ).jobId;
        return { projectId: fx.projectId, jobId };
      },
    },
    "fineTunes.cancel": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, jobId: await freshJob(fx) }),
    },
    "fineTunes.retry": {
      access: { project: "ml_lead" },
      input: async (fx) => {
        const jobId = await freshJob(fx);
        await fx.services.fineTunes.cancel(fx.projectId, jobId, fx.adminId);
        return { projectId: fx.projectId, jobId };
      },
    },
    "datasets.list": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "datasets.preview": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, datasetId: await freshDataset(fx) }),
    },
    "datasets.build": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, incidentId: await freshIncident(fx) }),
    },
    "datasets.export": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, datasetId: await freshDataset(fx), format: "openai_chat" }),
    },
    "patterns.list": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "patterns.incidents": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "patterns.scanStatus": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "patterns.scanNow": { access: { project: "ml_lead" }, input: (fx) => ({ projectId: fx.projectId }) },
    "patterns.dismiss": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, incidentId: await freshIncident(fx), reason: "matrix" }),
    },
    "shadow.candidates": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "shadow.history": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "shadow.rollbackTo": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "shadow.comparison": {
      access: { project: "viewer" },
      input: async (fx) => ({ projectId: fx.projectId, candidateId: await freshVersion(fx) }),
    },
    "shadow.approve": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, candidateId: await freshVersion(fx), override: "matrix" }),
    },
    "shadow.promote": {
      access: { project: "ml_lead" },
      input: async (fx) => {
        await freshVersion(fx);
        return { projectId: fx.projectId, candidateId: await freshVersion(fx), override: "matrix" };
      },
    },
    "shadow.reject": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, candidateId: await freshVersion(fx), reason: "matrix" }),
    },
    "shadow.rollback": {
      access: { project: "ml_lead" },
      input: async (fx) => {
        await promotedCandidate(fx);
        return { projectId: fx.projectId, reason: "matrix" };
      },
    },
    "latency.overview": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "latency.loopHealth": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "topics.overview": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "topics.backlog": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "topics.reclusterNow": { access: { project: "ml_lead" }, input: (fx) => ({ projectId: fx.projectId }) },
    "topics.rename": {
      access: { project: "admin" },
      input: async (fx) => ({ projectId: fx.projectId, topicId: await freshTopic(fx), label: "Renamed" }),
    },
    "topics.merge": {
      access: { project: "admin" },
      input: async (fx) => ({ projectId: fx.projectId, intoId: await freshTopic(fx), fromIds: [await freshTopic(fx)] }),
    },
  };
}
