import { describe, expect, it } from "vitest";
import { inSlice } from "./slice";

const topics = [
  { id: "refunds", centroid: [1, 0, 0] },
  { id: "passwords", centroid: [0, 1, 0] },
];

describe("inSlice", () => {
  const slice = { topicIds: ["refunds"], examples: [[0, 0.6, 0.8]] };

  it("takes a query whose nearest topic (above the similarity) is one of the incident's", () => {
    expect(inSlice([0.9, 0.1, 0], slice, topics, 0.6)).toBe(true);
    expect(inSlice([0.1, 0.9, 0], slice, topics, 0.6)).toBe(false);
  });

  it("takes a query close to one of the incident's failing queries, whatever its topic", () => {
    // Nearest topic: passwords (cos 0.6), but cos 0.98 to the failing example.
    expect(
      inSlice(
        [0, 0.6, 0.8].map((x, i) => x + (i === 1 ? 0.1 : 0)),
        slice,
        topics,
        0.6,
      ),
    ).toBe(true);
  });

  it("leaves out a query near no topic and no example, and an empty or mismatched embedding", () => {
    expect(inSlice([0, 0, 1], { topicIds: ["refunds"], examples: [] }, topics, 0.6)).toBe(false);
    expect(inSlice([], slice, topics, 0.6)).toBe(false);
    expect(inSlice([1, 0], slice, topics, 0.6)).toBe(false);
  });
});
