import { describe, expect, it } from "vitest";
import { itemQuestion } from "./item-view";

describe("itemQuestion", () => {
  it("is the last user message of a conversation, on one line", () => {
    expect(
      itemQuestion({
        conversation: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello!" },
          { role: "user", content: "How do I\n  reset my password?" },
        ],
      }),
    ).toBe("How do I reset my password?");
  });

  it("takes a single input and shortens a long one", () => {
    expect(itemQuestion({ input: "x".repeat(200) }, 20)).toBe(`${"x".repeat(19)}…`);
    expect(itemQuestion({})).toBe("");
  });
});
