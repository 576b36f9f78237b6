// SIMULATED: `npm run simulate -- --rate N --minutes M` (and the launcher's gentle live trickle). Sets up a
// simulator API key for the Demo project, back-fills history once when asked and the project has none, then
// sends live traffic through the gateway until the time is up or the process is stopped.
//
//   --rate N            new conversations per minute (default 6)
//   --minutes M         how long to run; 0 = until stopped (default 5)
//   --backfill-days D   days of history to back-fill first, only into a project without history (default 0)
//   --project ID        project to drive (default: the seeded Demo project)
//   --url URL           where Tightloop runs (default http://127.0.0.1:$PORT)
//   --seed S            random seed (default: random)
//   --backfill-per-day N  back-filled conversations per simulated day (default 160)
//   --emerge-in-minutes M the emerging topic launches M minutes after live traffic starts and within a minute
//                         takes a launch-day share of about a third of the questions (default: it appears 80 % into
//                         the first three days of the world's history, ramping up over a day; with --world: 0.5)
//   --world               the living world (the launcher's default): scheduled failure modes every 20–30 minutes
//                         (schedule.ts) and the simulated people at work (crew.ts)
//   --speed X             with --world: the schedule and the people run X times faster (default 1)

import { parseArgs } from "node:util";
import { closeDb, createDb } from "../db";
import { env } from "../env";
import { stopWithParent } from "../parent-watch";
import { createServices } from "../services";
import { seededRandom } from "../stats/random";
import { runCrew } from "./crew";
import { simulatedModelConfig } from "./model";
import { arrivalsOf, worldSchedule } from "./schedule";
import { backfill, live, type SimulatorOptions } from "./simulator";
import { timingFor } from "./session";
import { DEFAULT_BEHAVIOR } from "./users";

const log = (message: string) => console.log(`[simulator] ${message}`);

const USAGE = `npm run simulate -- [--rate N] [--minutes M] [--backfill-days D] [--backfill-per-day N]
  [--emerge-in-minutes M] [--project ID] [--url URL] [--seed S] [--world] [--speed X]
SIMULATED Demo traffic through the running app's gateway and ingest API (see the header of server/simulation/run.ts).`;

const { values: args } = parseArgs({
  options: {
    help: { type: "boolean", short: "h", default: false },
    rate: { type: "string", default: "6" },
    minutes: { type: "string", default: "5" },
    "backfill-days": { type: "string", default: "0" },
    project: { type: "string" },
    url: { type: "string" },
    seed: { type: "string" },
    "backfill-per-day": { type: "string", default: "160" },
    "emerge-in-minutes": { type: "string" },
    world: { type: "boolean", default: false },
    speed: { type: "string", default: "1" },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const number = (name: string, value: string, min: number, max: number) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`[simulator] --${name} must be a number from ${min} to ${max} (got ${value})`);
    process.exit(2);
  }
  return n;
};
const rate = number("rate", args.rate, 0, 600);
const minutes = number("minutes", args.minutes, 0, 100_000);
const backfillDays = number("backfill-days", args["backfill-days"], 0, 30);
const backfillPerDay = number("backfill-per-day", args["backfill-per-day"], 1, 100_000);
const emergeInMinutes =
  args["emerge-in-minutes"] === undefined ? null : number("emerge-in-minutes", args["emerge-in-minutes"], 0, 10_000);
const speed = number("speed", args.speed, 0.1, 100);
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : number("seed", args.seed, 0, 2 ** 32);

const db = createDb(env().DATABASE_URL, args.world ? 4 : 2);
const services = createServices({ db });
const projectId = args.project ?? (await services.projects.demoProjectId());
if (!projectId) {
  console.error("[simulator] no Demo project: start Tightloop once on an empty database, or pass --project");
  process.exit(2);
}

// Setup only: mint this run's own key (revoked when it stops), so several simulators — the launcher's and one
// started by hand — run side by side. All traffic then uses the public HTTP APIs.
const { key: apiKey, id: apiKeyId } = await services.apiKeys.create(
  projectId,
  { name: `Simulator (simulated traffic) · run ${seed.toString(36)}`, scope: "ingest", allowedOrigins: [] },
  null,
);
const { production, settings } = await services.deployments.gatewayTargets(projectId);
const firstInteraction = await services.interactions.firstStartedAt(projectId);

