import { describe, expect, it } from "vitest";
import { nearestTopic, type TopicCentroid } from "./assignment";

const o = { minSimilarity: 0.6, semanticOnlySimilarity: 0.8 };
const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
const topic = (id: string, centroid: number[], terms: string[]): TopicCentroid => ({
  id,
  centroid: unit(centroid),
  size: 10,
  terms,
});

describe("topic assignment", () => {
  const integrations = topic("integrations", [1, 0, 0], ["slack", "integr", "connect"]);
  const billing = topic("billing", [0, 1, 0], ["invoic", "charg"]);

  it("joins a close topic on meaning alone, and a farther one only in its vocabulary", () => {
    const close = unit([1, 0.4, 0]); // cosine 0.93
    expect(nearestTopic(close, new Set(["sso"]), [integrations, billing], o)?.topic.id).toBe("integrations");
    const farther = unit([1, 1, 0.3]); // cosine 0.69 to both
    expect(nearestTopic(farther, new Set(["sso", "okta"]), [integrations, billing], o)).toBeNull();
    expect(nearestTopic(farther, new Set(["connect", "okta"]), [integrations, billing], o)?.topic.id).toBe(
      "integrations",
    );
  });

  it("picks the most similar of the topics the query may join, never one below the floor", () => {
    const q = unit([1, 0.9, 0]); // 0.74 to integrations, 0.67 to billing
    expect(nearestTopic(q, new Set(["charg"]), [integrations, billing], o)?.topic.id).toBe("billing");
    expect(nearestTopic(q, new Set(["charg", "slack"]), [integrations, billing], o)?.topic.id).toBe("integrations");
    expect(nearestTopic(unit([0, 0, 1]), new Set(["slack"]), [integrations, billing], o)).toBeNull();
  });

  it("matches a topic with no known terms on similarity alone", () => {
    const bare = topic("bare", [1, 0, 0], []);
    const q = unit([1, 0.9, 0]);
    expect(nearestTopic(q, new Set(["anything"]), [bare], o)?.similarity).toBeCloseTo(0.743, 3);
  });
});
