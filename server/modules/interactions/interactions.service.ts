import { DomainError } from "../../errors";
import type { InteractionsRepo } from "./interactions.repo";
import type { ListInteractionsInput } from "./interactions.schema";
import { resolveRange } from "./range";

function encodeCursor(startedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([startedAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const startedAt = new Date(at);
    if (Number.isNaN(startedAt.getTime()) || typeof id !== "string") throw new Error("bad cursor");
    return { startedAt, id };
  } catch {
    throw new DomainError("BAD_REQUEST", "Invalid cursor");
  }
}

export function createInteractionsService({ repo, now }: { repo: InteractionsRepo; now: () => Date }) {
  return {
    async list(projectId: string, input: ListInteractionsInput) {
      const { from } = resolveRange(input.range, now());
      const rows = await repo.list(projectId, {
        ...input,
        from,
        cursor: input.cursor ? decodeCursor(input.cursor) : undefined,
      });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          id: r.id,
          clientId: r.clientId,
          sessionId: r.sessionId,
          endUserId: r.endUserId,
          query: r.queryText,
          outputPreview: r.outputPreview,
          startedAt: r.startedAt,
          latencyMs: r.latencyMs,
          modelName: r.modelName,
          modelSimulated: r.modelSimulated === true,
          topicLabel: r.topicLabel,
          signals: r.signals,
        })),
        nextCursor: rows.length > input.limit && last ? encodeCursor(last.startedAt, last.id) : null,
      };
    },

    facets: repo.facets,
    firstStartedAt: repo.firstStartedAt,

    async get(projectId: string, interactionId: string) {
      const interaction = await repo.get(projectId, interactionId);
      if (!interaction) throw new DomainError("NOT_FOUND", "Interaction not found");
      return interaction;
    },
  };
}
