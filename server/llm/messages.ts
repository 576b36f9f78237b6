// OpenAI chat messages: the pieces of them the product reads.

/** The text of the last user message (string content, or the text parts of an array content), at most `max` chars. */
export function lastUserText(messages: unknown, max = 10_000): string {
  if (!Array.isArray(messages)) return "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role !== "user" || m.content === null || m.content === undefined) continue;
    const text =
      typeof m.content === "string"
        ? m.content
        : Array.isArray(m.content)
          ? m.content.map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : "")).join(" ")
          : "";
    return text.slice(0, max);
  }
  return "";
}
