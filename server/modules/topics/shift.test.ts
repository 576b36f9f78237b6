import { describe, expect, it } from "vitest";
import { seededRandom } from "../../stats/random";
import { topicShift, type TopicWindowCounts } from "./shift";

const windowStart = new Date("2026-11-19T00:00:00Z");
const old = new Date("2026-10-01T00:00:00Z");
const options = { windowStart, emergingMinCount: 5, falseDiscoveryRate: 0.05, minGrowth: 2 };

describe("topicShift", () => {
  it("reports no divergence and nothing emerging while a window is empty", () => {
    expect(topicShift([{ topicId: "a", current: 10, previous: 0, firstSeenAt: windowStart }], options)).toEqual({
      currentTotal: 10,
      previousTotal: 0,
      jsd: null,
      movers: [],
      emerging: [],
    });
  });

  it("flags a new topic with enough queries and a topic whose share grew significantly, with the top movers", () => {
    const rows: TopicWindowCounts[] = [
      { topicId: "refunds", current: 300, previous: 400, firstSeenAt: old },
      { topicId: "billing", current: 200, previous: 200, firstSeenAt: old },
      { topicId: "sso", current: 40, previous: 0, firstSeenAt: new Date("2026-11-20T08:00:00Z") },
      { topicId: "exports", current: 60, previous: 15, firstSeenAt: old },
      { topicId: "tiny-new", current: 3, previous: 0, firstSeenAt: new Date("2026-11-21T00:00:00Z") },
    ];
    const shift = topicShift(rows, options);
    expect(shift.jsd).toBeGreaterThan(0.01);
    expect(shift.jsd).toBeLessThan(0.1);
    expect(shift.movers[0]!.topicId).toBe("sso");
    expect(shift.movers.map((m) => m.topicId)).toContain("exports");
    expect(shift.emerging.map((e) => [e.topicId, e.reason])).toEqual([
      ["exports", "growing"],
      ["sso", "new"],
    ]);
    const exports = shift.emerging.find((e) => e.topicId === "exports")!;
    expect(exports.growth).toBeCloseTo(60 / 603 / (15 / 615), 10);
    expect(exports.qValue).toBeLessThan(0.05);
  });

  it("a topic quiet last window that was seen before is not new", () => {
    const shift = topicShift(
      [
        { topicId: "a", current: 100, previous: 100, firstSeenAt: old },
        { topicId: "back", current: 6, previous: 0, firstSeenAt: old },
      ],
      options,
    );
    expect(shift.emerging.find((e) => e.topicId === "back")?.reason).not.toBe("new");
  });

  it("keeps false alarms down: 200 topics with the same mix in both weeks flag almost none", () => {
    const random = seededRandom(11);
    let flagged = 0;
    for (let run = 0; run < 10; run++) {
      const weights = Array.from({ length: 200 }, () => 0.2 + random());
      const total = weights.reduce((a, b) => a + b, 0);
      const draw = () => {
        const counts = new Array(200).fill(0);
        for (let i = 0; i < 8000; i++) {
          let u = random() * total;
          let k = 0;
          while (u > weights[k]!) u -= weights[k++]!;
          counts[Math.min(k, 199)]++;
        }
        return counts;
      };
      const now = draw();
      const before = draw();
      const shift = topicShift(
        now.map((c, i) => ({ topicId: `t${i}`, current: c, previous: before[i]!, firstSeenAt: old })),
        options,
      );
      flagged += shift.emerging.length;
    }
    // BH at 5 % over 2000 null topics: the expected count of false discoveries is far below one per run.
    expect(flagged).toBeLessThanOrEqual(2);
  });
});
