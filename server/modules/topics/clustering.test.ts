import { describe, expect, it } from "vitest";
import { normal, seededRandom } from "../../stats/random";
import { distinctiveTerms, recluster, type ClusterPoint } from "./clustering";

const DIM = 16;
const random = seededRandom(7);

/** A direction in DIM dimensions: axis a, optionally tilted towards axis b. */
function direction(a: number, b?: number, tilt = 0): number[] {
  const v = new Array(DIM).fill(0);
  v[a] = 1;
  if (b !== undefined) v[b] = tilt;
  return v;
}

function around(center: number[], spread = 0.15): number[] {
  return center.map((x) => x + spread * normal(random));
}

function points(center: number[], n: number, text: string, topicId: string | null, prefix: string): ClusterPoint[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, embedding: around(center), text, topicId }));
}

const options = { minSimilarity: 0.6, mergeSimilarity: 0.9, minClusterSize: 3 };

describe("recluster", () => {
  it("keeps existing topics, moves a drifted query back and opens a topic for a new group of outliers", () => {
    const refunds = points(direction(0), 30, "refund my order please", "t-refund", "r");
    const billing = points(direction(1), 30, "billing invoice address change", "t-billing", "b");
    // Assigned to billing by the incremental pass, but it is a refund question.
    refunds.push({ id: "drifted", embedding: around(direction(0)), text: "refund late order", topicId: "t-billing" });
    const sso = points(direction(2), 8, "sso login saml okta", null, "s");
    const result = recluster(
      [...refunds, ...billing, ...sso],
      [
        { id: "t-refund", centroid: direction(0) },
        { id: "t-billing", centroid: direction(1) },
      ],
      options,
    );

    const keyOf = (id: string) => result.assignment[[...refunds, ...billing, ...sso].findIndex((p) => p.id === id)];
    expect(keyOf("drifted")).toBe("t-refund");
    expect(keyOf("r0")).toBe("t-refund");
    expect(keyOf("b5")).toBe("t-billing");
    const fresh = result.clusters.filter((c) => !c.existing);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.members).toHaveLength(8);
    expect(keyOf("s3")).toBe(fresh[0]!.key);
    expect(fresh[0]!.terms.slice(0, 4).sort()).toEqual(["login", "okta", "saml", "sso"]);
    expect(result.merges).toEqual([]);
  });

  it("merges near-duplicate topics, the smaller into the larger, and re-points its queries", () => {
    const a = points(direction(0), 20, "reset password", "t-a", "a");
    const b = points(direction(0, 1, 0.1), 6, "password reset link", "t-b", "b");
    const result = recluster(
      [...a, ...b],
      [
        { id: "t-a", centroid: direction(0) },
        { id: "t-b", centroid: direction(0, 1, 0.1) },
      ],
      options,
    );
    expect(result.merges).toEqual([expect.objectContaining({ from: "t-b", into: "t-a", reason: "similar" })]);
    expect(new Set(result.assignment)).toEqual(new Set(["t-a"]));
    // The merged topic stays in the result with no members (its row is kept as a tombstone).
    expect(result.clusters.find((c) => c.key === "t-b")?.members).toEqual([]);
  });

  it("folds a topic below the minimum size into its nearest topic when that is close enough, not otherwise", () => {
    const big = points(direction(0), 20, "shipping times", "t-big", "g");
    const near = points(direction(0, 1, 1), 2, "shipping abroad customs", "t-near", "n"); // cos ≈ 0.71 to t-big
    const far = points(direction(5), 2, "poem about cats", "t-far", "f");
    const result = recluster(
      [...big, ...near, ...far],
      [
        { id: "t-big", centroid: direction(0) },
        { id: "t-near", centroid: direction(0, 1, 1) },
        { id: "t-far", centroid: direction(5) },
      ],
      options,
    );
    expect(result.merges).toEqual([expect.objectContaining({ from: "t-near", into: "t-big", reason: "small" })]);
    expect(result.clusters.find((c) => c.key === "t-far")?.members).toHaveLength(2);
  });

  it("keeps a topic with no queries in the window as it is", () => {
    const result = recluster(
      points(direction(0), 5, "x", "t-a", "a"),
      [
        { id: "t-a", centroid: direction(0) },
        { id: "t-old", centroid: direction(3) },
      ],
      options,
    );
    const old = result.clusters.find((c) => c.key === "t-old")!;
    expect(old.members).toEqual([]);
    expect(old.centroid[3]).toBeCloseTo(1, 12);
  });

  it("is stable: a second run on its own output changes nothing", () => {
    const all = [
      ...points(direction(0), 25, "refund order", "t-1", "a"),
      ...points(direction(1), 25, "invoice billing", "t-2", "b"),
      ...points(direction(2), 25, "login sso", null, "c"),
    ];
    const first = recluster(
      all,
      [
        { id: "t-1", centroid: direction(0) },
        { id: "t-2", centroid: direction(1) },
      ],
      options,
    );
    const fresh = first.clusters.find((c) => !c.existing)!;
    const renamed = all.map((p, i) => ({
      ...p,
      topicId: first.assignment[i] === fresh.key ? "t-3" : first.assignment[i]!,
    }));
    const topics = first.clusters.map((c) => ({ id: c.key === fresh.key ? "t-3" : c.key, centroid: c.centroid }));
    const second = recluster(renamed, topics, options);
    expect(second.assignment).toEqual(renamed.map((p) => p.topicId));
    expect(second.merges).toEqual([]);
    expect(second.clusters.every((c) => c.existing)).toBe(true);
  });
});

describe("distinctiveTerms", () => {
  it("ranks words frequent in one topic and rare in the others above words every topic shares", () => {
    const [refunds, billing] = distinctiveTerms(
      [
        ["how do I get a refund for my order", "refund order late", "order refund status"],
        ["update my order billing address", "billing invoice for my order", "invoice copy billing"],
      ],
      2,
    );
    expect(refunds![0]).toBe("refund");
    expect(billing![0]).toBe("billing");
    expect(billing).toContain("invoice");
    expect(refunds).not.toContain("billing");
  });
});
