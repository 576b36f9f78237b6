import { describe, expect, it } from "vitest";
import { afterFailure, lockRemainingMs, type ThrottlePolicy } from "./sign-in-throttle";

const policy: ThrottlePolicy = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);

describe("sign-in throttle", () => {
  it("locks after maxFailures within the window, for lockMs", () => {
    let state = afterFailure(null, at(0), policy);
    state = afterFailure(state, at(10), policy);
    expect(lockRemainingMs(state, at(11))).toBe(0);
    state = afterFailure(state, at(20), policy);
    expect(state.failures).toBe(3);
    expect(lockRemainingMs(state, at(20))).toBe(120_000);
    expect(lockRemainingMs(state, at(139))).toBe(1_000);
    expect(lockRemainingMs(state, at(141))).toBe(0);
  });

  it("starts a new window once the old one has passed", () => {
    let state = afterFailure(null, at(0), policy);
    state = afterFailure(state, at(30), policy);
    state = afterFailure(state, at(61), policy);
    expect(state.failures).toBe(1);
    expect(state.windowStartedAt).toEqual(at(61));
    expect(lockRemainingMs(state, at(61))).toBe(0);
  });

  it("is unlocked with no history", () => {
    expect(lockRemainingMs(null, at(0))).toBe(0);
  });
});
