"use client";

import { SignalBadge } from "@/components/signals/signal-badge";
import { WordDiff } from "./word-diff";

export interface ItemPayload {
  input?: unknown;
  conversation?: unknown;
  output?: unknown;
  outputA?: unknown;
  outputB?: unknown;
  labelA?: unknown;
  labelB?: unknown;
  model?: unknown;
}

const REASON_LABELS: Record<string, string> = {
  unparseable: "the judge's output could not be read",
  low_confidence: "the judge was unsure",
  judge_pass_negative_signal: "the judge passed it but the user reacted badly",
  judge_fail_positive_signal: "the judge failed it but the user was satisfied",
  new_topic: "the topic is new",
  manual: "added by hand",
  import: "imported",
  calibration: "calibration session",
};

const text = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v));

function messagesOf(payload: ItemPayload): Array<{ role: string; content: string }> {
  if (Array.isArray(payload.conversation)) {
    return payload.conversation.map((m: { role?: unknown; content?: unknown }) => ({
      role: text(m?.role) || "user",
      content: text(m?.content),
    }));
  }
  return [{ role: "user", content: text(payload.input) }];
}

/** The item's question in one line (its last user message, shortened), for lists of items. */
export function itemQuestion(payload: ItemPayload, max = 140): string {
  const last = [...messagesOf(payload)].reverse().find((m) => m.role === "user") ?? messagesOf(payload).at(-1);
  const line = (last?.content ?? "").replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** What a labeler judges: the conversation, then the answer (or both answers with a word diff). */
export function ItemView({
  payload,
  signals,
  reason,
}: {
  payload: ItemPayload;
  signals?: Array<{ type: string; polarity: string; source: string }> | null;
  reason?: string | null;
}) {
  const pairwise = payload.outputA !== undefined;
  return (
    <div className="space-y-4">
      <section aria-label="Conversation" className="space-y-2">
        {messagesOf(payload).map((m, i) => (
          <div key={i} className="rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800/60">
            <div className="mb-1 text-xs font-semibold uppercase text-zinc-500">{m.role}</div>
            <p className="whitespace-pre-wrap">{m.content}</p>
          </div>
        ))}
      </section>
      {pairwise ? (
        <WordDiff
          a={text(payload.outputA)}
          b={text(payload.outputB)}
          labelA={text(payload.labelA) || "first"}
          labelB={text(payload.labelB) || "second"}
        />
      ) : (
        <section aria-label="Answer" className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <h3 className="mb-2 text-xs font-semibold uppercase text-zinc-500">
            Answer{payload.model ? ` (${text(payload.model)})` : ""}
          </h3>
          <p className="whitespace-pre-wrap">{text(payload.output)}</p>
        </section>
      )}
      {signals && signals.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
          What the user did:
          {signals.map((s, i) => (
            <SignalBadge key={i} type={s.type} polarity={s.polarity} />
          ))}
        </div>
      ) : null}
      {reason ? (
        <p className="text-xs text-zinc-500">
          Sent to humans because:{" "}
          {reason
            .split(",")
            .map((r) => REASON_LABELS[r] ?? r)
            .join("; ")}
        </p>
      ) : null}
    </div>
  );
}
