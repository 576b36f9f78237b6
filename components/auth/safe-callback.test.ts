import { describe, expect, it } from "vitest";
import { safeCallback } from "./safe-callback";

const origin = "https://tightloop.example";

describe("the sign-in callback", () => {
  it("keeps a path of this origin, with its query and hash", () => {
    expect(safeCallback("/p/abc/labeling?queue=q1#item", origin)).toBe("/p/abc/labeling?queue=q1#item");
    expect(safeCallback("https://tightloop.example/p/abc", origin)).toBe("/p/abc");
    expect(safeCallback(null, origin)).toBe("/");
  });

  it("refuses every form browsers turn into another host", () => {
    for (const raw of [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/%09/evil.example",
      "/\t/evil.example",
      "/%5Cevil.example",
      "https://evil.example/p",
      "javascript:alert(1)",
      "http://tightloop.example/p",
    ]) {
      expect(safeCallback(raw, origin), raw).toBe("/");
    }
  });
});
