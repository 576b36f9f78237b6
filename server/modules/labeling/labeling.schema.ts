import { z } from "zod";
import { DEFAULT_ROUTING } from "./routing";

const id = z.string().min(1).max(64);

const routingRulesInput = z.object({
  confidenceBelow: z.number().min(0).max(1).default(DEFAULT_ROUTING.confidenceBelow),
  signalDisagreement: z.boolean().default(DEFAULT_ROUTING.signalDisagreement),
  signalStrength: z.number().min(0).max(1).default(DEFAULT_ROUTING.signalStrength),
  unparseable: z.boolean().default(DEFAULT_ROUTING.unparseable),
  newTopicHours: z
    .number()
    .min(0)
    .max(24 * 90)
    .default(DEFAULT_ROUTING.newTopicHours),
});

const queueSettings = {
  description: z.string().trim().max(1000).optional(),
  overlap: z.number().int().min(1, "At least one labeler per item").max(10),
  goldRate: z.number().min(0).max(1),
  priority: z.number().int().min(-100).max(100).default(0),
  showSignals: z.boolean().default(true),
  assigneeIds: z.array(id).max(200).default([]),
};

export const createQueueInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  kind: z.enum(["pointwise", "pairwise"]),
  rubricVersionId: id.optional(),
  ...queueSettings,
  /** Present: the routing rules fill this queue from judged interactions. */
  routing: routingRulesInput.optional(),
});
export type CreateQueueInput = z.infer<typeof createQueueInput>;

export const updateQueueInput = z.object({
  queueId: id,
  name: z.string().trim().min(1, "Name is required").max(80).optional(),
  description: queueSettings.description,
  overlap: queueSettings.overlap.optional(),
  goldRate: queueSettings.goldRate.optional(),
  priority: z.number().int().min(-100).max(100).optional(),
  showSignals: z.boolean().optional(),
  assigneeIds: z.array(id).max(200).optional(),
  routing: routingRulesInput.nullable().optional(),
});
export type UpdateQueueInput = z.infer<typeof updateQueueInput>;

export const queueIdInput = z.object({ queueId: id });
export const addItemsInput = z.object({
  queueId: id,
  /** By hand: these interactions (production answers, or pairs with their shadow answer for pairwise queues). */
  interactionIds: z.array(id).max(500).optional(),
  /** By filter: recent interactions matching all given conditions, newest first. */
  filter: z
    .object({
      from: z.coerce.date().optional(),
      to: z.coerce.date().optional(),
      modelVersionId: id.optional(),
      topicId: id.optional(),
      negativeSignalOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(1000).default(50),
    })
    .optional(),
});
export type AddItemsInput = z.infer<typeof addItemsInput>;

export const setGoldInput = z.object({ itemId: id, goldChoice: z.string().trim().min(1).max(40).nullable() });

export const submitLabelInput = z.object({
  itemId: id,
  choice: z.string().trim().min(1).max(10),
  category: z.string().trim().min(1).max(40).optional(),
  rationale: z.string().trim().max(2000).optional(),
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
});
export type SubmitLabelInput = z.infer<typeof submitLabelInput>;

export const skipItemInput = z.object({ itemId: id, reason: z.string().trim().min(1, "Say why").max(200) });

export const listItemsInput = z.object({
  queueId: id,
  status: z.enum(["open", "complete", "needs_adjudication", "adjudicated"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

export const adjudicateInput = z.object({
  itemId: id,
  label: z.string().trim().min(1).max(40),
  note: z.string().trim().max(2000).optional(),
});

export const agreementInput = z.object({ queueId: id, rubricVersionId: id.optional() });

export const createCalibrationInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  sourceQueueId: id,
  /** N items drawn from the source queue (those with the most disagreement first, then the most recent). */
  itemCount: z.number().int().min(2, "Pick at least 2 items").max(100),
  participantIds: z.array(id).min(2, "Pick at least two participants").max(50),
});
export type CreateCalibrationInput = z.infer<typeof createCalibrationInput>;

export const calibrationIdInput = z.object({ sessionId: id });
export const closeCalibrationInput = z.object({
  sessionId: id,
  rubricNote: z.string().trim().max(2000).optional(),
  /** Make the note part of a new version of the queue's rubric. */
  newRubricVersion: z.boolean().default(false),
});

export const IMPORT_FORMATS = ["jsonl", "pandalm", "llmbar"] as const;
export const importLabelsInput = z.object({
  format: z.enum(IMPORT_FORMATS),
  /** The file's text (up to 20 MB). */
  content: z.string().min(1, "The file is empty").max(20_000_000),
  judgeContent: z.string().max(20_000_000).optional(),
  name: z.string().trim().min(1).max(80).optional(),
});
export type ImportLabelsInput = z.infer<typeof importLabelsInput>;
