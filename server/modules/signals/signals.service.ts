import { topicName } from "../topics/naming";
import { detectAll } from "tinyld";
import type { Embedder } from "../../llm/embeddings";
import type { ProjectSettingsDoc } from "../settings/settings.schema";
import type { SettingsService } from "../settings/settings.service";
import { detectAbandonment } from "./rules/abandonment";
import {
  correctionSignal,
  explicitSignal,
  regenerateSignal,
  truncationSignal,
  type FeedbackPayload,
} from "./rules/events";
import { detectRephrase, type QueryTurn } from "./rules/rephrase";
import { detectReturnQuery } from "./rules/return-query";
import type { SignalDecision } from "./rules/types";
import type { NewSignal, SignalsRepo } from "./signals.repo";
import type { RangeName } from "../interactions/interactions.schema";
import { resolveRange } from "../interactions/range";
import { classifyLanguage, tokens, topTerms } from "./text";
import { TOPIC_TERMS, addToCentroid, nearestTopic, type TopicCentroid } from "../topics/assignment";

// Batch sizes bound one job's work; the job re-queues itself while a backlog remains.
const INTERACTION_BATCH = 200;
const TOP_SESSIONS = 10;
const EVENT_BATCH = 1000;
const SESSION_BATCH = 500;
const RETURN_QUERY_CANDIDATES = 20;

export interface ProcessResult {
  interactions: number;
  events: number;
  sessionsClosed: number;
  signals: number;
  /** More rows are waiting than one run takes. */
  backlog: boolean;
}

type SignalSettings = ProjectSettingsDoc["signals"];
type Turn = QueryTurn & { sessionId: string | null; endUserId: string | null };

function toTurn(row: {
  id: string;
  sessionId: string | null;
  endUserId: string | null;
  queryText: string;
  language: string | null;
  embedding: number[];
  startedAt: Date;
  endedAt: Date | null;
}): Turn {
  return {
    interactionId: row.id,
    sessionId: row.sessionId,
    endUserId: row.endUserId,
    text: row.queryText,
    language: row.language,
    embedding: row.embedding.length ? row.embedding : null,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  };
}

/**
 * Turns ingested interactions and events into signals (the worker's "fast" path): language + embedding + topic
 * for each new interaction, then the implicit rules (rephrase, return query, truncation, correction, regenerate,
 * abandonment) and explicit feedback. Idempotent: every signal has a dedupe key, so re-running never duplicates.
 */
