import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPool } from "../../db";
import { seededRandom } from "../../stats/random";
import { createProject, createUser } from "../../testing/factories";
import { createTestDatabase, testServices, type TestDatabase } from "../../testing/test-db";
import { LATENCY_BUCKETS_MS } from "./quality.repo";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.db);
});
afterAll(async () => {
  await database.drop();
});

const HOUR = 3_600_000;

/** Random interactions over 48 hours with random versions, topics, latencies, signals and judge scores. */
async function randomWorld(projectId: string, seed: number, n: number) {
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const admin = await createUser(database.db);
  const models = await Promise.all(
    ["a", "b"].map((name) =>
      database.db.modelVersion.create({ data: { projectId, name: `${name}-${seed}`, provider: "simulated" } }),
    ),
  );
  const topics = await Promise.all(
    ["billing", "refunds", "sso"].map((label) => database.db.topic.create({ data: { projectId, label } })),
  );
  const rubric = await services.evaluation.createRubric(
    projectId,
    `r-${seed}`,
    {
      criteria: [{ name: "Correct", description: "Right.", scale: "pass_fail" }],
      failureCategories: ["incorrect"],
      examples: [],
    },
    admin.id,
  );
  const judge = await services.evaluation.createJudge(
    projectId,
    {
      provider: "simulated",
      name: `j-${seed}`,
      rubricVersionId: rubric.versionId,
      sampleRate: 1,
      filters: {},
      noise: 0,
    },
    admin.id,
  );
  const start = Date.now() - 48 * HOUR;
  const ids: string[] = [];
  const interactions = Array.from({ length: n }, (_, i) => {
    const id = `ix_q${seed}_${i}`;
    ids.push(id);
    return {
      id,
      projectId,
      role: random() < 0.85 ? ("production" as const) : ("shadow" as const),
      modelVersionId: random() < 0.95 ? pick(models).id : null,
      topicId: random() < 0.9 ? pick(topics).id : null,
      input: [{ role: "user", content: "q" }],
      output: "a",
      queryText: "q",
      startedAt: new Date(start + random() * 48 * HOUR),
      latencyMs: random() < 0.9 ? Math.floor(random() * 20_000) : null,
      processedAt: new Date(),
    };
  });
  await database.db.interaction.createMany({ data: interactions });
  const types = [
    ["rephrase", "negative", "implicit"],
    ["thumbs_up", "positive", "explicit"],
    ["thumbs_down", "negative", "explicit"],
    ["copy", "positive", "implicit"],
    ["judge_fail", "negative", "judge"],
  ] as const;
  const signals = ids.flatMap((id, i) =>
    Array.from({ length: Math.floor(random() * 3) }, (_, k) => {
      const [type, polarity, source] = pick([...types]);
      return {
        projectId,
        interactionId: id,
        type,
        polarity,
        source,
        strength: 1,
        dedupeKey: `${type}:${i}:${k}`,
        occurredAt: new Date(),
      };
    }),
  );
  await database.db.signal.createMany({ data: signals });
  const statuses = ["ok", "ok", "ok", "unparseable", "pending", "error"];
  await database.db.judgeScore.createMany({
    data: ids
      .filter(() => random() < 0.7)
      .map((id) => {
        const status = pick(statuses);
        const score = 1 + Math.floor(random() * 5);
        return {
          projectId,
          interactionId: id,
          judgeConfigId: judge.id,
          rubricVersionId: rubric.versionId,
          status,
          score: status === "ok" ? score : null,
          pass: status === "ok" ? score >= 3 : null,
        };
      }),
  });
  return { ids, models, topics };
}

/** The same figures computed straight from raw rows, for comparison with the rollups. */
async function directAggregate(projectId: string) {
  const { rows } = await pgPool(database.db).query(
    `SELECT to_char(date_trunc('hour', i.started_at), 'YYYY-MM-DD HH24') AS hour, i.role::text AS role,
            COALESCE(i.model_version_id, '') AS mv, COALESCE(i.topic_id, '') AS topic,
            count(*)::int AS interactions,
            COALESCE(sum((SELECT count(*) FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok')), 0)::int AS judged,
            COALESCE(sum((SELECT sum(js.score) FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok')), 0)::float8 AS score_sum,
            COALESCE(sum((SELECT count(*) FROM judge_scores js WHERE js.interaction_id = i.id AND js.status = 'ok' AND js.pass)), 0)::int AS pass_count,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM signals s WHERE s.interaction_id = i.id AND s.polarity = 'negative' AND s.source IN ('explicit', 'implicit')))::int AS negative,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM signals s WHERE s.interaction_id = i.id AND s.source = 'explicit'))::int AS explicit,
            COALESCE(sum(i.latency_ms), 0)::float8 AS latency_sum_ms,
            count(*) FILTER (WHERE i.latency_ms >= ${LATENCY_BUCKETS_MS.at(-1)})::int AS slowest
     FROM interactions i WHERE i.project_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [projectId],
  );
  return rows;
}

async function rollups(projectId: string) {
  const { rows } = await pgPool(database.db).query(
    `SELECT to_char(hour, 'YYYY-MM-DD HH24') AS hour, role::text AS role, model_version_id AS mv, topic_id AS topic,
            interactions, judged, score_sum, pass_count, negative, explicit, latency_sum_ms,
            latency_buckets[array_length(latency_buckets, 1)] AS slowest
     FROM quality_rollups WHERE project_id = $1 ORDER BY 1, 2, 3, 4`,
    [projectId],
  );
  return rows;
}

describe("quality rollups", () => {
  it("equal a direct aggregate over raw rows, and stay equal as rows change", async () => {
    const admin = await createUser(database.db);
    const project = await createProject(database.db, { members: [{ userId: admin.id, role: "admin" }] });
    const { ids } = await randomWorld(project.id, 11, 400);
    expect(await services.quality.refresh(project.id)).toBeGreaterThan(20);
    expect(await rollups(project.id)).toEqual(await directAggregate(project.id));

    // Later changes: a new negative signal on an old interaction, a score finishing, a new interaction.
    await database.db.signal.create({
      data: {
        projectId: project.id,
        interactionId: ids[3]!,
        type: "abandonment",
        polarity: "negative",
        source: "implicit",
        strength: 1,
        dedupeKey: "late",
        occurredAt: new Date(),
      },
    });
    await database.db.judgeScore.updateMany({
      where: { projectId: project.id, status: "pending" },
      data: { status: "ok", score: 4, pass: true, updatedAt: new Date() },
    });
    await database.db.interaction.create({
      data: {
        id: "ix_late",
        projectId: project.id,
        input: [],
        output: "a",
        startedAt: new Date(Date.now() - 30 * HOUR),
        processedAt: new Date(),
      },
    });
    await services.quality.refresh(project.id);
    expect(await rollups(project.id)).toEqual(await directAggregate(project.id));
    // The Overview reads the same rollups.
    const overview = await services.quality.overview(project.id, "7d");
    const production = (await directAggregate(project.id)).filter((r) => r.role === "production");
    expect(overview.totals.interactions).toBe(production.reduce((s, r) => s + r.interactions, 0));
    expect(overview.models.length).toBeGreaterThanOrEqual(2);
    expect(overview.points.length).toBeGreaterThan(5);
  });
});
