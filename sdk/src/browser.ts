// Browser snippet: captures what a user does with one answer and reports it with a feedback-only key.
// Copy and stop-generation are captured from the DOM; edits, thumbs and ratings are reported by your app's calls.
import { Tightloop } from "./index.js";

export interface FeedbackTrackerOptions {
  /** A feedback-only key (safe to embed); an ingest key must never be shipped to a browser. */
  apiKey: string;
  baseUrl: string;
  interactionId: string;
  /** The element that shows the answer: copies of its text are captured. */
  answerElement?: HTMLElement | null;
  /** The "stop generating" button, if your UI has one. */
  stopButton?: HTMLElement | null;
  sessionId?: string;
  userId?: string;
}

export interface FeedbackTracker {
  thumbsUp(): void;
  thumbsDown(comment?: string): void;
  rate(value: number, scale?: number): void;
  comment(text: string): void;
  /** The user edited the answer they copied (e.g. in your editor) before using it. */
  reportEdit(editedText: string): void;
  regenerate(): void;
  /** Removes the listeners and sends what is queued. */
  dispose(): Promise<void>;
}

export function trackAnswer(o: FeedbackTrackerOptions): FeedbackTracker {
  const client = new Tightloop({ apiKey: o.apiKey, baseUrl: o.baseUrl, flushIntervalMs: 2000 });
  const shownAt = Date.now();
  const ids = { interactionId: o.interactionId, sessionId: o.sessionId, userId: o.userId };

  const onCopy = () => {
    const selection = document.getSelection()?.toString() ?? "";
    client.behavior({ ...ids, kind: "copy", copiedLength: selection.length });
  };
  const onStop = () =>
    client.behavior({
      ...ids,
      kind: "stop_generation",
      generatedChars: o.answerElement?.textContent?.length ?? undefined,
    });
  // sendBeacon survives the page closing; it cannot set headers, so the key travels as ?key= with a text/plain body.
  const onLeave = () => {
    if (document.visibilityState !== "hidden") return;
    const event = {
      type: "behavior",
      eventId: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      ...ids,
      kind: "page_leave",
      dwellMs: Date.now() - shownAt,
    };
    const url = `${o.baseUrl.replace(/\/+$/, "")}/api/v1/ingest?key=${encodeURIComponent(o.apiKey)}`;
    if (!navigator.sendBeacon?.(url, new Blob([JSON.stringify({ batch: [event] })], { type: "text/plain" })))
      void client.flush();
  };

  o.answerElement?.addEventListener("copy", onCopy);
  o.stopButton?.addEventListener("click", onStop);
  document.addEventListener("visibilitychange", onLeave);

  return {
    thumbsUp: () => client.feedback({ ...ids, kind: "thumbs_up" }),
    thumbsDown: (text) => client.feedback({ ...ids, kind: "thumbs_down", text }),
    rate: (value, scale = 5) => client.feedback({ ...ids, kind: "rating", value, scale }),
    comment: (text) => client.feedback({ ...ids, kind: "comment", text }),
    reportEdit: (editedText) => client.behavior({ ...ids, kind: "edit", editedText }),
    regenerate: () => client.behavior({ ...ids, kind: "regenerate" }),
    async dispose() {
      o.answerElement?.removeEventListener("copy", onCopy);
      o.stopButton?.removeEventListener("click", onStop);
      document.removeEventListener("visibilitychange", onLeave);
      await client.shutdown();
    },
  };
}
