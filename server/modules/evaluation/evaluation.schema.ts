import { z } from "zod";

// Rubrics (versioned: editing makes a new version, old scores keep theirs) and judge configurations.

const slug = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, "Use lower-case letters, digits and underscores, e.g. off_topic");

const criterion = z.object({
  name: z.string().trim().min(1, "Name the criterion").max(80),
  description: z.string().trim().min(1, "Describe what the judge should check").max(1000),
  scale: z.enum(["pass_fail", "1-5"]),
});

const rubricExample = z.object({
  input: z.string().trim().min(1).max(4000),
  output: z.string().trim().min(1).max(4000),
  verdict: z.enum(["pass", "fail"]),
  note: z.string().trim().max(1000).default(""),
});

const rubricContent = z.object({
  criteria: z.array(criterion).min(1, "Add at least one criterion").max(10),
  failureCategories: z
    .array(slug)
    .min(1, "Add at least one failure category")
    .max(12)
    .refine((c) => new Set(c).size === c.length, "Categories must be distinct"),
  examples: z.array(rubricExample).max(10).default([]),
  notes: z.string().trim().max(2000).optional(),
});
export type RubricContent = z.infer<typeof rubricContent>;

export const createRubricInput = rubricContent.extend({ name: z.string().trim().min(1, "Name is required").max(80) });
export const newRubricVersionInput = rubricContent.extend({ rubricId: z.string().min(1).max(64) });

const judgeFilters = z.object({
  modelVersionIds: z.array(z.string().min(1).max(64)).max(50).optional(),
  topicIds: z.array(z.string().min(1).max(64)).max(200).optional(),
  /** Only interactions that already carry a negative user signal. */
  negativeSignalOnly: z.boolean().optional(),
});
export type JudgeFilters = z.infer<typeof judgeFilters>;

const judgeCommon = {
  name: z.string().trim().min(1, "Name is required").max(80),
  rubricVersionId: z.string().min(1, "Pick a rubric version").max(64),
  sampleRate: z.number().min(0).max(1),
  filters: judgeFilters.default({}),
};

export const createJudgeInput = z.discriminatedUnion("provider", [
  z.object({
    ...judgeCommon,
    provider: z.literal("openai-compatible"),
    baseUrl: z.url("Enter the endpoint's base URL, e.g. https://api.openai.com/v1").max(500),
    model: z.string().trim().min(1, "The judge model's name is required").max(200),
    apiKey: z.string().max(500).optional(),
    timeoutSeconds: z.number().int().min(1).max(600).default(60),
  }),
  z.object({
    ...judgeCommon,
    /** The demo world's judge: knows the truth, errs with probability `noise` (less confident when wrong). */
    provider: z.literal("simulated"),
    noise: z.number().min(0).max(0.5).default(0.1),
  }),
]);
export type CreateJudgeInput = z.infer<typeof createJudgeInput>;

export const updateJudgeInput = z.object({
  judgeConfigId: z.string().min(1).max(64),
  enabled: z.boolean().optional(),
  sampleRate: z.number().min(0).max(1).optional(),
  rubricVersionId: z.string().min(1).max(64).optional(),
  filters: judgeFilters.optional(),
  /** Clears a pause after repeated provider failures. */
  resume: z.boolean().optional(),
});

export const startBackfillInput = z
  .object({ judgeConfigId: z.string().min(1).max(64), from: z.date(), to: z.date() })
  .refine((v) => v.from < v.to, { message: "The start must be before the end", path: ["from"] });

export const backfillIdInput = z.object({ backfillId: z.string().min(1).max(64) });
