import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goldDue } from "../modules/labeling/assignment";
import { seededRandom } from "../stats/random";
import { createUser } from "../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../testing/test-db";
import { CREW, LEAD, SMES, setUpCrew, smeAtWork, type CrewOptions } from "./crew";
import { SIMULATED_PROFILES, simulatedAnswer } from "./model";
import { TOPICS, fill } from "./topics";

// The simulated people on a real database, through the services only: they join by invitation, the ML lead sets the
// Demo's automatic policy, and the SMEs label the routed queue without taking what a real person holds, without
// exceeding k, and answering gold items at the queue's cadence.

let database: TestDatabase;
let services: ReturnType<typeof testServices>;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
  const seeded = await services.seed.seedIfEmpty({ adminEmail: "admin@crew.test" });
  projectId = seeded!.projectId!;
});
afterAll(async () => {
  await database.drop();
});

/** World questions answered by the Demo's production model, as processed interactions, routed into the queue. */
async function routedItems(queueId: string, n: number) {
  const random = seededRandom(11);
  const rows = Array.from({ length: n }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length]!;
    const values = Object.fromEntries(Object.entries(topic.slots).map(([k, v]) => [k, v[i % v.length]!]));
    const question = fill(topic.intents[0]!.paraphrases[0]!, values);
    const answer = simulatedAnswer(SIMULATED_PROFILES["support-bot-v1"], question, random).text;
    return {
      id: `ix_${crypto.randomUUID()}`,
      projectId,
      input: [{ role: "user", content: question }],
      output: answer,
      queryText: question,
      startedAt: new Date(Date.now() - 60_000 + i),
      processedAt: new Date(),
    };
  });
  await database.db.interaction.createMany({ data: rows });
  await services.labeling.addItems(projectId, { queueId, interactionIds: rows.map((r) => r.id) });
}

describe("the living world's people", () => {
  it("join by invitation, get the routed queue, and set the automatic policy and alert rules once", async () => {
    const crew = await setUpCrew({ services, projectId });
    const again = await setUpCrew({ services, projectId });
    expect(again.lead.id).toBe(crew.lead.id);
    const members = await services.members.list(projectId);
    for (const p of CREW) {
      expect(members.find((m) => m.email === p.email)).toMatchObject({ role: p.role, name: p.name });
      expect(p.name).toMatch(/\(simulated /);
    }
    const queue = await services.labeling.queue(projectId, crew.queueId, crew.lead);
    expect(queue.assigneeIds).toEqual(expect.arrayContaining(crew.smes.map((s) => s.id)));
    const settings = await services.settings.get(projectId);
    expect(settings.evaluation).toMatchObject({ triggerPolicy: "dataset_and_finetune", fineTuneApproval: "automatic" });
    expect(settings.shadow).toMatchObject({ requiredApprovals: 0, afterTraining: "shadow", mirrorFraction: 1 });
    expect((await services.alerts.listRules(projectId)).map((r) => r.name)).toHaveLength(2);
    // The audit log names the simulated ML lead as the one who changed the policy.
    const audit = await database.db.auditLog.findFirst({ where: { projectId, action: "settings.update" } });
    expect(audit?.actorId).toBe(crew.lead.id);
  });

  it("label without taking a real person's held item, never past k, and answer gold items at the queue's cadence", async () => {
    const crew = await setUpCrew({ services, projectId });
    await services.labeling.updateQueue(projectId, { queueId: crew.queueId, goldRate: 0.25 }, crew.lead.id);
    await routedItems(crew.queueId, 24);
    // Two gold items from the answer key, and a real labeler holding one item.
    const { items } = await services.labeling.listItems(projectId, crew.queueId, "open", 100, 0);
    for (const item of items.slice(0, 2)) await services.labeling.setGold(projectId, item.id, "pass", crew.lead.id);
    const person = await createUser(database.db);
    await database.db.membership.create({ data: { projectId, userId: person.id, role: "labeler" } });
    await services.labeling.updateQueue(
      projectId,
      { queueId: crew.queueId, assigneeIds: [...crew.smes.map((s) => s.id), person.id] },
      crew.lead.id,
    );
    const held = (await services.labeling.next(projectId, crew.queueId, { id: person.id, role: "labeler" })).item!;

    const stop = new AbortController();
    const options: CrewOptions = {
      services,
      projectId,
      seed: 3,
      speed: 2000,
      signal: stop.signal,
      log: () => undefined,
    };
    // Until the queue has nothing left for them (each then waits 15 s ÷ speed and looks again).
    const watcher = setInterval(() => {
      void services.labeling.listQueues(projectId, crew.lead).then((qs) => {
        const open = qs.find((q) => q.id === crew.queueId)!.counts.open;
        if (open <= 1) stop.abort(); // only the held item (its slot reserved) can stay open
      });
    }, 50);
    const given = await Promise.all(crew.smes.map((me, i) => smeAtWork(options, crew, me, seededRandom(100 + i))));
    clearInterval(watcher);
    expect(given.reduce((a, b) => a + b, 0)).toBeGreaterThan(40);

    const labels = await database.db.label.findMany({
      where: { item: { queueId: crew.queueId } },
      select: { itemId: true, labelerId: true, item: { select: { isGold: true } } },
    });
    // The held slot stayed the person's: the crew filled only the other one, and the person's label still lands.
    expect(labels.filter((l) => l.itemId === held.id)).toHaveLength(1);
    await services.labeling.submit(projectId, { id: person.id, role: "labeler" }, { itemId: held.id, choice: "4" });
    expect(await database.db.label.count({ where: { itemId: held.id } })).toBe(2);
    const perItem = new Map<string, number>();
    for (const l of labels) if (!l.item.isGold) perItem.set(l.itemId, (perItem.get(l.itemId) ?? 0) + 1);
    expect(Math.max(...perItem.values())).toBe(2);
    // Gold cadence: each SME's gold labels are the ones goldDue asked for, up to the two gold items.
    for (const me of crew.smes) {
      const mine = labels.filter((l) => l.labelerId === me.id);
      let due = 0;
      for (let k = 0; k < mine.length; k++) if (goldDue(k, 0.25)) due++;
      const gold = mine.filter((l) => l.item.isGold).length;
      expect(gold).toBe(Math.min(2, due));
    }
    // Their names say simulated wherever they appear (the queue's people list).
    const people = await services.labeling.people(projectId);
    for (const p of SMES) expect(people.some((m) => m.name === p.name)).toBe(true);
    expect(people.some((m) => m.name === LEAD.name)).toBe(true);
  });
});
