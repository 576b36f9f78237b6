// SIMULATED: the living demo world's schedule of failure modes, nine over an afternoon (about four hours): a product
// launch brings a topic the production model has never seen, a policy change makes its answers wrong, a rebuilt
// service degrades its answers on it — three times over (SSO, annual refunds, exports; mobile offline mode,
// mandatory 2FA, webhooks; EU data residency, Team prices, search). After the ninth the world's mix stays settled. Each event brings a burst of questions (the topic's share peaks, then settles), and
// the loop — signals, judge, pattern scan, fine-tune, shadow, promotion — has to notice and fix it. Pure: the same
// seed and start give the same schedule.
import { seededRandom } from "../stats/random";
import type { Arrival } from "./world";

type WorldEventKind = "launch" | "policy_change" | "degradation";

export interface WorldEvent {
  kind: WorldEventKind;
  topic: string;
  at: Date;
  /** What happened, in words: the simulator logs it when it is scheduled and when it happens. */
  title: string;
}

const EVENTS: Array<{ kind: WorldEventKind; topic: string; title: string; peak: number; settle: number }> = [
  {
    kind: "launch",
    topic: "sso_setup",
    title: "SSO launches: customers start asking how to set it up",
    peak: 1,
    settle: 0.14,
  },
  {
    kind: "policy_change",
    topic: "refund_policy",
    title: "the refund policy for annual plans changes (14 days, account credit)",
    peak: 0.35,
    settle: 0.08,
  },
  {
    kind: "degradation",
    topic: "export_timeouts",
    title: "the rebuilt export service times out on large exports unless they are split",
    peak: 0.35,
    settle: 0.08,
  },
  {
    kind: "launch",
    topic: "mobile_offline",
    title: "offline mode launches in the mobile apps",
    peak: 0.5,
    settle: 0.1,
  },
  {
    kind: "policy_change",
    topic: "admin_2fa",
    title: "two-factor authentication becomes mandatory for admins (authenticator apps and keys, not SMS)",
    peak: 0.35,
    settle: 0.06,
  },
  {
    kind: "degradation",
    topic: "webhook_delays",
    title: "webhook deliveries lag after the event-queue migration",
    peak: 0.35,
    settle: 0.08,
  },
  {
    kind: "launch",
    topic: "eu_residency",
    title: "EU data residency launches (Frankfurt and Dublin)",
    peak: 0.5,
    settle: 0.1,
  },
  {
    kind: "policy_change",
    topic: "team_pricing",
    title: "the Team plan's price changes at the next renewal",
    peak: 0.35,
    settle: 0.06,
  },
  {
    kind: "degradation",
    topic: "search_lag",
    title: "search lags behind new items after the index rebuild",
    peak: 0.35,
    settle: 0.08,
  },
];

export interface ScheduleOptions {
  seed: number;
  /** When the first event (the launch) happens. */
  firstAt: Date;
  /** Minutes between events, drawn uniformly (default 20–30). */
  gapMinutes?: [number, number];
  /** > 1 runs the world faster (e2e): gaps, ramps and peaks shrink by this factor. */
  speed?: number;
}

/** The nine events in order, the first at `firstAt` and each next one 20–30 minutes (÷ speed) after the last. */
export function worldSchedule(o: ScheduleOptions): WorldEvent[] {
  const random = seededRandom(o.seed);
  const [lo, hi] = o.gapMinutes ?? [20, 30];
  const speed = o.speed ?? 1;
  let at = o.firstAt.getTime();
  return EVENTS.map((e, i) => {
    if (i > 0) at += ((lo + (hi - lo) * random()) * 60_000) / speed;
    return { kind: e.kind, topic: e.topic, at: new Date(at), title: e.title };
  });
}

/** How each event shapes the topic mix: a one-minute ramp, a peak of 15 minutes, then the settled share. */
export function arrivalsOf(events: WorldEvent[], speed = 1): Arrival[] {
  return events.map((e) => {
    const shape = EVENTS.find((x) => x.topic === e.topic)!;
    return {
      topic: e.topic,
      at: e.at,
      rampMs: 60_000 / speed,
      peak: shape.peak,
      peakMs: (15 * 60_000) / speed,
      settle: shape.settle,
    };
  });
}
