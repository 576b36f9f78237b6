// `npm run import -- interactions <file.jsonl>`: imports history from other tools through the ingest API (the
// same validation as live traffic). One event per line; a line without `type` is an interaction, and a line
// without `eventId` gets one derived from its content, so importing the same file twice is a no-op.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/** Returns the process exit code. */
export async function importInteractions(file: string): Promise<number> {
  const baseUrl = (process.env.TIGHTLOOP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const apiKey = process.env.TIGHTLOOP_API_KEY;
  if (!apiKey) {
    console.error("TIGHTLOOP_API_KEY is required (an ingest key from Settings → API keys)");
    return 2;
  }

  const BATCH = 500;
  let lineNo = 0;
  let accepted = 0;
  let duplicates = 0;
  const problems: string[] = [];
  let pending: Array<{ line: number; event: unknown }> = [];

  async function send() {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const res = await fetch(`${baseUrl}/api/v1/ingest`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ batch: batch.map((b) => b.event) }),
    });
    if (res.status !== 200 && res.status !== 207) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new Error(`the server answered ${res.status}: ${body?.error?.message ?? res.statusText}`);
    }
    const body = (await res.json()) as { results: Array<{ status: string; message?: string }> };
    body.results.forEach((r, i) => {
      if (r.status === "accepted") accepted++;
      else if (r.status === "duplicate") duplicates++;
      else problems.push(`line ${batch[i]!.line}: ${r.status}: ${r.message ?? ""}`);
    });
    process.stdout.write(
      `\r${lineNo} lines read, ${accepted} imported, ${duplicates} already present, ${problems.length} rejected`,
    );
  }

  try {
    for await (const raw of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
      lineNo++;
      if (!raw.trim()) continue;
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        problems.push(`line ${lineNo}: not valid JSON`);
        continue;
      }
      if (event && typeof event === "object" && !Array.isArray(event)) {
        event.type ??= "interaction";
        event.eventId ??= `import-${createHash("sha256").update(raw).digest("hex").slice(0, 32)}`;
      }
      pending.push({ line: lineNo, event });
      if (pending.length >= BATCH) await send();
    }
    await send();
  } catch (error) {
    console.error(`\nimport stopped: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.log("");
  for (const p of problems.slice(0, 50)) console.error(p);
  if (problems.length > 50) console.error(`… and ${problems.length - 50} more`);
  return problems.length > 0 ? 1 : 0;
}
