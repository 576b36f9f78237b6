// `npm run bench:dashboard`: does the Overview stay fast as raw data grows, and does the judge worker keep its 16
// calls in flight?
// 1. Bulk-loads two projects, BENCH_SMALL (100k) and BENCH_LARGE (10M) interactions over 30 days, with their hourly
//    rollups (loading is not timed), then times the Overview's own tRPC procedure (createCaller) for 30 days of
//    hourly buckets at both sizes, in the same run. Target: time(large) ≤ 1.5 × time(small).
// 2. Judge throughput through the real queue (pg-boss → judge-score job → 16 concurrent calls) against a fake judge
//    that answers in 200 ms, as a ratio of the ideal 16 / 0.2 s. Target ≥ 0.9.
// The last line printed is machine-readable.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import type { Job } from "pg-boss";
import { closeDb, createDb, pgPool } from "../../server/db";
import { makeTempDir, startEmbeddedPostgres } from "../../server/db/embedded-postgres";
import { migrate } from "../../server/db/migrate";
import { createBoss, ensureQueues } from "../../server/jobs/boss";
import { judgeScoreJob } from "../../server/jobs/judge-score.job";
import type { JobContext } from "../../server/jobs/job";
import { bossQueue } from "../../server/jobs/producer";
import { createServices } from "../../server/services";
import { createCaller } from "../../server/trpc/root";

const SMALL = Number(process.env.BENCH_SMALL ?? 100_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 10_000_000);
const JUDGE_ITEMS = Number(process.env.BENCH_JUDGE_ITEMS ?? 1600);
const CHUNK = 1_000_000;

