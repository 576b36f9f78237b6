import { describe, expect, it } from "vitest";
import { cleanTopicName } from "./topic-namer";

describe("a model's topic name", () => {
  it("is taken as a short phrase, without quotes, labels or trailing punctuation", () => {
    expect(cleanTopicName('"Set up SSO."')).toBe("Set up SSO");
    expect(cleanTopicName("Name: refunds for annual plans\nBecause the questions…")).toBe("Refunds for annual plans");
    expect(cleanTopicName("**Export timeouts**")).toBe("Export timeouts");
  });

  it("is refused when it is no name: empty, long, numbered or markup", () => {
    expect(cleanTopicName(null)).toBeNull();
    expect(cleanTopicName("   ")).toBeNull();
    expect(cleanTopicName("Questions about how to set up single sign-on with identity providers")).toBeNull();
    expect(cleanTopicName("Order 77120 not arrived")).toBeNull();
    expect(cleanTopicName("<b>Refunds</b>")).toBeNull();
  });
});
