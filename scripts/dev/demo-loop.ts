// `npm run demo:loop [-- --minutes 10 --rate 30 --speed 1 --afternoon]`: the first minutes of a fresh `npm start`,
// measured. With --afternoon it keeps watching until --minutes have passed (with --speed 8, an hour of the world's
// schedule in under ten minutes) and prints every loop: incidents, candidates promoted or rejected and why, alerts.
// It runs the launcher exactly as a newcomer would (default settings, a new data folder; the living SIMULATED world:
// history, live traffic through the gateway, the scheduled launch, the simulated SMEs and ML lead) and only watches:
// each stage of the first incident as recorded on its row, the promotion, the simulated labelers' labels and the
// agreement figures, the calibration session, the candidate left for a human, the alerts, and the CPU time of web,
// worker and simulator. The outcome: the incident slice's failure rate on production before and after the promotion
// with a one-sided two-proportion z-test at α = 0.05 (a fix that does not show counts as not closed).
// Last line: `DEMO loop total_s=<n> stages=<k>/5 cpu_cores=<c>`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { closeDb, createDb } from "../../server/db";
import { freePort, makeTempDir } from "../../server/db/embedded-postgres";
import { spawnDbHost } from "../launcher/spawn-db-host";
import { createShadowRepo } from "../../server/modules/shadow/shadow.repo";
import { inSlice } from "../../server/modules/shadow/slice";
import { createServices } from "../../server/services";
import { normalCdf } from "../../server/stats/normal";
import { twoProportionZTest } from "../../server/stats/proportions";

const t0 = Date.now();
const root = path.resolve(import.meta.dirname, "..", "..");
const { values: args } = parseArgs({
  options: {
    minutes: { type: "string" },
    rate: { type: "string" },
    speed: { type: "string" },
    afternoon: { type: "boolean" },
  },
});
const minutes = Number(args.minutes ?? 10);
const elapsed = () => Math.round((Date.now() - t0) / 1000);
const log = (line: string) => console.log(`[demo:loop ${String(elapsed()).padStart(4)} s] ${line}`);
const STAGES = ["failure", "signal", "trigger", "trained", "deployed"] as const;

const dataDir = makeTempDir("tightloop-demo-loop-");

// The embedded server first (so this script can read the rows), then the launcher on it.
const { child: dbHost, ready } = spawnDbHost(root, path.join(dataDir, "pg"), randomBytes(12).toString("hex"));
const databaseUrl = await ready;
const port = await freePort();
const adminEmail = "demo-loop@tightloop.local";
const app = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "launcher", "start.ts")], {
  cwd: root,
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    TIGHTLOOP_DATA_DIR: dataDir,
    TIGHTLOOP_ADMIN_EMAIL: adminEmail,
    TIGHTLOOP_ADMIN_PASSWORD: randomBytes(12).toString("hex"),
    // The defaults unless asked otherwise.
    ...(args.rate ? { TIGHTLOOP_SIMULATOR_RATE: args.rate } : {}),
    ...(args.speed ? { TIGHTLOOP_SIMULATOR_SPEED: args.speed } : {}),
  },
});

let stopping = false;
// The world's story as the simulator tells it (what it scheduled, what its people did).
createInterface({ input: app.stdout! }).on("line", (line) => {
  if (!stopping && line.startsWith("[simulator]") && !line.includes("back-fill:")) log(line);
});
// The app's warnings and errors while the loop runs; its shutdown noise after the result would bury the last line.
app.stderr!.on("data", (chunk: Buffer) => {
  if (!stopping) process.stderr.write(chunk);
});
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await new Promise((r) => (app.exitCode !== null ? r(null) : app.once("exit", r)));
  dbHost.send("stop");
  await new Promise((r) => (dbHost.exitCode !== null ? r(null) : dbHost.once("exit", r)));
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.once("SIGINT", () => void stop(130));

for (let i = 0; ; i++) {
  if (
    await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (app.exitCode !== null || i > 1200) {
    log("the app did not start");
    await stop(1);
  }
  await new Promise((r) => setTimeout(r, 250));
}
const readyS = elapsed();
log(`app ready on port ${port}: the living SIMULATED world starts (defaults unless --rate/--speed)`);

const db = createDb(databaseUrl, 2);
const services = createServices({ db });
const projectId = (await services.projects.demoProjectId())!;

/** CPU seconds (user + system) of a process and all its descendants, from /proc. */
function cpuSeconds(rootPid: number): number {
  const tick = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime + stime, and cutime + cstime of children that already exited.
      const cpu = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / tick;
      stats.set(Number(entry), { ppid: Number(fields[1]), cpu });
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    total += stats.get(pid)?.cpu ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) walk(child);
  };
  walk(rootPid);
  return total;
}
// Web, worker and simulator are the launcher's children; the embedded database runs in this script's db host.
const cpuStart = { app: cpuSeconds(app.pid!), db: cpuSeconds(dbHost.pid!), at: Date.now() };
const cpuNow = () => {
  const wall = (Date.now() - cpuStart.at) / 1000;
  return {
    app: (cpuSeconds(app.pid!) - cpuStart.app) / wall,
    db: (cpuSeconds(dbHost.pid!) - cpuStart.db) / wall,
  };
};

