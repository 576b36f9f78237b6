// A stored interaction's input as chat bubbles, whatever was stored: records written before the gateway validated
// messages (or by an older client) may hold nulls, numbers or objects where a role or content should be.

export interface DisplayMessage {
  role: string;
  text: string;
}

const asText = (value: unknown): string =>
  typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value);

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return asText(content);
  return content
    .map((part) => {
      if (part && typeof part === "object") {
        const p = part as { text?: unknown; type?: unknown };
        return typeof p.text === "string" ? p.text : `[${typeof p.type === "string" ? p.type : "part"}]`;
      }
      return asText(part);
    })
    .join("\n");
}

export function displayMessages(input: unknown): DisplayMessage[] {
  if (!Array.isArray(input)) return input === null || input === undefined ? [] : [{ role: "?", text: asText(input) }];
  return input.map((m) => {
    if (!m || typeof m !== "object") return { role: "?", text: asText(m) };
    const { role, content } = m as { role?: unknown; content?: unknown };
    return { role: typeof role === "string" ? role : "?", text: contentText(content) };
  });
}
