import { describe, expect, it } from "vitest";
import { topTerms } from "../signals/text";
import { distinctiveTerms } from "./clustering";
import { topicName } from "./naming";

// Queries as users type them, with the details (order numbers, providers) that vary from one to the next.
const SSO = [
  "SSO login with Okta fails with an invalid audience error",
  "Users get 'invalid audience' when signing in via Google Workspace",
  "Azure AD single sign-on says the audience is invalid",
  "SSO login with Azure AD fails with an invalid audience error",
  "Users get 'invalid audience' when signing in via Okta",
];
const ORDERS = [
  "Where is my order 77120? It has not arrived",
  "My order 90544 has not arrived in Brazil",
  "Order 12345 still not delivered",
  "Has order 55555 shipped yet?",
];
const PASSWORDS = [
  "How do I reset my password?",
  "I forgot my password, how can I reset it?",
  "Reset password email is not coming",
  "The reset password email never arrives on my phone",
];

describe("topic names", () => {
  const terms = distinctiveTerms([SSO, ORDERS, PASSWORDS]);

  it("read like a person wrote them: the phrase the queries share, as users spell it", () => {
    expect(topicName(SSO, terms[0]!)).toBe("Invalid audience");
    expect(topicName(PASSWORDS, terms[2]!)).toBe("Reset password");
  });

  it("never hold a number, a stop word at either end, or a truncated stem", () => {
    const name = topicName(ORDERS, terms[1]!);
    expect(name).not.toMatch(/\d/);
    expect(name).toMatch(/^Order/);
    for (const [texts, t] of [
      [SSO, terms[0]!],
      [ORDERS, terms[1]!],
      [PASSWORDS, terms[2]!],
    ] as const) {
      const n = topicName(texts, t);
      const words = n.toLowerCase().split(" ");
      expect(["the", "my", "is", "a", "not", "with"]).not.toContain(words[0]);
      expect(["the", "my", "is", "a", "not", "with"]).not.toContain(words.at(-1));
      // Every word is one a user typed (no "statu" for "status").
      for (const w of words) expect(texts.join(" ").toLowerCase()).toContain(w);
    }
  });

  it("name a topic of two question families by the word they share", () => {
    const launch = [
      ...SSO,
      "How do I set up SSO with Okta?",
      "How do I set up SSO with Azure AD?",
      "What are the steps to enable Google Workspace SSO for our team?",
      "What are the steps to enable Okta SSO for our team?",
      "How do I set up SSO with Google Workspace?",
    ];
    const [launchTerms] = distinctiveTerms([launch, ORDERS, PASSWORDS]);
    expect(topicName(launch, launchTerms!)).toMatch(/SSO/);
  });

  it("never start with a particle (a phrase is 'Set up SSO', not 'Up SSO')", () => {
    const setup = ["How do I set up SSO with Okta?", "How do I set up SSO with Azure AD?", "Set up SSO for Okta"];
    const name = topicName(setup, ["sso", "okta"]);
    expect(name).not.toMatch(/^Up\b/);
    expect(topicName(setup, ["sso"])).toBe("Set up SSO");
  });

  it("name a topic of one query from its own words", () => {
    const one = "Users get 'invalid audience' when signing in via Okta";
    expect(topicName([one], topTerms([one], 5))).not.toMatch(/·/);
    expect(topicName([], [])).toBe("untitled");
  });
});
