import { describe, expect, it } from "vitest";
import { incidentTimeline, quantile, stepDistribution, weeklyTrend, type IncidentTimes } from "./latency";

const at = (iso: string) => new Date(iso);
function incident(id: string, minutes: Array<number | null>, start = "2026-11-02T10:00:00Z"): IncidentTimes {
  const base = at(start).getTime();
  const t = (k: number) =>
    minutes[k] === null || minutes[k] === undefined ? null : new Date(base + minutes[k]! * 60_000);
  return {
    id,
    title: id,
    status: minutes[4] !== null && minutes[4] !== undefined ? "resolved" : "open",
    failureAt: t(0)!,
    signalAt: t(1)!,
    triggeredAt: t(2)!,
    trainedAt: t(3),
    deployedAt: t(4),
  };
}

describe("quantile", () => {
  it("matches R's quantile(type = 7)", () => {
    // quantile(c(1, 2, 3, 4, 10), c(0.5, 0.9)) = 3, 7.6
    expect(quantile([10, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([10, 1, 3, 2, 4], 0.9)).toBeCloseTo(7.6, 12);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe("latency tracker", () => {
  it("times each step of an incident and the failure-to-fix once deployed", () => {
    const t = incidentTimeline(incident("a", [0, 5, 35, 95, 155]));
    expect(t.stages).toBe(5);
    expect(t.steps).toEqual({ detect: 300, decide: 1800, train: 3600, ship: 3600 });
    expect(t.totalSeconds).toBe(155 * 60);
    const open = incidentTimeline(incident("b", [0, 1, 2, null, null]));
    expect(open.stages).toBe(3);
    expect(open.steps).toEqual({ detect: 60, decide: 60, train: null, ship: null });
    expect(open.totalSeconds).toBeNull();
  });

  it("finds the bottleneck step by its median over the incidents that completed it", () => {
    const timelines = [
      incident("a", [0, 5, 35, 95, 155]),
      incident("b", [0, 10, 20, 200, 230]),
      incident("c", [0, 2, 4, 300, null]),
    ].map(incidentTimeline);
    const d = stepDistribution(timelines);
    expect(d.steps.find((s) => s.key === "train")).toMatchObject({ n: 3, median: 180 * 60 });
    expect(d.steps.find((s) => s.key === "ship")).toMatchObject({ n: 2, median: 45 * 60 });
    expect(d.bottleneck).toBe("train");
    expect(d.total).toMatchObject({ n: 2, median: ((155 + 230) / 2) * 60 });
  });

  it("groups the trend by the trigger's UTC week", () => {
    const trend = weeklyTrend(
      [
        incident("a", [0, 1, 2, 3, 4], "2026-11-02T10:00:00Z"), // Monday
        incident("b", [0, 1, 2, 3, 4], "2026-11-08T23:00:00Z"), // Sunday, same week
        incident("c", [0, 1, 2, 3, 4], "2026-11-09T00:30:00Z"), // next Monday
      ].map(incidentTimeline),
    );
    expect(trend.map((w) => [w.week.toISOString().slice(0, 10), w.incidents])).toEqual([
      ["2026-11-02", 2],
      ["2026-11-09", 1],
    ]);
  });
});
