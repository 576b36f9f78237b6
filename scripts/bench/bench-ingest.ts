// `npm run bench:ingest`: throughput of POST /api/v1/ingest against the raw ceiling of the same writes.
// 1. Starts an embedded PostgreSQL and the app on it (web only: the worker would compete for the 2 cores).
// 2. Drives the API with concurrent clients sending batches of realistic events.
// 3. Inserts the same rows into the same tables (same indexes, same ON CONFLICT handling) with multi-row
//    INSERTs of 100 rows through a pg Pool at the same concurrency: the ceiling any API could reach.
// Prints events/s for both, their ratio and the API's p50/p99 batch latency; the last line is machine-readable.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { startBenchApp } from "./bench-app";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BATCHES_PER_CLIENT = Number(process.env.BENCH_BATCHES ?? 60);
const BATCH_SIZE = 100;
const WARMUP_BATCHES = 20;

const bench = await startBenchApp({ TIGHTLOOP_INGEST_RATE_LIMIT: "100000000" });
const { databaseUrl, port } = bench;
const apiKey = /Demo API key:\s+(\S+)/.exec(bench.output())![1]!;

const projectId = (await (async () => {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const { rows } = await c.query<{ id: string }>("SELECT id FROM projects WHERE is_demo LIMIT 1");
  await c.end();
  return rows[0]!.id;
})())!;

/** A realistic batch: 20 interactions in 5 sessions, each with feedback and behaviour events. */
function makeBatch(tag: string) {
  const events: Array<Record<string, unknown>> = [];
  const now = Date.now();
  for (let i = 0; i < 20; i++) {
    const id = `${tag}-i${i}`;
    const at = new Date(now - (20 - i) * 1000).toISOString();
    events.push({
      type: "interaction",
      eventId: `${tag}-e${i}`,
      timestamp: at,
      id,
      sessionId: `${tag}-s${i % 5}`,
      userId: `user-${i % 7}`,
      modelVersion: "prod-v1",
      input: [
        { role: "system", content: "You are a helpful support assistant." },
        { role: "user", content: `How do I change the billing address on invoice ${i} for my team account?` },
      ],
      output:
        "Open Settings → Billing, choose the invoice and edit the address. Changes apply to future invoices; past ones can be re-issued from the same page.",
      startedAt: at,
      endedAt: at,
      latencyMs: 800 + i,
      tokens: { prompt: 120, completion: 60 },
      metadata: { app: "bench", route: "/support" },
    });
    const kinds = ["copy", "thumbs_down", "stop_generation", "page_leave"];
    for (let k = 0; k < 4; k++) {
      const kind = kinds[k]!;
      events.push(
        kind === "thumbs_down"
          ? { type: "feedback", eventId: `${tag}-f${i}-${k}`, timestamp: at, interactionId: id, kind }
          : {
              type: "behavior",
              eventId: `${tag}-b${i}-${k}`,
              timestamp: at,
              interactionId: id,
              sessionId: `${tag}-s${i % 5}`,
              kind,
              ...(kind === "copy" ? { copiedLength: 80 } : kind === "page_leave" ? { dwellMs: 4000 } : {}),
            },
      );
    }
  }
  return events.slice(0, BATCH_SIZE);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runClients(send: (batch: Array<Record<string, unknown>>) => Promise<void>, batches: number) {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, c) => {
      for (let b = 0; b < batches; b++) {
        const batch = makeBatch(`${randomUUID().slice(0, 8)}-${c}-${b}`);
        const s = performance.now();
        await send(batch);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    eps: (CONCURRENCY * batches * BATCH_SIZE) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds,
  };
}

const api = async (batch: Array<Record<string, unknown>>) => {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/ingest`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ batch }),
  });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
};

// The same rows, columns, indexes and ON CONFLICT handling, written directly.
const pool = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY });
const raw = async (batch: Array<Record<string, unknown>>) => {
  const ix = batch.filter((e) => e.type === "interaction");
  const ev = batch.filter((e) => e.type !== "interaction");
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const ixValues: unknown[] = [];
    const ixRows = ix.map((e, n) => {
      ixValues.push(
        `ix_${randomUUID()}`,
        projectId,
        e.eventId,
        e.id,
        e.sessionId,
        e.userId,
        JSON.stringify(e.input),
        e.output,
        "How do I change the billing address?",
        e.startedAt,
        e.endedAt,
        e.latencyMs,
        120,
        60,
        JSON.stringify(e.metadata),
        "ingest",
      );
      const o = n * 16;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}::jsonb, $${o + 8}, $${o + 9}, $${o + 10}::timestamptz, $${o + 11}::timestamptz, $${o + 12}, $${o + 13}, $${o + 14}, $${o + 15}::jsonb, $${o + 16})`;
    });
    if (ix.length) {
      await client.query(
        `INSERT INTO interactions (id, project_id, client_event_id, client_id, session_id, end_user_id, input, output, query_text, started_at, ended_at, latency_ms, prompt_tokens, completion_tokens, metadata, source) VALUES ${ixRows.join(",")} ON CONFLICT DO NOTHING`,
        ixValues,
      );
    }
    const evValues: unknown[] = [];
    const evRows = ev.map((e, n) => {
      const { eventId, type, kind, interactionId, sessionId, timestamp, ...payload } = e;
      evValues.push(
        `ev_${randomUUID()}`,
        projectId,
        eventId,
        type,
        kind,
        interactionId,
        sessionId ?? null,
        JSON.stringify(payload),
        timestamp,
      );
      const o = n * 9;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8}::jsonb, $${o + 9}::timestamptz)`;
    });
    if (ev.length) {
      await client.query(
        `INSERT INTO events (id, project_id, client_event_id, type, kind, interaction_ref, session_id, payload, occurred_at) VALUES ${evRows.join(",")} ON CONFLICT DO NOTHING`,
        evValues,
      );
    }
    await client.query("COMMIT");
  } finally {
    client.release();
  }
};

try {
  console.log(`[bench] warm-up…`);
  await runClients(api, Math.ceil(WARMUP_BATCHES / CONCURRENCY));
  await runClients(raw, Math.ceil(WARMUP_BATCHES / CONCURRENCY));
  console.log(`[bench] API: ${CONCURRENCY} clients × ${BATCHES_PER_CLIENT} batches × ${BATCH_SIZE} events…`);
  const apiResult = await runClients(api, BATCHES_PER_CLIENT);
  console.log(`[bench] raw multi-row INSERTs through a pg Pool, same concurrency…`);
  const rawResult = await runClients(raw, BATCHES_PER_CLIENT);
  const ratio = apiResult.eps / rawResult.eps;
  console.log(
    `api: ${apiResult.eps.toFixed(0)} events/s (p50 ${apiResult.p50.toFixed(1)} ms, p99 ${apiResult.p99.toFixed(1)} ms per batch of ${BATCH_SIZE})`,
  );
  console.log(
    `raw: ${rawResult.eps.toFixed(0)} events/s (p50 ${rawResult.p50.toFixed(1)} ms, p99 ${rawResult.p99.toFixed(1)} ms)`,
  );
  console.log(`ratio api/raw: ${ratio.toFixed(3)} (target ≥ 0.25)`);
  console.log(
    `BENCH ingest ratio=${ratio.toFixed(3)} api_eps=${apiResult.eps.toFixed(0)} raw_eps=${rawResult.eps.toFixed(0)} p50_ms=${apiResult.p50.toFixed(1)} p99_ms=${apiResult.p99.toFixed(1)}`,
  );
} finally {
  await pool.end();
  await bench.stop();
}
