// Incremental parser for OpenAI-style server-sent events: rewrites each chunk's `id` to the interaction id and
// collects the answer text and token usage as the stream passes through.

interface StreamSummary {
  text: string;
  promptTokens: number | null;
  completionTokens: number | null;
}

export function createSseRewriter(completionId: string) {
  let buffer = "";
  const summary: StreamSummary = { text: "", promptTokens: null, completionTokens: null };

  function rewriteEvent(event: string): string {
    const lines = event.split("\n");
    return lines
      .map((line) => {
        if (!line.startsWith("data:")) return line;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return line;
        try {
          const chunk = JSON.parse(data) as {
            id?: string;
            choices?: Array<{ delta?: { content?: unknown } }>;
            usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
          };
          const delta = chunk.choices?.[0]?.delta?.content;
          if (typeof delta === "string") summary.text += delta;
          if (chunk.usage) {
            summary.promptTokens = chunk.usage.prompt_tokens ?? summary.promptTokens;
            summary.completionTokens = chunk.usage.completion_tokens ?? summary.completionTokens;
          }
          if ("id" in chunk) chunk.id = completionId;
          return `data: ${JSON.stringify(chunk)}`;
        } catch {
          return line; // not JSON: pass it through untouched
        }
      })
      .join("\n");
  }

  return {
    summary,
    /** Feeds upstream text; returns the complete events seen so far, rewritten. */
    push(text: string): string {
      buffer += text.replace(/\r\n/g, "\n");
      let out = "";
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        out += `${rewriteEvent(buffer.slice(0, end))}\n\n`;
        buffer = buffer.slice(end + 2);
      }
      return out;
    },
    /** Whatever is left when the upstream ends. */
    flush(): string {
      const rest = buffer;
      buffer = "";
      return rest ? rewriteEvent(rest) : "";
    },
  };
}
