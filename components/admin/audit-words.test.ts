import { describe, expect, it } from "vitest";
import { describeAudit } from "./audit-words";

describe("describeAudit", () => {
  it("says what a shadow decision did, with its reason and rule", () => {
    expect(describeAudit("candidate.reject", { reason: "too slow", evidence: { rule: "max_pairs" } })).toBe(
      "Rejected the candidate (rule: max pairs): too slow",
    );
    expect(describeAudit("candidate.approve", { override: null })).toBe("Approved the candidate (every check passed)");
    expect(describeAudit("model.promote", { reason: "hotfix" })).toBe(
      "Promoted to production with an override: hotfix",
    );
    expect(describeAudit("model.status", { from: "candidate", to: "shadow", mirrorFraction: 0.25 })).toBe(
      "Model status candidate → shadow (25% mirrored)",
    );
  });

  it("counts changed settings and falls back to the action's words", () => {
    expect(describeAudit("settings.update", { changes: { "shadow.alpha": { from: 0.05, to: 0.01 } } })).toBe(
      "Changed 1 setting(s)",
    );
    expect(describeAudit("api_key.create", {})).toBe("api key create");
  });
});