/** What a newcomer sees, as counts; each first reached moment goes on the timeline. */
const timeline = new Map<string, number>();
const mark = (what: string, reached: boolean) => {
  if (reached && !timeline.has(what)) {
    timeline.set(what, elapsed());
    log(`✓ ${what}`);
  }
};
async function world() {
  const simulated = await db.user.findMany({
    where: { email: { endsWith: ".sim@demo.tightloop.local" } },
    select: { id: true, memberships: { select: { role: true } } },
  });
  const smeIds = simulated.filter((u) => u.memberships.some((m) => m.role === "labeler")).map((u) => u.id);
  const labels = await db.label.count({ where: { labelerId: { in: smeIds } } });
  const queue = await db.labelQueue.findFirst({ where: { projectId, source: "routing" }, select: { id: true } });
  const report = queue && labels >= 20 ? await services.agreement.report(projectId, queue.id).catch(() => null) : null;
  const alpha = report ? { value: report.alphaNominal.value, items: report.alphaNominal.n } : null;
  const calibration = await db.calibrationSession.findFirst({ where: { projectId }, select: { status: true } });
  const waiting = await db.modelVersion.findFirst({
    where: { projectId, name: "support-bot-v1-concise-prompt", status: "shadow" },
    select: { id: true },
  });
  const alerts = await db.alert.findMany({ where: { projectId }, select: { status: true } });
  const promotions = await db.promotion.count({ where: { projectId, action: "promote" } });
  mark(`${smeIds.length} simulated SMEs joined`, smeIds.length >= 3);
  mark("50 labels by the simulated SMEs", labels >= 50);
  mark("agreement figures on ≥ 50 items", (alpha?.items ?? 0) >= 50);
  mark("calibration session closed (before/after α)", calibration?.status === "closed");
  mark("a candidate awaits a human ML lead's approval", Boolean(waiting));
  mark("an alert fired", alerts.length > 0);
  mark(
    "an alert cleared",
    alerts.some((a) => a.status === "resolved"),
  );
  mark("a promotion", promotions > 0);
  return { labels, alpha };
}

/**
 * The incident slice's production failure rate (judge verdicts) in [from, to): answers whose query the gateway's
 * own slice rule (the same definition it mirrors by) puts in the candidate's slice.
 */
async function sliceFailures(candidateId: string, from: Date, to: Date) {
  const settings = await services.settings.get(projectId);
  const { definitions, topics } = await createShadowRepo(db).sliceDefinitions(
    projectId,
    [candidateId],
    settings.evaluation.negativeSignalStrength,
  );
  const slice = definitions.get(candidateId);
  if (!slice) return null;
  const rows = await db.$queryRaw<Array<{ embedding: number[]; topicId: string | null; pass: boolean }>>`
    SELECT i.embedding, i.topic_id AS "topicId", js.pass
    FROM interactions i JOIN judge_scores js ON js.interaction_id = i.id AND js.status = 'ok'
    WHERE i.project_id = ${projectId} AND i.role = 'production'
      AND i.started_at >= ${from} AND i.started_at < ${to}`;
  const min = settings.signals.topicMinSimilarity;
  const inside = rows.filter(
    (r) => (r.topicId !== null && slice.topicIds.includes(r.topicId)) || inSlice(r.embedding, slice, topics, min),
  );
  return { n: inside.length, failed: inside.filter((r) => !r.pass).length };
}

/** The incident the loop follows: the first one deployed, else the first trained, else the first opened. */
const findIncident = () =>
  db.incident.findFirst({
    where: { projectId },
    orderBy: [
      { deployedAt: { sort: "asc", nulls: "last" } },
      { trainedAt: { sort: "asc", nulls: "last" } },
      { triggeredAt: "asc" },
    ],
  });

