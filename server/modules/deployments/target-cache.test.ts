import { describe, expect, it } from "vitest";
import { createTargetCache } from "./target-cache";

function harness() {
  let version = 1;
  let loads = 0;
  let onChange: ((projectId: string | null) => void) | null = null;
  let failListen = false;
  const cache = createTargetCache<number>({
    load: async () => {
      loads++;
      return version;
    },
    listen: async (cb) => {
      if (failListen) throw new Error("no connection");
      onChange = cb;
      return async () => {
        onChange = null;
      };
    },
    retryMs: 0,
  });
  return {
    cache,
    setVersion: (v: number) => (version = v),
    notify: (p: string | null) => onChange?.(p),
    loads: () => loads,
    failListen: (v: boolean) => (failListen = v),
  };
}

describe("gateway target cache", () => {
  it("loads every time until it listens, then serves from memory until a change is notified", async () => {
    const h = harness();
    await h.cache.get("p");
    await h.cache.get("p");
    expect(h.loads()).toBe(2);
    await h.cache.listen();
    await h.cache.get("p");
    await h.cache.get("p");
    expect(h.loads()).toBe(3);
    h.setVersion(2);
    h.notify("other");
    expect(await h.cache.get("p")).toBe(1); // another project's change leaves this one cached
    h.notify("p");
    expect(await h.cache.get("p")).toBe(2);
  });

  it("never caches a load that raced with a change, and trusts nothing after the connection is lost", async () => {
    const h = harness();
    await h.cache.listen();
    const racing = h.cache.get("p"); // load starts, then a change lands before it returns
    h.notify("p");
    await racing;
    await h.cache.get("p");
    expect(h.loads()).toBe(2);

    h.notify(null); // connection lost
    expect(h.cache.listening).toBe(false);
    h.failListen(true);
    await h.cache.get("p");
    await h.cache.get("p");
    expect(h.loads()).toBe(4); // no listener, no cache
    h.failListen(false);
    await h.cache.get("p"); // reconnects in the background
    await new Promise((r) => setImmediate(r));
    expect(h.cache.listening).toBe(true);
    await h.cache.stop();
    expect(h.cache.listening).toBe(false);
  });
});
