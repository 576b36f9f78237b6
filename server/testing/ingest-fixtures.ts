import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { createIngestHandler, type IngestLimits } from "../http/ingest-handler";
import type { Services } from "../services";
import { createProject, createUser } from "./factories";

export const TEST_LIMITS: IngestLimits = { maxEvents: 1000, maxBytes: 5_000_000, requestsPerMinute: 1_000_000 };

/** A project with an admin, an ingest key and a feedback-only key, and the real ingest handler around it. */
export async function ingestFixture(db: Db, services: Services, limits: IngestLimits = TEST_LIMITS) {
  const admin = await createUser(db);
  const project = await createProject(db, { members: [{ userId: admin.id, role: "admin" }] });
  const ingestKey = await services.apiKeys.create(
    project.id,
    { name: "server", scope: "ingest", allowedOrigins: [] },
    admin.id,
  );
  const browserKey = await services.apiKeys.create(
    project.id,
    { name: "browser", scope: "feedback_only", allowedOrigins: ["https://app.example.com"] },
    admin.id,
  );
  const handler = createIngestHandler({ services, limits });
  const post = (
    body: unknown,
    opts: { key?: string | null; contentType?: string; query?: string; origin?: string; raw?: BodyInit } = {},
  ) => {
    const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
    const key = opts.key === undefined ? ingestKey.key : opts.key;
    if (key) headers.authorization = `Bearer ${key}`;
    if (opts.origin) headers.origin = opts.origin;
    return handler.post(
      new Request(`http://localhost/api/v1/ingest${opts.query ?? ""}`, {
        method: "POST",
        headers,
        body: opts.raw ?? JSON.stringify(body),
      }),
    );
  };
  return { project, admin, ingestKey: ingestKey.key, browserKey: browserKey.key, handler, post };
}

const iso = (d: Date) => d.toISOString();

export function interactionEvent(over: Record<string, unknown> = {}, at = new Date()) {
  const id = `int-${randomUUID()}`;
  return {
    type: "interaction",
    eventId: `ev-${randomUUID()}`,
    timestamp: iso(at),
    id,
    sessionId: "s-1",
    userId: "u-1",
    input: [{ role: "user", content: "How do I reset my password?" }],
    output: "Go to Settings → Security → Reset password.",
    startedAt: iso(at),
    endedAt: iso(new Date(at.getTime() + 1500)),
    latencyMs: 1500,
    ...over,
  };
}

export function feedbackEvent(interactionId: string, over: Record<string, unknown> = {}, at = new Date()) {
  return {
    type: "feedback",
    eventId: `ev-${randomUUID()}`,
    timestamp: iso(at),
    interactionId,
    kind: "thumbs_down",
    ...over,
  };
}

export function behaviorEvent(
  interactionId: string,
  kind: string,
  over: Record<string, unknown> = {},
  at = new Date(),
) {
  return { type: "behavior", eventId: `ev-${randomUUID()}`, timestamp: iso(at), interactionId, kind, ...over };
}
