import { describe, expect, it } from "vitest";
import { ROLES, roleAtLeast, roleRank } from "./roles";

describe("role ordering", () => {
  it("orders roles from viewer to admin", () => {
    expect(ROLES).toEqual(["viewer", "labeler", "ml_lead", "admin"]);
    expect(ROLES.map(roleRank)).toEqual([0, 1, 2, 3]);
  });

  it("grants a role everything the roles below it can do, and nothing above", () => {
    for (const role of ROLES) {
      for (const minimum of ROLES) {
        expect(roleAtLeast(role, minimum)).toBe(ROLES.indexOf(role) >= ROLES.indexOf(minimum));
      }
    }
    expect(roleAtLeast("labeler", "ml_lead")).toBe(false);
    expect(roleAtLeast("ml_lead", "labeler")).toBe(true);
    expect(roleAtLeast("admin", "admin")).toBe(true);
    expect(roleAtLeast("viewer", "labeler")).toBe(false);
  });
});
