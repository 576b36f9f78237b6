import { describe, expect, it } from "vitest";
import { findUnstorableText, isStorableText, toStorableText } from "./text-guard";

describe("text PostgreSQL can store", () => {
  it("refuses NUL and unpaired surrogates, and keeps every real character (astral ones included)", () => {
    expect(isStorableText("plain, accents: é, CJK: 中文, emoji: 😀")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("lone high \ud83d here")).toBe(false);
    expect(isStorableText("lone low \ude00 here")).toBe(false);
    expect(isStorableText("\ud83d")).toBe(false);
  });

  it("replaces what cannot be stored by U+FFFD and leaves the rest as it was", () => {
    expect(toStorableText("a\u0000b\ud83dc😀")).toBe("a\ufffdb\ufffdc😀");
  });

  it("finds the first bad string anywhere in a structure, keys included", () => {
    expect(findUnstorableText({ a: ["ok", { b: "x\u0000" }] })).toBe("a.1.b");
    expect(findUnstorableText({ ["k\u0000"]: 1 })).toBe("k\u0000");
    expect(findUnstorableText("\u0000")).toBe("(input)");
    expect(findUnstorableText({ a: 1, b: [null, true, "fine"] })).toBeNull();
  });
});
