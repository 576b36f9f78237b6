// `npm run bench:gateway`: what the gateway adds to a chat completion. The same fake OpenAI-compatible upstream is
// called directly and through the gateway, in the same run, with shadow mirroring off and then on (every request
// mirrored). At the end every gateway request must have its recorded interaction (and its shadow pair), so deferred
// recording cannot hide its cost. Prints added latency p50/p99 and the throughput ratio; the last line is
// machine-readable.
import { randomBytes } from "node:crypto";
import { closeDb, createDb } from "../../server/db";
import { outboundPolicy } from "../../server/net/outbound";
import { createServices } from "../../server/services";
import { fakeOpenAI } from "../../server/testing/http-harness";
import { startBenchApp } from "./bench-app";

// Latency added is measured one request at a time (what one user waits for); throughput with CONCURRENCY requests in
// flight. On a 2-core machine hosting PostgreSQL, the app and this load generator, latency under saturation is
// mostly queueing for the CPU, so it is printed too but not used as "added latency".
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);

const encryptionKey = randomBytes(32).toString("base64");
const upstream = await fakeOpenAI();
// The fake upstream listens on loopback, which the instance must be allowed to call.
const bench = await startBenchApp({ TIGHTLOOP_ENCRYPTION_KEY: encryptionKey, TIGHTLOOP_OUTBOUND_ALLOW: "127.0.0.1" });
const { databaseUrl, port } = bench;

const db = createDb(databaseUrl, 4);
const services = createServices({ db, encryptionKey, outbound: outboundPolicy({ allow: "127.0.0.1" }) });
const admin = await db.user.findFirstOrThrow({ select: { id: true } });
// Its own project: the Demo's production is the simulated model; here the first version added serves production.
const project = await services.projects.create({ name: "Bench", creatorId: admin.id });
await services.deployments.create(
  project.id,
  { name: "bench-prod", provider: "openai-compatible", baseUrl: upstream.baseUrl, model: "ok" },
  admin.id,
);
const shadow = await services.deployments.create(
  project.id,
  { name: "bench-shadow", provider: "openai-compatible", baseUrl: upstream.baseUrl, model: "ok" },
  admin.id,
);
const key = (
  await services.apiKeys.create(project.id, { name: "bench", scope: "ingest", allowedOrigins: [] }, admin.id)
).key;

const body = JSON.stringify({ model: "ok", messages: [{ role: "user", content: "How do I reset my password?" }] });
const direct = () =>
  fetch(`${upstream.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
const viaGateway = () =>
  fetch(`http://127.0.0.1:${port}/api/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, "x-tightloop-session": "bench" },
    body,
  });

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
async function run(call: () => Promise<Response>, n: number, concurrency = CONCURRENCY) {
  const latencies: number[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const s = performance.now();
        const res = await call();
        if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        latencies.push(performance.now() - s);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: n / ((performance.now() - t0) / 1000), p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

async function waitForRows(where: object, expected: number) {
  for (let i = 0; i < 300; i++) {
    const count = await db.interaction.count({ where });
    if (count >= expected) return count;
    await new Promise((r) => setTimeout(r, 100));
  }
  return db.interaction.count({ where });
}

try {
  await run(direct, 40);
  await run(viaGateway, 40); // warm-up (route compilation, connections)
  await waitForRows({ projectId: project.id, role: "production" }, 40);

  const results: Array<{ shadow: boolean; added50: number; added99: number; ratio: number }> = [];
  for (const shadowOn of [false, true]) {
    await services.deployments.setStatus(project.id, shadow.id, shadowOn ? "shadow" : "candidate", 1, admin.id);
    const before = await db.interaction.count({ where: { projectId: project.id, role: "production" } });
    const beforeShadow = await db.interaction.count({ where: { projectId: project.id, role: "shadow" } });
    const d1 = await run(direct, REQUESTS, 1);
    const g1 = await run(viaGateway, REQUESTS, 1);
    const d = await run(direct, REQUESTS);
    const g = await run(viaGateway, REQUESTS);
    const total = 2 * REQUESTS;
    const recorded = (await waitForRows({ projectId: project.id, role: "production" }, before + total)) - before;
    const shadows = shadowOn
      ? (await waitForRows({ projectId: project.id, role: "shadow" }, beforeShadow + total)) - beforeShadow
      : 0;
    if (recorded !== total || (shadowOn && shadows !== total))
      throw new Error(`recorded ${recorded}/${total} interactions and ${shadows} shadow answers`);
    const r = { shadow: shadowOn, added50: g1.p50 - d1.p50, added99: g1.p99 - d1.p99, ratio: g.rps / d.rps };
    results.push(r);
    console.log(
      `shadow ${shadowOn ? "on " : "off"}: one at a time: direct p50 ${d1.p50.toFixed(2)} ms p99 ${d1.p99.toFixed(2)} ms · gateway p50 ${g1.p50.toFixed(2)} ms p99 ${g1.p99.toFixed(2)} ms · added p50 ${r.added50.toFixed(2)} ms p99 ${r.added99.toFixed(2)} ms`,
    );
    console.log(
      `           ${CONCURRENCY} in flight: direct ${d.rps.toFixed(0)} req/s p50 ${d.p50.toFixed(2)} ms · gateway ${g.rps.toFixed(0)} req/s p50 ${g.p50.toFixed(2)} ms p99 ${g.p99.toFixed(2)} ms · ratio ${r.ratio.toFixed(3)} · ${recorded} recorded${shadowOn ? `, ${shadows} shadow pairs` : ""}`,
    );
  }
  const worst = {
    added50: Math.max(...results.map((r) => r.added50)),
    added99: Math.max(...results.map((r) => r.added99)),
    ratio: Math.min(...results.map((r) => r.ratio)),
  };
  console.log(
    `BENCH gateway added_p50_ms=${worst.added50.toFixed(2)} added_p99_ms=${worst.added99.toFixed(2)} throughput_ratio=${worst.ratio.toFixed(3)}`,
  );
} finally {
  await closeDb(db);
  await bench.stop();
  await upstream.close();
}
