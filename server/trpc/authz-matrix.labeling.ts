// The labeling and calibration rows of the authorization matrix (authz-matrix.int.test.ts), with their fixtures.
import type { Fixture, Row } from "./authz-matrix.types";

const JSONL_ITEMS = [1, 2, 3]
  .map((n) => JSON.stringify({ id: `m${n}`, input: `question ${n}`, output: `answer ${n}`, labels: [] }))
  .join("\n");

async function memberIds(fx: Fixture) {
  const users = await fx.db.user.findMany({
    where: { email: { in: ["labeler@matrix.test", "ml_lead@matrix.test", "admin@matrix.test"] } },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

/** A pointwise queue of three imported items that every member from labeler up is assigned to. */
async function freshQueue(fx: Fixture) {
  const imported = await fx.services.labelImport.importLabels(
    fx.projectId,
    { format: "jsonl", content: JSONL_ITEMS, name: `queue-${crypto.randomUUID()}` },
    fx.adminId,
  );
  const assigneeIds = await memberIds(fx);
  await fx.services.labeling.updateQueue(
    fx.projectId,
    { queueId: imported.queueId, assigneeIds, overlap: 3 },
    fx.adminId,
  );
  const { items } = await fx.services.labeling.listItems(fx.projectId, imported.queueId, undefined, 10, 0);
  return { queueId: imported.queueId, itemIds: items.map((i) => i.id), assigneeIds };
}

async function freshSession(fx: Fixture) {
  const q = await freshQueue(fx);
  return fx.services.calibration.create(
    fx.projectId,
    { name: `cal-${crypto.randomUUID()}`, sourceQueueId: q.queueId, itemCount: 2, participantIds: q.assigneeIds },
    fx.adminId,
  );
}

export function labelingRows(): Record<string, Row> {
  return {
    "labeling.queues": { access: { project: "viewer" }, input: (fx) => ({ projectId: fx.projectId }) },
    "labeling.queue": {
      access: { project: "viewer" },
      input: async (fx) => ({ projectId: fx.projectId, queueId: (await freshQueue(fx)).queueId }),
    },
    "labeling.createQueue": {
      access: { project: "ml_lead" },
      input: (fx) => ({
        projectId: fx.projectId,
        name: `q-${crypto.randomUUID()}`,
        kind: "pointwise",
        overlap: 2,
        goldRate: 0.1,
      }),
    },
    "labeling.updateQueue": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, queueId: (await freshQueue(fx)).queueId, overlap: 2 }),
    },
    "labeling.addItems": {
      access: { project: "ml_lead" },
      input: async (fx) => ({
        projectId: fx.projectId,
        queueId: (await freshQueue(fx)).queueId,
        interactionIds: ["none"],
      }),
    },
    "labeling.setGold": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, itemId: (await freshQueue(fx)).itemIds[0], goldChoice: "pass" }),
    },
    "labeling.items": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, queueId: (await freshQueue(fx)).queueId }),
    },
    "labeling.adjudicate": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, itemId: (await freshQueue(fx)).itemIds[0], label: "pass" }),
    },
    "labeling.next": {
      access: { project: "labeler" },
      input: async (fx) => ({ projectId: fx.projectId, queueId: (await freshQueue(fx)).queueId }),
    },
    "labeling.submit": {
      access: { project: "labeler" },
      input: async (fx) => ({ projectId: fx.projectId, itemId: (await freshQueue(fx)).itemIds[0], choice: "4" }),
    },
    "labeling.skip": {
      access: { project: "labeler" },
      input: async (fx) => ({ projectId: fx.projectId, itemId: (await freshQueue(fx)).itemIds[0], reason: "unclear" }),
    },
    "labeling.undo": {
      access: { project: "labeler" },
      input: async (fx) => {
        // Every member who may label has a label to take back.
        const q = await freshQueue(fx);
        const roles = await fx.db.membership.findMany({
          where: { projectId: fx.projectId, userId: { in: q.assigneeIds } },
          select: { userId: true, role: true },
        });
        for (const m of roles) {
          await fx.services.labeling.submit(
            fx.projectId,
            { id: m.userId, role: m.role },
            { itemId: q.itemIds[0]!, choice: "4" },
          );
        }
        return { projectId: fx.projectId, queueId: q.queueId };
      },
    },
    "labeling.agreement": {
      access: { project: "viewer" },
      input: async (fx) => ({ projectId: fx.projectId, queueId: (await freshQueue(fx)).queueId }),
    },
    "labeling.people": { access: { project: "ml_lead" }, input: (fx) => ({ projectId: fx.projectId }) },
    "labeling.importLabels": {
      access: { project: "ml_lead" },
      input: (fx) => ({ projectId: fx.projectId, format: "jsonl", content: JSONL_ITEMS }),
    },
    "calibration.list": { access: { project: "ml_lead" }, input: (fx) => ({ projectId: fx.projectId }) },
    "calibration.get": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, sessionId: (await freshSession(fx)).sessionId }),
    },
    "calibration.create": {
      access: { project: "ml_lead" },
      input: async (fx) => {
        const q = await freshQueue(fx);
        return {
          projectId: fx.projectId,
          name: `cal-${crypto.randomUUID()}`,
          sourceQueueId: q.queueId,
          itemCount: 2,
          participantIds: q.assigneeIds,
        };
      },
    },
    "calibration.startReview": {
      access: { project: "ml_lead" },
      input: async (fx) => ({ projectId: fx.projectId, sessionId: (await freshSession(fx)).sessionId }),
    },
    "calibration.close": {
      access: { project: "ml_lead" },
      input: async (fx) => ({
        projectId: fx.projectId,
        sessionId: (await freshSession(fx)).sessionId,
        rubricNote: "n",
      }),
    },
  };
}