export function createSignalsService({
  repo,
  settings,
  embedder,
  now,
}: {
  repo: SignalsRepo;
  settings: SettingsService;
  embedder: Embedder;
  now: () => Date;
}) {
  function signal(
    projectId: string,
    interactionId: string,
    decision: SignalDecision,
    source: "explicit" | "implicit",
    dedupeKey: string,
    occurredAt: Date,
  ): NewSignal {
    return {
      projectId,
      interactionId,
      type: decision.type,
      polarity: decision.polarity,
      strength: decision.strength,
      source,
      evidence: decision.evidence as never,
      dedupeKey,
      occurredAt,
    };
  }

  async function processInteractions(projectId: string, s: SignalSettings, out: NewSignal[]) {
    const rows = await repo.unprocessedInteractions(projectId, INTERACTION_BATCH);
    if (rows.length === 0) return 0;

    const languages = rows.map((r) => classifyLanguage(r.queryText, detectAll(r.queryText)));
    const englishIdx = rows.map((_, i) => i).filter((i) => languages[i] === "en");
    const vectors = await embedder.embed(englishIdx.map((i) => rows[i]!.queryText));
    const embeddings: number[][] = rows.map(() => []);
    englishIdx.forEach((rowIdx, k) => (embeddings[rowIdx] = vectors[k]!));

    // Topics: the nearest centroid that is close enough and shares the topic's vocabulary, else a new topic named by
    // the query's own terms.
    const topics: TopicCentroid[] = await repo.topics(projectId);
    const dirty = new Map<string, TopicCentroid>();
    const topicIds: Array<string | null> = [];
    for (let i = 0; i < rows.length; i++) {
      const e = embeddings[i]!;
      if (e.length === 0) {
        topicIds.push(rows[i]!.topicId);
        continue;
      }
      const hit = nearestTopic(e, new Set(tokens(rows[i]!.queryText)), topics, {
        minSimilarity: s.topicMinSimilarity,
        semanticOnlySimilarity: s.topicSemanticOnlySimilarity,
      });
      if (rows[i]!.role !== "production") {
        // A shadow answer repeats its production request: it takes the topic without counting the query twice.
        topicIds.push(hit?.topic.id ?? null);
        continue;
      }
      if (hit) {
        hit.topic.centroid = addToCentroid(hit.topic.centroid, hit.topic.size, e);
        hit.topic.size += 1;
        dirty.set(hit.topic.id, hit.topic);
        topicIds.push(hit.topic.id);
      } else {
        const terms = topTerms([rows[i]!.queryText], TOPIC_TERMS);
        const created = await repo.createTopic(projectId, topicName([rows[i]!.queryText], terms), terms, e);
        topics.push(created);
        topicIds.push(created.id);
      }
    }
    for (const t of dirty.values()) await repo.updateTopic(t.id, t.centroid, t.size);
    await repo.saveProcessed(
      rows.map((r, i) => ({
        id: r.id,
        language: languages[i]!,
        embedding: embeddings[i]!,
        topicId: topicIds[i] ?? null,
      })),
      now(),
    );

    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // Users never see shadow answers: no user signal can be about them, and they are no turn of the session.
      if (row.role !== "production") continue;
      const turn = toTurn({ ...row, language: languages[i]!, embedding: embeddings[i]! });
      if (row.aborted)
        out.push(
          signal(
            projectId,
            row.id,
            truncationSignal({ via: "gateway" }),
            "implicit",
            `truncation:${row.id}`,
            row.endedAt ?? row.startedAt,
          ),
        );
      if (row.sessionId) {
        // Both directions: history can arrive out of order, so a new turn may be the rephrase or the rephrased.
        const { prev, next } = await repo.sessionNeighbours(projectId, row.sessionId, row.startedAt, row.id);
        if (prev) {
          const d = detectRephrase(toTurn(prev), turn, s);
          if (d) out.push(signal(projectId, prev.id, d, "implicit", `rephrase:${prev.id}`, turn.startedAt));
        }
        if (next) {
          const d = detectRephrase(turn, toTurn(next), s);
          if (d) out.push(signal(projectId, row.id, d, "implicit", `rephrase:${row.id}`, next.startedAt));
        }
      }
      if (row.endUserId) {
        const from = new Date(row.startedAt.getTime() - s.returnQueryWindowSeconds * 1000);
        const history = await repo.userHistory(
          projectId,
          row.endUserId,
          from,
          row.startedAt,
          row.id,
          RETURN_QUERY_CANDIDATES,
        );
        let best: { earlier: Turn; decision: SignalDecision } | null = null;
        for (const h of history) {
          const earlier = toTurn(h);
          const d = detectReturnQuery(earlier, turn, s);
          if (d && (!best || d.strength > best.decision.strength)) best = { earlier, decision: d };
        }
        if (best)
          out.push(
            signal(
              projectId,
              best.earlier.interactionId,
              best.decision,
              "implicit",
              `return_query:${best.earlier.interactionId}`,
              turn.startedAt,
            ),
          );
      }
    }
    return rows.length;
  }

  async function processEvents(projectId: string, out: NewSignal[]) {
    const events = await repo.unprocessedEvents(projectId, EVENT_BATCH);
    for (const e of events) {
      const payload = (e.payload ?? {}) as FeedbackPayload & { editedText?: string; generatedChars?: number };
      let decision: SignalDecision | null = null;
      let source: "explicit" | "implicit" = "implicit";
      if (e.type === "feedback") {
        decision = explicitSignal(e.kind, payload);
        source = "explicit";
      } else if (e.kind === "stop_generation") {
        decision = truncationSignal({
          via: "stop_generation",
          generatedChars: payload.generatedChars ?? null,
          answerLength: e.answer?.length ?? null,
        });
      } else if (e.kind === "regenerate") {
        decision = regenerateSignal();
      } else if (e.kind === "edit" && payload.editedText !== undefined) {
        decision = correctionSignal(
          e.answer,
          payload.editedText,
          await repo.copiedBefore(projectId, e.interactionId, e.occurredAt),
        );
      }
      if (decision) {
        // One truncation per answer (the gateway and the browser may both report it); other kinds per event.
        const key =
          decision.type === "truncation" ? `truncation:${e.interactionId}` : `${decision.type}:${e.clientEventId}`;
        out.push(signal(projectId, e.interactionId, decision, source, key, e.occurredAt));
      }
    }
    await repo.markEventsProcessed(
      events.map((e) => e.id),
      now(),
    );
    return events.length;
  }

  async function closeIdleSessions(projectId: string, s: SignalSettings, out: NewSignal[]) {
    const idle = await repo.idleSessions(
      projectId,
      new Date(now().getTime() - s.abandonmentIdleSeconds * 1000),
      SESSION_BATCH,
    );
    for (const session of idle) {
      const summary = await repo.sessionSummary(projectId, session.sessionId);
      if (!summary) continue;
      const decision = detectAbandonment(
        {
          interactionId: summary.last.id,
          answeredAt: summary.last.endedAt ?? summary.last.startedAt,
          events: summary.events.map((e) => {
            const p = (e.payload ?? {}) as { value?: number; scale?: number; dwellMs?: number };
            return { kind: e.kind, occurredAt: e.occurredAt, value: p.value, scale: p.scale, dwellMs: p.dwellMs };
          }),
        },
        {
          lastActivityAt: session.lastActivityAt,
          negativeSignalTypes: summary.negativeTypes,
          rephrasedEarlier: summary.rephrasedEarlier,
          interactionsInSession: summary.count,
        },
      );
      if (decision)
        out.push(
          signal(
            projectId,
            summary.last.id,
            decision,
            "implicit",
            `abandonment:${summary.last.id}`,
            session.lastActivityAt,
          ),
        );
    }
    await repo.closeSessions(
      projectId,
      idle.map((i) => i.sessionId),
      now(),
    );
    return idle.length;
  }

  return {
    async processProject(projectId: string): Promise<ProcessResult> {
      const out: NewSignal[] = [];
      const s = (await settings.get(projectId)).signals; // read once per run
      const interactions = await processInteractions(projectId, s, out);
      // Insert before the event rules run: abandonment looks at the negative signals already derived.
      let inserted = await repo.insertSignals(out.splice(0));
      const events = await processEvents(projectId, out);
      inserted += await repo.insertSignals(out.splice(0));
      const sessionsClosed = await closeIdleSessions(projectId, s, out);
      inserted += await repo.insertSignals(out.splice(0));
      return {
        interactions,
        events,
        sessionsClosed,
        signals: inserted,
        backlog: interactions === INTERACTION_BATCH || events === EVENT_BATCH || sessionsClosed === SESSION_BATCH,
      };
    },

    projectsWithWork: () => repo.projectsWithWork(),

    /** Coverage over time (share of interactions with any explicit / implicit signal), breakdown, worst sessions. */
    async overview(projectId: string, range: RangeName) {
      const { from, to, bucketSeconds } = resolveRange(range, now());
      const [series, breakdown, sessions] = await Promise.all([
        repo.coverage(projectId, from, to, bucketSeconds),
        repo.signalBreakdown(projectId, from, to),
        repo.topNegativeSessions(projectId, from, to, TOP_SESSIONS),
      ]);
      const totals = series.reduce(
        (acc, b) => ({
          total: acc.total + b.total,
          explicit: acc.explicit + b.explicit,
          implicit: acc.implicit + b.implicit,
          any: acc.any + b.anySignal,
        }),
        { total: 0, explicit: 0, implicit: 0, any: 0 },
      );
      const share = (n: number, d: number) => (d === 0 ? null : n / d);
      return {
        bucketSeconds,
        totals: {
          ...totals,
          explicitShare: share(totals.explicit, totals.total),
          implicitShare: share(totals.implicit, totals.total),
          anyShare: share(totals.any, totals.total),
        },
        series: series.map((b) => ({
          at: b.bucket,
          total: b.total,
          explicitShare: share(b.explicit, b.total),
          implicitShare: share(b.implicit, b.total),
        })),
        breakdown,
        topSessions: sessions.map((s) => ({
          sessionId: s.sessionId,
          negatives: s.negatives,
          interactions: s.interactions,
          types: s.types,
          lastAt: s.lastAt,
        })),
      };
    },
  };
}
