import { z } from "zod";
import { findUnstorableText, isStorableText, UNSTORABLE_TEXT } from "../../text-guard";

// The public ingest contract (POST /api/v1/ingest). Every event has a client eventId (idempotency) and a
// timestamp (past timestamps back-fill history). Strings are bounded so one event cannot exhaust memory.

const storable = (s: z.ZodString) => s.refine(isStorableText, UNSTORABLE_TEXT);
const id = storable(z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"));
const text = (max: number) => storable(z.string().max(max, `must be at most ${max} characters`));

// A timestamp the columns and the loop's windows can use: from 2000 to a day ahead (clients' clocks drift).
const EARLIEST = Date.UTC(2000, 0, 1);
const timestamp = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .refine((v) => Date.parse(v) >= EARLIEST, "must be in the year 2000 or later")
  .refine((v) => Date.parse(v) <= Date.now() + 86_400_000, "must not be more than a day in the future");

/** An int column (PostgreSQL int4) holds at most this. */
const INT4_MAX = 2_147_483_647;
const count = z.number().int().min(0).max(INT4_MAX);

const message = z.object({
  role: z.enum(["system", "user", "assistant", "tool", "developer"]),
  content: z
    .union([
      text(100_000),
      z
        .array(z.object({ type: text(40), text: text(100_000).optional() }).loose())
        .max(50)
        .refine((parts) => findUnstorableText(parts) === null, UNSTORABLE_TEXT),
    ])
    .nullable(),
  name: text(100).optional(),
});

/** The chat messages of an interaction: the ingest API's `input`, and what the gateway accepts as `messages`. */
export const chatMessages = z.array(message).min(1, "needs at least one message").max(200);
export type ChatMessages = z.infer<typeof chatMessages>;

const metadata = z
  .record(text(100), z.unknown())
  .refine((m) => findUnstorableText(m) === null, UNSTORABLE_TEXT)
  .refine((m) => Object.keys(m).length <= 50, "at most 50 keys")
  .refine((m) => JSON.stringify(m).length <= 10_000, "must be at most 10,000 characters as JSON")
  .optional();

const base = { eventId: id, timestamp };

const interactionEvent = z.object({
  ...base,
  type: z.literal("interaction"),
  id,
  sessionId: id.optional(),
  userId: id.optional(),
  modelVersion: text(200).optional(),
  input: chatMessages,
  output: text(200_000).nullable().optional(),
  startedAt: timestamp.optional(),
  endedAt: timestamp.optional(),
  latencyMs: z.number().int().min(0).max(86_400_000).optional(),
  tokens: z.object({ prompt: count.optional(), completion: count.optional() }).optional(),
  metadata,
});

const feedbackEvent = z
  .object({
    ...base,
    type: z.literal("feedback"),
    interactionId: id,
    sessionId: id.optional(),
    userId: id.optional(),
    kind: z.enum(["thumbs_up", "thumbs_down", "rating", "comment"]),
    value: z.number().finite().optional(),
    /** Rating scale maximum (1..scale); default 5. */
    scale: z.number().int().min(2).max(100).optional(),
    text: text(10_000).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.kind === "rating" && e.value === undefined)
      ctx.addIssue({ code: "custom", path: ["value"], message: "a rating needs a value" });
    if (e.kind === "rating" && e.value !== undefined && (e.value < 0 || e.value > (e.scale ?? 5))) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `must be between 0 and ${e.scale ?? 5}` });
    }
    if (e.kind === "comment" && !e.text)
      ctx.addIssue({ code: "custom", path: ["text"], message: "a comment needs text" });
  });

const BEHAVIOR_KINDS = ["copy", "edit", "stop_generation", "page_leave", "session_end", "regenerate"] as const;

const behaviorEvent = z
  .object({
    ...base,
    type: z.literal("behavior"),
    interactionId: id.optional(),
    sessionId: id.optional(),
    userId: id.optional(),
    kind: z.enum(BEHAVIOR_KINDS),
    /** copy: how many characters were copied. */
    copiedLength: z.number().int().min(0).max(10_000_000).optional(),
    /** edit: the user's edited version of the copied answer. */
    editedText: text(200_000).optional(),
    /** stop_generation: how much of the answer had been shown. */
    generatedChars: z.number().int().min(0).max(10_000_000).optional(),
    /** page_leave: how long the answer was on screen. */
    dwellMs: z.number().int().min(0).max(604_800_000).optional(),
  })
  .superRefine((e, ctx) => {
    if (!e.interactionId && !e.sessionId)
      ctx.addIssue({ code: "custom", path: ["interactionId"], message: "needs interactionId or sessionId" });
    if (e.kind === "edit" && e.editedText === undefined)
      ctx.addIssue({ code: "custom", path: ["editedText"], message: "an edit needs editedText" });
  });

export const ingestEvent = z.discriminatedUnion("type", [interactionEvent, feedbackEvent, behaviorEvent]);
export type IngestEvent = z.infer<typeof ingestEvent>;
export type InteractionEvent = z.infer<typeof interactionEvent>;

export type EventStatus =
  | { status: "accepted"; eventId: string; interactionId?: string }
  | { status: "duplicate"; eventId: string }
  | { status: "invalid"; eventId: string | null; message: string }
  | { status: "forbidden"; eventId: string | null; message: string };
