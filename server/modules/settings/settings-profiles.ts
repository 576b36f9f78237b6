import { projectSettingsSchema, type ProjectSettingsDoc } from "./settings.schema";

/** Parses a stored document; unknown or missing fields fall back to defaults, so old documents stay valid. */
export function parseProjectSettings(data: unknown): ProjectSettingsDoc {
  const result = projectSettingsSchema.safeParse(data ?? {});
  return result.success ? result.data : projectSettingsSchema.parse({});
}

export const STANDARD_SETTINGS: ProjectSettingsDoc = projectSettingsSchema.parse({});

/** Seconds instead of minutes and days: the whole loop closes in minutes (demo world, e2e tests). */
export const FAST_SETTINGS: ProjectSettingsDoc = projectSettingsSchema.parse({
  profile: "fast",
  signals: {
    rephraseWindowSeconds: 20,
    abandonmentIdleSeconds: 60,
    returnQueryWindowSeconds: 300,
    topicShiftWindowSeconds: 3600,
  },
  evaluation: { recentWindowSeconds: 600, baselineWindowSeconds: 3600, minPatternCount: 10, minTrainingRows: 8 },
  shadow: { minPairedSamples: 50 },
  schedules: { rollupIntervalSeconds: 10, patternScanIntervalSeconds: 30, slowSignalsIntervalSeconds: 120 },
});
