import { describe, expect, it } from "vitest";
import { refusedForMs, THROTTLE_WINDOW_MS, throttleKeys } from "./sign-in-throttle";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);

describe("sign-in throttle", () => {
  it("counts an attempt against the (account, address) pair, the account and the address", () => {
    expect(throttleKeys("a@x.io", "203.0.113.7")).toEqual([
      { key: "pair:a@x.io|203.0.113.7", max: 5 },
      { key: "email:a@x.io", max: 50 },
      { key: "ip:203.0.113.7", max: 30 },
    ]);
    expect(throttleKeys("a@x.io", null).map((k) => k.key)).toEqual(["pair:a@x.io|-", "email:a@x.io"]);
  });

  it("refuses once any key is past its limit, until that key's window ends", () => {
    const keys = throttleKeys("a@x.io", "203.0.113.7");
    const within = [
      { attempts: 5, windowStartedAt: at(0) },
      { attempts: 50, windowStartedAt: at(0) },
      { attempts: 30, windowStartedAt: at(0) },
    ];
    expect(refusedForMs(keys, within, at(10))).toBe(0);
    const pairOver = [{ attempts: 6, windowStartedAt: at(0) }, ...within.slice(1)];
    expect(refusedForMs(keys, pairOver, at(60))).toBe(THROTTLE_WINDOW_MS - 60_000);
    const accountOver = [within[0]!, { attempts: 51, windowStartedAt: at(120) }, within[2]!];
    expect(refusedForMs(keys, accountOver, at(180))).toBe(THROTTLE_WINDOW_MS - 60_000);
  });
});
