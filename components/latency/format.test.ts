import { describe, expect, it } from "vitest";
import { formatDuration } from "./format";

describe("formatDuration", () => {
  it("picks the unit people would say", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(7 * 60)).toBe("7 min");
    expect(formatDuration(3.5 * 3600)).toBe("3.5 h");
    expect(formatDuration(2.1 * 86_400)).toBe("2.1 d");
  });
});
