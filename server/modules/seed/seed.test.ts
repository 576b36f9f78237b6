import { describe, expect, it } from "vitest";
import { generatePassword } from "./seed.service";

describe("generatePassword", () => {
  it("makes distinct passwords of the asked length without look-alike characters", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-HJ-NP-Za-km-np-z2-9]{18}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
