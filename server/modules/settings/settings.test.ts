import { describe, expect, it } from "vitest";
import { FAST_SETTINGS, parseProjectSettings, STANDARD_SETTINGS } from "./settings-profiles";
import { projectSettingsSchema } from "./settings.schema";
import { changedSettings } from "./settings.service";

describe("project settings", () => {
  it("fills every section with defaults from an empty or partial document", () => {
    expect(parseProjectSettings({}).signals.rephraseWindowSeconds).toBe(300);
    expect(parseProjectSettings(null).signals.abandonmentIdleSeconds).toBe(1800);
    const partial = parseProjectSettings({ signals: { rephraseWindowSeconds: 42 } });
    expect(partial.signals.rephraseWindowSeconds).toBe(42);
    expect(partial.signals.returnQueryWindowSeconds).toBe(86_400);
    expect(partial.evaluation.baselineWindowSeconds).toBe(604_800);
  });

  it("falls back to defaults for a stored document that no longer validates", () => {
    expect(parseProjectSettings({ signals: { rephraseWindowSeconds: -5 } })).toEqual(STANDARD_SETTINGS);
  });

  it("rejects out-of-range values on update", () => {
    expect(projectSettingsSchema.safeParse({ shadow: { mirrorFraction: 1.5 } }).success).toBe(false);
    expect(projectSettingsSchema.safeParse({ signals: { rephraseWindowSeconds: 0 } }).success).toBe(false);
    expect(projectSettingsSchema.safeParse({ labeling: { overlap: 2.5 } }).success).toBe(false);
  });

  it("has a fast profile whose durations are all shorter than the standard ones", () => {
    expect(FAST_SETTINGS.profile).toBe("fast");
    expect(FAST_SETTINGS.signals.abandonmentIdleSeconds).toBeLessThan(STANDARD_SETTINGS.signals.abandonmentIdleSeconds);
    expect(FAST_SETTINGS.evaluation.baselineWindowSeconds).toBeLessThanOrEqual(3600);
    for (const key of Object.keys(STANDARD_SETTINGS.schedules) as Array<keyof typeof STANDARD_SETTINGS.schedules>) {
      expect(FAST_SETTINGS.schedules[key]).toBeLessThan(STANDARD_SETTINGS.schedules[key]);
    }
  });

  it("lists changed fields by dotted path for the audit log", () => {
    const after = { ...STANDARD_SETTINGS, signals: { ...STANDARD_SETTINGS.signals, rephraseWindowSeconds: 60 } };
    expect(changedSettings(STANDARD_SETTINGS, after)).toEqual({
      "signals.rephraseWindowSeconds": { from: 300, to: 60 },
    });
    expect(changedSettings(STANDARD_SETTINGS, STANDARD_SETTINGS)).toEqual({});
  });
});
