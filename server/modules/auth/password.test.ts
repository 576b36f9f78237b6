import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("passwords", () => {
  it("count every character, past bcrypt's 72 bytes too", async () => {
    const common = "é".repeat(40); // 80 bytes in UTF-8
    const hash = await hashPassword(`${common}one`);
    expect(await verifyPassword(`${common}one`, hash)).toBe(true);
    expect(await verifyPassword(`${common}two`, hash)).toBe(false);
  });

  it("still accept a hash made before the change (plain bcrypt)", async () => {
    const old = await bcrypt.hash("an older password", 4);
    expect(await verifyPassword("an older password", old)).toBe(true);
    expect(await verifyPassword("another password", old)).toBe(false);
  });
});