const deadline = t0 + minutes * 60_000;
let reached = 0;
// A stuck query (a database under load) must not hide the result: give up 3 minutes after the deadline.
setTimeout(
  () => {
    console.log(`DEMO loop total_s=${elapsed()} stages=${reached}/5 (stopped: no answer from the database)`);
    void stop(1);
  },
  (minutes + 3) * 60_000,
).unref();
const reported = new Set<string>();
const pts = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} pts`);
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 5000));
  const incident = await findIncident();
  if (!incident) {
    await world();
    continue;
  }
  const times = [incident.failureAt, incident.signalAt, incident.triggeredAt, incident.trainedAt, incident.deployedAt];
  reached = times.filter(Boolean).length;
  if (!reported.has(`trigger:${incident.id}`)) {
    reported.add(`trigger:${incident.id}`);
    const e = incident.evidence as {
      recentFailures?: number;
      recentTotal?: number;
      baselineFailures?: number;
      baselineTotal?: number;
    };
    log(
      `incident "${incident.title}": ${e.recentFailures}/${e.recentTotal} failing recently vs ${e.baselineFailures}/${e.baselineTotal} in the baseline`,
    );
  }
  const job = await db.fineTuneJob.findFirst({ where: { incidentId: incident.id }, orderBy: { createdAt: "desc" } });
  if (job && !reported.has(`job:${job.id}:${job.status}`) && job.status !== "running") {
    reported.add(`job:${job.id}:${job.status}`);
    const dataset = await db.dataset.findUnique({ where: { id: job.datasetId }, select: { rowCount: true } });
    const taught = String(job.logs ?? "")
      .split("\n")
      .find((l) => l.includes("simulated training:"));
    log(
      `fine-tune ${job.status}: dataset ${dataset?.rowCount ?? 0} rows, ${job.step}/${job.totalSteps} steps${taught ? ` — ${taught}` : ""}`,
    );
  }
  if (job?.candidateModelVersionId) {
    const view = await services.shadow.comparison(projectId, job.candidateModelVersionId).catch(() => null);
    const key = `pairs:${job.id}:${Math.floor((view?.summary.n ?? 0) / 50)}:${view?.candidate.status}`;
    if (view && !reported.has(key)) {
      reported.add(key);
      const { n, slice, rest } = view.summary;
      const failing = view.gates.checks.filter((c) => !c.pass).map((c) => c.key);
      log(
        `shadow (${view.candidate.status}): ${n} judged pairs; slice n ${slice.n}, drop ${pts(slice.meanDifference)} ` +
          `[${pts(slice.lower)}, ${pts(slice.upper)}]; rest n ${rest?.n ?? 0}, change ${pts(rest?.meanDifference ?? null)} ` +
          `(lower ${pts(rest?.lower ?? null)}); failing gates: ${failing.join(", ") || "none"}; next: ${view.outlook.decidingRule}`,
      );
    }
  }
  await world();
  if (!args.afternoon && incident.deployedAt && timeline.size >= 8) break;
}
const { labels, alpha } = await world();

const final = await findIncident();
let fixShown = false;
if (final) {
  const times = [final.failureAt, final.signalAt, final.triggeredAt, final.trainedAt, final.deployedAt];
  times.forEach((t, k) => {
    const since =
      k > 0 && t && times[k - 1] ? ` (+${((t.getTime() - times[k - 1]!.getTime()) / 1000).toFixed(0)} s)` : "";
    console.log(`stage ${k + 1} ${STAGES[k]}: ${t ? t.toISOString() : "not reached"}${since}`);
  });
  const job = await db.fineTuneJob.findFirst({
    where: { incidentId: final.id, candidateModelVersionId: { not: null } },
    orderBy: { createdAt: "desc" },
  });
  if (final.deployedAt && job?.candidateModelVersionId) {
    const promotion = await db.promotion.findFirst({
      where: { projectId, toModelVersionId: job.candidateModelVersionId, action: "promote" },
    });
    const g = promotion?.gates as {
      slice?: { n: number; meanDifference: number | null; lower: number | null };
      rest?: { n: number; meanDifference: number | null; lower: number | null } | null;
    };
    console.log(
      `decision: slice n ${g?.slice?.n ?? "—"}, failure-rate drop ${pts(g?.slice?.meanDifference ?? null)} ` +
        `(lower bound ${pts(g?.slice?.lower ?? null)}); rest n ${g?.rest?.n ?? "—"}, change ${pts(g?.rest?.meanDifference ?? null)} ` +
        `(lower bound ${pts(g?.rest?.lower ?? null)})`,
    );
    // Traffic on the new production version, then the slice's failure rate on each side of the switch.
    await new Promise((r) => setTimeout(r, 90_000));
    const before = await sliceFailures(
      job.candidateModelVersionId,
      new Date(final.deployedAt.getTime() - 10 * 60_000),
      final.deployedAt,
    );
    const after = await sliceFailures(job.candidateModelVersionId, final.deployedAt, new Date());
    const rate = (x: { n: number; failed: number }) =>
      `${((x.failed / Math.max(1, x.n)) * 100).toFixed(1)} % of ${x.n}`;
    if (before && after && before.n > 0 && after.n > 0) {
      const { z } = twoProportionZTest(before.failed, before.n, after.failed, after.n);
      const p = 1 - normalCdf(z); // one-sided: the slice fails less often after the promotion
      fixShown = p < 0.05;
      console.log(
        `OUTCOME slice failure rate before ${rate(before)}, after ${rate(after)}; one-sided p = ${p.toFixed(4)} ` +
          `(${fixShown ? "the fix shows" : "the fix does not show: not closed"})`,
      );
    } else {
      console.log("OUTCOME no judged slice answers on one side of the switch: not closed");
    }
    if (!fixShown) reached = 4;
  }
} else {
  // Why not: the last scan's most failing patterns with their verdicts.
  const patterns = await db.failurePattern.findMany({
    where: { projectId },
    orderBy: { recentCount: "desc" },
    take: 5,
    select: {
      category: true,
      recentCount: true,
      recentTotal: true,
      baselineCount: true,
      baselineTotal: true,
      qValue: true,
      verdict: true,
      numbers: true,
    },
  });
  console.log("no incident opened; the last scan's most failing patterns:");
  for (const p of patterns) {
    const topic = (p.numbers as { topic?: string }).topic ?? "?";
    console.log(
      `  ${topic} × ${p.category}: ${p.recentCount}/${p.recentTotal} recent vs ${p.baselineCount}/${p.baselineTotal} baseline, q = ${p.qValue?.toFixed(4) ?? "—"}, ${p.verdict}`,
    );
  }
}
// Every loop the world went through: what each incident reached, what became of each candidate, the alerts.
const incidents = await db.incident.findMany({ where: { projectId }, orderBy: { triggeredAt: "asc" } });
console.log(`incidents: ${incidents.length}`);
for (const i of incidents) {
  const reachedStages = [i.failureAt, i.signalAt, i.triggeredAt, i.trainedAt, i.deployedAt].filter(Boolean).length;
  console.log(`  ${i.status.padEnd(9)} ${reachedStages}/5 stages  ${i.title}`);
}
const candidates = await db.modelVersion.findMany({
  where: { projectId, parentId: { not: null } },
  orderBy: { createdAt: "asc" },
  select: { id: true, name: true, status: true },
});
const decisions = await db.auditLog.findMany({
  where: { projectId, action: "candidate.reject" },
  select: { targetId: true, detail: true },
});
console.log(`candidates: ${candidates.length}`);
for (const c of candidates) {
  const rejected = decisions.find((d) => d.targetId === c.id);
  const why = rejected ? ` — rejected: ${(rejected.detail as { reason?: string }).reason ?? ""}` : "";
  console.log(`  ${c.status.padEnd(10)} ${c.name}${why}`);
}
const alertRows = await db.alert.findMany({ where: { projectId }, orderBy: { openedAt: "asc" } });
console.log(
  `alerts: ${alertRows.length} opened, ${alertRows.filter((a) => a.status === "resolved").length} resolved` +
    alertRows.map((a) => `\n  ${a.status.padEnd(12)} ${a.title}`).join(""),
);
const emerging = await db.topic.findMany({
  where: { projectId, mergedIntoId: null, isNew: true },
  select: { label: true },
});
console.log(`emerging topics: ${emerging.map((t) => t.label).join("; ") || "none"}`);
const totalS = final?.deployedAt ? Math.round((final.deployedAt.getTime() - t0) / 1000) : elapsed();
const cpu = cpuNow();
console.log(`timeline (seconds since this script started; the app was ready at ${readyS} s):`);
for (const [what, at] of [...timeline].sort((a, b) => a[1] - b[1]))
  console.log(`  ${String(at).padStart(4)} s  ${what}`);
console.log(
  `simulated SMEs' labels: ${labels}; Krippendorff's α ${alpha?.value?.toFixed(3) ?? "—"} on ${alpha?.items ?? 0} items`,
);
console.log(
  `CPU since ready: web + worker + simulator ${cpu.app.toFixed(2)} cores on average; embedded PostgreSQL ${cpu.db.toFixed(2)}`,
);
console.log(`DEMO loop total_s=${totalS} stages=${reached}/5 cpu_cores=${cpu.app.toFixed(2)}`);
await closeDb(db);
await stop(0);
