import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

describe("groupCommit", () => {
  it("writes items added in one turn together, and batches what arrives while a write is in flight", async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const g = groupCommit<number>(
      async (items) => {
        writes.push(items);
        if (writes.length === 1) await gate;
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = [g.add(1), g.add(2)];
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([[1, 2]]);
    const later = [3, 4, 5, 6].map((n) => g.add(n)); // arrive while the first write is in flight
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    release();
    await Promise.all([...first, ...later]);
    expect(writes).toEqual([[1, 2], [3, 4, 5], [6]]);
    expect(g.pending).toBe(0);
  });

  it("rejects every caller of a failed write, and keeps going", async () => {
    let fail = true;
    const g = groupCommit<string>(async () => {
      if (fail) throw new Error("database down");
    });
    const a = g.add("a");
    const b = g.add("b");
    await expect(a).rejects.toThrow("database down");
    await expect(b).rejects.toThrow("database down");
    fail = false;
    await expect(g.add("c")).resolves.toBeUndefined();
  });

  it("isolates an item the write refuses: the batch is retried item by item and only that caller fails", async () => {
    const written: string[] = [];
    const g = groupCommit<string>(async (items) => {
      if (items.includes("poison")) throw new Error("invalid byte sequence");
      written.push(...items);
    });
    const results = await Promise.allSettled(["a", "poison", "b", "c"].map((x) => g.add(x)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(written.sort()).toEqual(["a", "b", "c"]);
  });
});
