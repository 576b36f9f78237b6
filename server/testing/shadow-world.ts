// A shadow-testing world for integration tests: production, a candidate trained for an incident, judged pairs.
import { seededRandom } from "../stats/random";
import { STANDARD_SETTINGS } from "../modules/settings/settings-profiles";
import { createProject, createUser } from "./factories";
import { incidentFixture, simulatedJudge, trainedFor } from "./loop";
import type { TestDatabase, testServices } from "./test-db";

type TestServices = ReturnType<typeof testServices>;

/**
 * A project with production (support-bot-v1) and a candidate trained for an incident on "refunds", in shadow, with
 * `n` judged pairs, half of them in the incident's slice (refunds, marked as the gateway marks them): the candidate
 * passes `candidateRefunds` of the slice (production 0.4) and `candidateBilling` of the rest (production 0.85).
 */
export async function shadowWorld(
  database: TestDatabase,
  services: TestServices,
  n: number,
  requiredApprovals = 1,
  candidateRefunds = 0.9,
  candidateBilling = 0.85,
  shadowSettings: Partial<typeof STANDARD_SETTINGS.shadow> = {},
) {
  const admin = await createUser(database.db);
  const lead = await createUser(database.db);
  const secondLead = await createUser(database.db);
  const project = await createProject(database.db, {
    members: [
      { userId: admin.id, role: "admin" },
      { userId: lead.id, role: "ml_lead" },
      { userId: secondLead.id, role: "ml_lead" },
    ],
  });
  await services.settings.update(
    project.id,
    {
      ...STANDARD_SETTINGS,
      shadow: { ...STANDARD_SETTINGS.shadow, minPairedSamples: 100, requiredApprovals, ...shadowSettings },
    },
    admin.id,
  );
  const production = await services.deployments.create(
    project.id,
    { provider: "simulated", name: "support-bot-v1", profile: "support-bot-v1" },
    admin.id,
  );
  const candidate = await services.deployments.create(
    project.id,
    { provider: "simulated", name: "support-bot-v1-ft", profile: "support-bot-v1" },
    admin.id,
  );
  await services.deployments.setStatus(project.id, candidate.id, "shadow", 0.5, admin.id);
  const refunds = await database.db.topic.create({ data: { projectId: project.id, label: "refunds" } });
  const billing = await database.db.topic.create({ data: { projectId: project.id, label: "billing" } });
  const incident = await incidentFixture(database.db, project.id, {
    title: "refunds",
    topicId: refunds.id,
    status: "shadow",
  });
  const now = new Date();
  await trainedFor(database.db, project.id, {
    incidentId: incident.id,
    baseId: production.id,
    candidateId: candidate.id,
    by: lead.id,
  });
  const judge = await simulatedJudge(services, project.id, admin.id);
  const random = seededRandom(n);
  for (let i = 0; i < n; i++) {
    const onRefunds = i % 2 === 0;
    const productionPass = onRefunds ? random() < 0.4 : random() < 0.85;
    const candidatePass = onRefunds ? random() < candidateRefunds : random() < candidateBilling;
    const topicId = onRefunds ? refunds.id : billing.id;
    const startedAt = new Date(now.getTime() - (n - i) * 1000);
    const p = await database.db.interaction.create({
      data: {
        projectId: project.id,
        modelVersionId: production.id,
        topicId,
        input: [],
        output: `prod ${i}`,
        queryText: `q ${i}`,
        startedAt,
      },
    });
    const s = await database.db.interaction.create({
      data: {
        projectId: project.id,
        modelVersionId: candidate.id,
        role: "shadow",
        shadowOfId: p.id,
        topicId,
        input: [],
        output: `cand ${i}`,
        queryText: `q ${i}`,
        startedAt,
        metadata: { slice: onRefunds },
      },
    });
    await database.db.judgeScore.createMany({
      data: [
        [p.id, productionPass],
        [s.id, candidatePass],
      ].map(([interactionId, pass]) => ({
        projectId: project.id,
        interactionId: interactionId as string,
        ...judge,
        status: "ok",
        score: pass ? 5 : 1,
        pass: pass as boolean,
        confidence: 0.9,
      })),
    });
  }
  return {
    projectId: project.id,
    adminId: admin.id,
    leadId: lead.id,
    secondLeadId: secondLead.id,
    production,
    candidate,
    incident,
  };
}
