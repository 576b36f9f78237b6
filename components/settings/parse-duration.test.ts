import { describe, expect, it } from "vitest";
import { formatSeconds, parseDuration } from "./settings-fields";

describe("parseDuration", () => {
  it("reads durations as people write them", () => {
    expect(parseDuration("30 d")).toBe(2_592_000);
    expect(parseDuration("15 min")).toBe(900);
    expect(parseDuration("2h")).toBe(7200);
    expect(parseDuration(" 45 s ")).toBe(45);
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("1.5 h")).toBe(5400);
  });

  it("refuses what is not a duration", () => {
    for (const bad of ["", "soon", "10 weeks", "-5 min", "0 s", "5 m 3"]) expect(parseDuration(bad)).toBeNull();
  });

  it("round-trips what formatSeconds shows", () => {
    for (const s of [20, 60, 900, 3600, 86_400, 2_592_000]) expect(parseDuration(formatSeconds(s))).toBe(s);
  });
});
