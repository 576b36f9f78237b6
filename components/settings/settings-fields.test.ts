import { describe, expect, it } from "vitest";
import { STANDARD_SETTINGS } from "@/server/modules/settings/settings-profiles";
import { SETTINGS_FIELDS } from "./settings-fields";

describe("the settings form", () => {
  it("has exactly one field for every setting the server's schema defines", () => {
    const settings = Object.entries(STANDARD_SETTINGS).flatMap(([section, values]) =>
      typeof values === "object" ? Object.keys(values).map((key) => `${section}.${key}`) : [],
    );
    const fields = SETTINGS_FIELDS.map((f) => `${f.section}.${f.key}`);
    expect(new Set(fields).size).toBe(fields.length);
    expect([...fields].sort()).toEqual([...settings].sort());
  });
});
