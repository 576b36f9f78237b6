import { lastUserText } from "../../llm/messages";
import type { ZodError } from "zod";
import type { WakeSignals } from "../signals/signal-wake";
import type { ApiKeyPrincipal } from "../api-keys/api-keys.service";
import type { SqlUnitOfWork } from "../../db/unit-of-work";
import type { EventRow, IngestRepo, InteractionRow, SessionTouch } from "./ingest.repo";
import { ingestEvent, type EventStatus, type IngestEvent, type InteractionEvent } from "./ingest.schema";
import { unsafeReason } from "./payload-guard";

export interface IngestResult {
  results: EventStatus[];
  accepted: number;
  duplicates: number;
  rejected: number;
}

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "event"}: ${i.message}`)
    .join("; ");
}

/** The text that topics, search and the rephrase rules look at: the last user message. */
function interactionRow(e: InteractionEvent, source: string): InteractionRow {
  return {
    clientEventId: e.eventId,
    clientId: e.id,
    sessionId: e.sessionId ?? null,
    endUserId: e.userId ?? null,
    modelVersion: e.modelVersion ?? null,
    input: JSON.stringify(e.input),
    output: e.output ?? null,
    queryText: lastUserText(e.input),
    startedAt: e.startedAt ?? e.timestamp,
    endedAt: e.endedAt ?? null,
    latencyMs: e.latencyMs ?? null,
    promptTokens: e.tokens?.prompt ?? null,
    completionTokens: e.tokens?.completion ?? null,
    metadata: JSON.stringify(e.metadata ?? {}),
    source,
  };
}

function eventRow(e: Exclude<IngestEvent, InteractionEvent>): EventRow {
  const { eventId, timestamp, type, kind, interactionId, sessionId, userId, ...rest } = e;
  return {
    clientEventId: eventId,
    type,
    kind,
    interactionRef: interactionId ?? null,
    sessionId: sessionId ?? null,
    endUserId: userId ?? null,
    payload: JSON.stringify(rest),
    occurredAt: timestamp,
  };
}

export function createIngestService({
  repo,
  sqlUow,
  wakeSignals,
}: {
  repo: IngestRepo;
  /** One driver transaction per batch (the hot path). */
  sqlUow: SqlUnitOfWork;
  wakeSignals: WakeSignals;
}) {
  /** One transaction per batch: rows, the links between events and interactions (either may arrive first), sessions. */
  const writeBatch = (
    projectId: string,
    interactions: InteractionRow[],
    events: EventRow[],
    sessions: SessionTouch[],
  ) =>
    sqlUow(async (trx) => {
      const writtenInteractions = await repo.insertInteractions(trx, projectId, interactions);
      const writtenEvents = await repo.insertEvents(trx, projectId, events);
      await repo.linkEvents(trx, projectId, [...writtenInteractions.values()]);
      if (writtenInteractions.size > 0 || writtenEvents.size > 0) await repo.touchSessions(trx, projectId, sessions);
      return { interactions: writtenInteractions, events: writtenEvents };
    });

  return {
    /**
     * Validates each event on its own and writes the valid ones in one transaction. Nothing of an invalid or
     * forbidden event is written. Re-sent eventIds (in this batch or earlier ones) are reported as duplicates.
     */
    async ingest(principal: ApiKeyPrincipal, batch: unknown[], source = "ingest"): Promise<IngestResult> {
      const results: EventStatus[] = new Array(batch.length);
      const interactions: Array<{ index: number; row: InteractionRow }> = [];
      const events: Array<{ index: number; row: EventRow }> = [];
      const sessions = new Map<string, SessionTouch>();
      const seen = new Set<string>();
      const mayWriteInteractions = principal.scopes.includes("ingest");

      batch.forEach((raw, index) => {
        const rawId =
          raw && typeof raw === "object" && typeof (raw as { eventId?: unknown }).eventId === "string"
            ? (raw as { eventId: string }).eventId.slice(0, 200)
            : null;
        const unsafe = unsafeReason(raw);
        if (unsafe) {
          results[index] = { status: "invalid", eventId: rawId, message: `event ${unsafe}` };
          return;
        }
        const parsed = ingestEvent.safeParse(raw);
        if (!parsed.success) {
          results[index] = { status: "invalid", eventId: rawId, message: describeZodError(parsed.error) };
          return;
        }
        const e = parsed.data;
        if (e.type === "interaction" && !mayWriteInteractions) {
          results[index] = {
            status: "forbidden",
            eventId: e.eventId,
            message: "a feedback-only key cannot send interactions",
          };
          return;
        }
        if (seen.has(e.eventId)) {
          results[index] = { status: "duplicate", eventId: e.eventId };
          return;
        }
        seen.add(e.eventId);
        if (e.type === "interaction") interactions.push({ index, row: interactionRow(e, source) });
        else events.push({ index, row: eventRow(e) });
        if (e.sessionId) {
          const at = e.type === "interaction" ? (e.endedAt ?? e.startedAt ?? e.timestamp) : e.timestamp;
          const prev = sessions.get(e.sessionId);
          if (!prev || Date.parse(at) > Date.parse(prev.lastActivityAt)) {
            sessions.set(e.sessionId, {
              sessionId: e.sessionId,
              endUserId: e.userId ?? prev?.endUserId ?? null,
              lastActivityAt: at,
            });
          }
        }
      });

      const written =
        interactions.length || events.length
          ? await writeBatch(
              principal.projectId,
              interactions.map((i) => i.row),
              events.map((e) => e.row),
              [...sessions.values()],
            )
          : { interactions: new Map<string, string>(), events: new Set<string>() };

      for (const { index, row } of interactions) {
        const id = written.interactions.get(row.clientEventId);
        results[index] = id
          ? { status: "accepted", eventId: row.clientEventId, interactionId: id }
          : { status: "duplicate", eventId: row.clientEventId };
      }
      for (const { index, row } of events) {
        results[index] = written.events.has(row.clientEventId)
          ? { status: "accepted", eventId: row.clientEventId }
          : { status: "duplicate", eventId: row.clientEventId };
      }
      const accepted = results.filter((r) => r.status === "accepted").length;
      const duplicates = results.filter((r) => r.status === "duplicate").length;
      if (accepted > 0) await wakeSignals(principal.projectId);
      return { results, accepted, duplicates, rejected: results.length - accepted - duplicates };
    },
  };
}
