import { describe, expect, it } from "vitest";
import { toOpenAIPreferenceJsonl } from "./openai-backend";

describe("OpenAI fine-tuning files", () => {
  it("turns TRL preference rows into OpenAI's DPO rows", () => {
    const trl = JSON.stringify({
      prompt: [{ role: "user", content: "Refund time?" }],
      chosen: [{ role: "assistant", content: "5–7 business days." }],
      rejected: [{ role: "assistant", content: "90 days." }],
    });
    expect(JSON.parse(toOpenAIPreferenceJsonl(`${trl}\n`))).toEqual({
      input: { messages: [{ role: "user", content: "Refund time?" }] },
      preferred_output: [{ role: "assistant", content: "5–7 business days." }],
      non_preferred_output: [{ role: "assistant", content: "90 days." }],
    });
  });
});