const dir = makeTempDir("tightloop-bench-dashboard-");
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), password: "bench", persistent: false });
const log = (m: string) => console.log(`[bench] ${m}`);
try {
  await pg.createDatabase("bench");
  const url = pg.url("bench");
  await migrate(url);
  const db = createDb(url, 20);
  const services = createServices({ db, encryptionKey: Buffer.alloc(32, 1).toString("base64") });
  const pool = pgPool(db);
  const admin = await db.user.create({ data: { email: "bench@example.test", name: "Bench" } });

  // A throwaway database: the load runs unlogged and without the raw tables' secondary indexes (the timed
  // Overview reads only the rollups), so ten million rows load in minutes instead of an hour.
  await pool.query("ALTER TABLE interactions SET UNLOGGED");
  const { rows: indexes } = await pool.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'interactions' AND indexname <> 'interactions_pkey'",
  );
  for (const i of indexes) await pool.query(`DROP INDEX "${i.indexname}"`);

  async function loadProject(name: string, n: number) {
    const project = await services.projects.create({ name, creatorId: admin.id });
    const models = await Promise.all(
      ["v1", "v2", "v3"].map((v) =>
        db.modelVersion.create({ data: { projectId: project.id, name: v, provider: "simulated" } }),
      ),
    );
    const topics = await Promise.all(
      Array.from({ length: 20 }, (_, i) => db.topic.create({ data: { projectId: project.id, label: `topic ${i}` } })),
    );
    const t0 = performance.now();
    for (let start = 0; start < n; start += CHUNK) {
      const count = Math.min(CHUNK, n - start);
      await pool.query(
        `INSERT INTO interactions (id, project_id, input, output, query_text, started_at, processed_at, model_version_id,
           topic_id, latency_ms, created_at, source)
         SELECT $1 || '_' || g, $2, '[]'::jsonb, 'a', 'q',
                (now() AT TIME ZONE 'UTC') - random() * interval '30 days', now() AT TIME ZONE 'UTC',
                ($3::text[])[1 + g % 3], ($4::text[])[1 + g % 20], (random() * 5000)::int, now() AT TIME ZONE 'UTC', 'bench'
         FROM generate_series($5::bigint, $6::bigint) g`,
        [name, project.id, models.map((m) => m.id), topics.map((t) => t.id), start, start + count - 1],
      );
      log(`${name}: ${(start + count).toLocaleString()} / ${n.toLocaleString()} interactions`);
    }
    // Rollups as the worker would have left them (one GROUP BY instead of replaying the scoring).
    await pool.query(
      `INSERT INTO quality_rollups (project_id, hour, role, model_version_id, topic_id, interactions, judged, score_sum,
         pass_count, fail_count, unparseable, negative, explicit, implicit, signal_counts, latency_buckets, latency_sum_ms)
       SELECT project_id, date_trunc('hour', started_at), 'production'::"InteractionRole", model_version_id, topic_id, count(*), count(*),
              count(*) * 3.7, (count(*) * 0.75)::int, count(*) - (count(*) * 0.75)::int, 0, (count(*) * 0.3)::int,
              (count(*) * 0.02)::int, (count(*) * 0.4)::int, '{}'::jsonb, ARRAY[count(*)]::int[], sum(latency_ms)
       FROM interactions WHERE project_id = $1 GROUP BY 1, 2, 3, 4, 5`,
      [project.id],
    );
    await pool.query("ANALYZE interactions; ANALYZE quality_rollups");
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM quality_rollups WHERE project_id = $1",
      [project.id],
    );
    log(`${name}: loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${rows[0]!.n} rollup rows`);
    return project.id;
  }

  async function timeOverview(projectId: string) {
    const caller = createCaller({ services, session: { userId: admin.id }, ip: null });
    for (let i = 0; i < 3; i++) await caller.quality.overview({ projectId, range: "30d" });
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await caller.quality.overview({ projectId, range: "30d" });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  }

  const small = await loadProject("small", SMALL);
  const large = await loadProject("large", LARGE);
  for (const i of indexes) await pool.query(i.indexdef); // the judge part below uses them
  const msSmall = await timeOverview(small);
  const msLarge = await timeOverview(large);
  const ratio = msLarge / msSmall;
  log(
    `Overview (30 days): ${SMALL.toLocaleString()} interactions ${msSmall.toFixed(1)} ms, ` +
      `${LARGE.toLocaleString()} interactions ${msLarge.toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
  );

  // Judge throughput through the real queue, against a fake judge in its own process (a remote endpoint).
  const judgeProcess = spawn(process.execPath, ["--import", "tsx", "server/testing/fake-judge-process.ts", "200"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const judgeUrl = await new Promise<string>((resolve, reject) => {
    judgeProcess.stdout!.on("data", (chunk: Buffer) => {
      const match = /ready (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    judgeProcess.once("exit", (code) => reject(new Error(`the fake judge exited (${code})`)));
  });
  const boss = createBoss(url);
  boss.on("error", (e) => console.error("[bench] pg-boss:", e.message));
  await boss.start();
  await ensureQueues(boss);
  const project = await services.projects.create({ name: "judge", creatorId: admin.id });
  const rubric = await services.evaluation.createRubric(
    project.id,
    "r",
    {
      criteria: [{ name: "Correct", description: "Right.", scale: "pass_fail" }],
      failureCategories: ["incorrect"],
      examples: [],
    },
    admin.id,
  );
  await services.evaluation.createJudge(
    project.id,
    {
      provider: "openai-compatible",
      name: "slow-judge",
      baseUrl: judgeUrl,
      model: "judge",
      timeoutSeconds: 10,
      rubricVersionId: rubric.versionId,
      sampleRate: 1,
      filters: {},
    },
    admin.id,
  );
  await pool.query(
    `INSERT INTO interactions (id, project_id, input, output, query_text, started_at, processed_at, created_at)
     SELECT 'j_' || g, $1, '[{"role":"user","content":"q"}]'::jsonb, 'GOOD answer', 'q', now() AT TIME ZONE 'UTC',
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' + interval '1 second'
     FROM generate_series(1, $2) g`,
    [project.id, JUDGE_ITEMS],
  );
  const ctx: JobContext = {
    services,
    workerId: "bench",
    workerStartedAt: new Date(),
    version: "bench",
    queue: bossQueue(async () => boss),
  };
  await boss.work(judgeScoreJob.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([item]: Job<object>[]) => {
    if (item) await judgeScoreJob.handler(judgeScoreJob.payload.parse(item.data), ctx);
  });
  const t0 = performance.now();
  await boss.send(judgeScoreJob.name, { projectId: project.id }, { singletonKey: project.id });
  for (;;) {
    const done = await db.judgeScore.count({ where: { projectId: project.id, status: "ok" } });
    if (done >= JUDGE_ITEMS) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - t0) / 1000;
  const throughput = JUDGE_ITEMS / seconds;
  const judgeRatio = throughput / (16 / 0.2);
  log(
    `judge: ${JUDGE_ITEMS} scores in ${seconds.toFixed(1)} s = ${throughput.toFixed(1)}/s at 16 in flight, ` +
      `ideal 80/s, ratio ${judgeRatio.toFixed(3)}`,
  );
  await boss.stop({ graceful: false, wait: true });
  judgeProcess.kill("SIGTERM");
  await closeDb(db);
  console.log(
    `BENCH dashboard ratio_10m_100k=${ratio.toFixed(3)} ms_100k=${msSmall.toFixed(1)} ms_10m=${msLarge.toFixed(1)} judge_throughput_ratio=${judgeRatio.toFixed(3)}`,
  );
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