const now = new Date();
const worldStart = firstInteraction ?? new Date(now.getTime() - Math.max(backfillDays, 3) * 86_400_000);
const options: SimulatorOptions = {
  baseUrl: (args.url ?? `http://127.0.0.1:${env().PORT}`).replace(/\/+$/, ""),
  apiKey,
  // The emerging topic appears 80 % into the first three days of the world's history (with --emerge-in-minutes: not
  // in the back-fill; the clock is set when live traffic starts).
  clock: {
    start: worldStart,
    emergeAfterHours:
      emergeInMinutes === null && !args.world ? Math.max(backfillDays, 3) * 24 * 0.8 : Number.POSITIVE_INFINITY,
  },
  behavior: DEFAULT_BEHAVIOR,
  timing: timingFor(settings.signals),
  random: seededRandom(seed),
  // Enough users that one rarely comes back within the return-query window just by chance at a high rate.
  users: Math.max(400, Math.round(rate * 60)),
  onError: (message) => log(`warning: ${message}`),
};

const stop = new AbortController();
let stopping = false;
/** The simulated people at work (--world): finish lets them put down what they hold before the pool closes. */
let crew: Promise<unknown> = Promise.resolve();
const finish = async (code: number) => {
  if (stopping) return;
  stopping = true;
  stop.abort();
  await Promise.race([crew, new Promise((r) => setTimeout(r, 5000))]);
  await services.apiKeys.revoke(projectId, apiKeyId, null).catch(() => undefined);
  await closeDb(db);
  process.exit(code);
};
process.once("SIGINT", () => void finish(0));
process.once("SIGTERM", () => void finish(0));
stopWithParent(() => void finish(0));

try {
  if (backfillDays > 0) {
    if (firstInteraction) log("the project already has history: no back-fill");
    else if (production?.provider !== "simulated") log("production is not a simulated model version: no back-fill");
    else {
      const t0 = performance.now();
      log(`back-filling ${backfillDays} day(s) of simulated history through the ingest API…`);
      const stats = await backfill({
        ...options,
        from: new Date(now.getTime() - backfillDays * 86_400_000),
        to: now,
        sessionsPerDay: backfillPerDay,
        model: { name: production.name, config: simulatedModelConfig.parse(production.simulation) },
        onProgress: (done, total) => {
          if (done === total || done % 200 === 0) log(`back-fill: ${done}/${total} conversations`);
        },
      });
      log(
        `back-filled ${stats.interactions} interactions in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
          `(${stats.good} good answers, ${stats.rephrases} rephrases, ${stats.stopped} stopped, ${stats.edits} edits)`,
      );
    }
  }
  if (rate > 0 && !stop.signal.aborted && args.world) {
    const events = worldSchedule({
      seed,
      firstAt: new Date(Date.now() + ((emergeInMinutes ?? 0.5) * 60_000) / speed),
      speed,
    });
    options.clock = {
      start: worldStart,
      emergeAfterHours: Number.POSITIVE_INFINITY,
      arrivals: arrivalsOf(events, speed),
    };
    const timers = events.map((e) => {
      log(`scheduled (SIMULATED): ${e.at.toISOString().slice(11, 16)} UTC — ${e.kind.replace("_", " ")}: ${e.title}`);
      return setTimeout(() => log(`now (SIMULATED): ${e.title}`), e.at.getTime() - Date.now());
    });
    // One listener for all of them (one per event would pass Node's ten-listener warning).
    stop.signal.addEventListener("abort", () => timers.forEach(clearTimeout), { once: true });
    crew = runCrew({ services, projectId, seed, speed, signal: stop.signal, log }).catch((e: unknown) =>
      log(`warning: the simulated people stopped: ${e instanceof Error ? e.message : String(e)}`),
    );
  } else if (rate > 0 && !stop.signal.aborted) {
    if (emergeInMinutes !== null) {
      const launch = Date.now() + emergeInMinutes * 60_000;
      options.clock = {
        start: worldStart,
        emergeAfterHours: (launch - worldStart.getTime()) / 3_600_000,
        rampHours: 1 / 60,
        emergingWeight: 0.5,
      };
      log(`the emerging topic launches in ${emergeInMinutes} min (SIMULATED)`);
    }
  }
  if (rate > 0 && !stop.signal.aborted) {
    log(`live: ${rate} conversation(s) per minute through the gateway${minutes ? ` for ${minutes} min` : ""}`);
    const stats = await live({
      ...options,
      sessionsPerMinute: rate,
      durationMs: minutes > 0 ? minutes * 60_000 : null,
      signal: stop.signal,
    });
    log(
      `live: ${stats.interactions} interactions (${stats.good} good, ${stats.rephrases} rephrases, ` +
        `${stats.stopped} stopped, ${stats.thumbs} thumbs)`,
    );
  }
  await finish(0);
} catch (error) {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await finish(1);
}
