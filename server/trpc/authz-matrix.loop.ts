// The failure-pattern and dataset rows of the authorization matrix (authz-matrix.int.test.ts), with their fixtures.
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

export function loopRows(): Record<string, Row> {
  return {
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
    "patterns.scanNow": { access: { project: "ml_lead" }, input: (fx) => ({ projectId: fx.projectId }) },
    "patterns.dismiss": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, incidentId: await freshIncident(fx), reason: "matrix" }),
    },
  };
}
