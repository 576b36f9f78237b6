import { describe, expect, it } from "vitest";
import { oidcProfile } from "./oidc-profile";

describe("an OIDC identity", () => {
  it("carries its e-mail only when the provider verified it", () => {
    expect(oidcProfile({ sub: "1", email: "a@x.io", email_verified: true, name: "A" })).toEqual({
      id: "1",
      email: "a@x.io",
      name: "A",
    });
    expect(oidcProfile({ sub: "2", email: "a@x.io", email_verified: "true" }).email).toBe("a@x.io");
    expect(oidcProfile({ sub: "3", email: "admin@x.io", email_verified: false }).email).toBeNull();
    expect(oidcProfile({ sub: "4", email: "admin@x.io" }).email).toBeNull();
  });
});
