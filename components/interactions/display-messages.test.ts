import { describe, expect, it } from "vitest";
import { displayMessages } from "./display-messages";

describe("an interaction's messages on its page", () => {
  it("shows well-formed messages as they are", () => {
    expect(
      displayMessages([
        { role: "user", content: "Hi" },
        { role: "assistant", content: [{ type: "text", text: "Hello" }, { type: "image_url" }] },
        { role: "assistant", content: null },
      ]),
    ).toEqual([
      { role: "user", text: "Hi" },
      { role: "assistant", text: "Hello\n[image_url]" },
      { role: "assistant", text: "" },
    ]);
  });

  it("shows any malformed record as text instead of failing the page", () => {
    expect(
      displayMessages([null, 1, "x", { role: { admin: true }, content: { a: 1 } }, { content: [null, 2] }]),
    ).toEqual([
      { role: "?", text: "" },
      { role: "?", text: "1" },
      { role: "?", text: "x" },
      { role: "?", text: '{"a":1}' },
      { role: "?", text: "\n2" },
    ]);
    expect(displayMessages({ not: "an array" })).toEqual([{ role: "?", text: '{"not":"an array"}' }]);
    expect(displayMessages(null)).toEqual([]);
  });
});
