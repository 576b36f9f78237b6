// SIMULATED: the living demo world's schedule of failure modes. A product launch brings a topic the production
// model has never seen; later a policy change makes its answers on refunds wrong, and a rebuilt export service
// degrades its export answers. Each event brings a burst of questions (the topic's share peaks, then settles), and
// the loop — signals, judge, pattern scan, fine-tune, shadow, promotion — has to notice and fix it. Pure: the same
// seed and start give the same schedule.
import { seededRandom } from "../stats/random";
import type { Arrival } from "./world";

export type WorldEventKind = "launch" | "policy_change" | "degradation";

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

/** The events in order, the first at `firstAt` and each next one 20–30 minutes (÷ speed) after the last. */
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
