/** OpenAI chat message. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool" | "developer";
  content: string | null;
  name?: string;
}

export interface InteractionInput {
  /** Your id for the interaction (generated when omitted); feedback refers to it. */
  id?: string;
  sessionId?: string;
  userId?: string;
  modelVersion?: string;
  input: ChatMessage[];
  output?: string | null;
  startedAt?: Date | string;
  endedAt?: Date | string;
  latencyMs?: number;
  tokens?: { prompt?: number; completion?: number };
  metadata?: Record<string, unknown>;
}

export type FeedbackKind = "thumbs_up" | "thumbs_down" | "rating" | "comment";
export interface FeedbackInput {
  interactionId: string;
  kind: FeedbackKind;
  value?: number;
  scale?: number;
  text?: string;
  sessionId?: string;
  userId?: string;
  timestamp?: Date | string;
}

export type BehaviorKind = "copy" | "edit" | "stop_generation" | "page_leave" | "session_end" | "regenerate";
export interface BehaviorInput {
  interactionId?: string;
  sessionId?: string;
  userId?: string;
  kind: BehaviorKind;
  copiedLength?: number;
  editedText?: string;
  generatedChars?: number;
  dwellMs?: number;
  timestamp?: Date | string;
}

export interface EventResult {
  status: "accepted" | "duplicate" | "invalid" | "forbidden";
  eventId: string | null;
  message?: string;
  interactionId?: string;
}

export type WireEvent = Record<string, unknown> & { eventId: string; type: string; timestamp: string };
