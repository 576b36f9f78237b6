"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { SignalBadge } from "@/components/signals/signal-badge";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { displayMessages } from "./display-messages";

// User content is always rendered as text (React escapes it); never as HTML.
function Bubble({ role, text }: { role: string; text: string }) {
  const mine = role === "user";
  return (
    <div className={mine ? "flex justify-end" : "flex justify-start"}>
      <div
        className={`max-w-[85%] rounded-lg px-3 py-2 text-sm whitespace-pre-wrap ${mine ? "bg-brand-50 dark:bg-brand-700/20" : "bg-zinc-100 dark:bg-zinc-800"}`}
      >
        <div className="mb-1 text-xs font-medium text-zinc-500">{role}</div>
        {text}
      </div>
    </div>
  );
}

/** A signal's evidence as "what it saw" in words: ids left out, numbers rounded, the raw record behind a toggle. */
function Evidence({ evidence }: { evidence: unknown }) {
  const entries = Object.entries((evidence && typeof evidence === "object" ? evidence : {}) as Record<string, unknown>)
    .filter(([k, v]) => !/Id$|^id$/.test(k) && v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => [k.replace(/([A-Z])/g, " $1").toLowerCase(), typeof v === "number" ? +v.toFixed(3) : String(v)]);
  if (entries.length === 0) return null;
  return <p className="text-xs text-zinc-600 dark:text-zinc-400">{entries.map(([k, v]) => `${k} ${v}`).join(" · ")}</p>;
}

export function InteractionDetail({ projectId, interactionId }: { projectId: string; interactionId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.interactions.get.queryOptions({ projectId, interactionId }, { refetchInterval: 10_000 }));
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorNote>{errorMessage(query.error)}</ErrorNote>;
  const i = query.data;
  const messages = displayMessages(i.input);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Interaction"
        description={
          <span className="flex flex-wrap gap-x-3 gap-y-1">
            <span>{i.startedAt.toLocaleString()}</span>
            {i.clientId ? <span className="font-mono">id {i.clientId}</span> : null}
            {i.sessionId ? (
              <Link
                className="font-mono text-brand-600 hover:underline"
                href={`/p/${projectId}/interactions?session=${encodeURIComponent(i.sessionId)}`}
              >
                session {i.sessionId}
              </Link>
            ) : null}
            {i.endUserId ? <span className="font-mono">user {i.endUserId}</span> : null}
          </span>
        }
        actions={
          <Link href={`/p/${projectId}/interactions`} className="text-sm text-brand-600 hover:underline">
            ← All interactions
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[2fr_1fr]">
        <Card title="Conversation">
          <div className="space-y-3">
            {messages.map((m, idx) => (
              <Bubble key={idx} role={m.role} text={m.text} />
            ))}
            {i.output !== null ? (
              <Bubble role="assistant (this answer)" text={i.output} />
            ) : (
              <p className="text-sm text-zinc-500">No answer recorded.</p>
            )}
          </div>
          {i.shadows.length > 0 ? (
            <div className="mt-6 space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
              <h3 className="text-sm font-semibold">Shadow answers (mirrored, never shown to the user)</h3>
              {i.shadows.map((s) => {
                const error = (s.metadata as { shadowError?: string } | null)?.shadowError;
                return (
                  <div key={s.id} className="space-y-1">
                    <div className="text-xs text-zinc-500">
                      {s.modelName ?? "unknown version"} · {s.latencyMs !== null ? `${s.latencyMs} ms` : "—"}
                    </div>
                    {error ? (
                      <ErrorNote>Shadow failed: {error}</ErrorNote>
                    ) : (
                      <Bubble role={`shadow: ${s.modelName ?? "?"}`} text={s.output ?? ""} />
                    )}
                  </div>
                );
              })}
            </div>
          ) : null}
        </Card>
        <div className="space-y-6">
          <Card title="Judge verdicts">
            {i.verdicts.length === 0 ? (
              <p className="text-sm text-zinc-500">Not judged yet (or not sampled by any judge).</p>
            ) : (
              <ul aria-label="Judge verdicts" className="space-y-3 text-sm">
                {i.verdicts.map((v) => (
                  <li key={v.id} className="space-y-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{v.judgeName}</span>
                      {v.judgeSimulated ? <Badge tone="warn">simulated</Badge> : null}
                      {v.status === "unparseable" ? (
                        <Badge tone="warn">unparseable output</Badge>
                      ) : (
                        <Badge tone={v.pass ? "ok" : "danger"}>{v.pass ? "pass" : "fail"}</Badge>
                      )}
                      <span className="text-xs text-zinc-500">
                        {v.score !== null ? `score ${v.score}` : ""}
                        {v.category ? ` · ${v.category.replace(/_/g, " ")}` : ""}
                        {v.confidence !== null ? ` · confidence ${v.confidence.toFixed(2)}` : ""}
                      </span>
                    </div>
                    {v.rationale ? (
                      <p className="whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{v.rationale}</p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Signals">
            {i.signals.length === 0 ? (
              <p className="text-sm text-zinc-500">
                No signals yet. The worker derives them within a minute of new events; abandonment waits for the session
                to go idle.
              </p>
            ) : (
              <ul className="space-y-3">
                {i.signals.map((s) => (
                  <li key={s.id} className="space-y-1">
                    <div className="flex items-center gap-2">
                      <SignalBadge type={s.type} polarity={s.polarity} />
                      <span className="text-xs text-zinc-500">
                        {s.source} · strength {s.strength.toFixed(2)}
                      </span>
                    </div>
                    <Evidence evidence={s.evidence} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Events">
            {i.events.length === 0 ? (
              <p className="text-sm text-zinc-500">No feedback or behaviour recorded for this answer.</p>
            ) : (
              <ol className="space-y-2 border-l border-zinc-200 pl-4 text-sm dark:border-zinc-700">
                {i.events.map((e) => (
                  <li key={e.id}>
                    <div className="flex items-center gap-2">
                      <Badge>{e.kind}</Badge>
                      <span className="text-xs text-zinc-500">{e.occurredAt.toLocaleTimeString()}</span>
                    </div>
                    {e.payload && Object.keys(e.payload as object).length ? (
                      <pre className="mt-1 overflow-x-auto text-xs text-zinc-600 dark:text-zinc-400">
                        {JSON.stringify(e.payload)}
                      </pre>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </Card>
          <Card title="Details">
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-zinc-500">Model</dt>
              <dd>
                {i.modelName ?? "—"} {i.modelSimulated ? <Badge tone="warn">simulated</Badge> : null}
              </dd>
              <dt className="text-zinc-500">Topic</dt>
              <dd>{i.topicLabel ?? "—"}</dd>
              <dt className="text-zinc-500">Language</dt>
              <dd>{i.language ?? "not processed yet"}</dd>
              <dt className="text-zinc-500">Latency</dt>
              <dd>{i.latencyMs !== null ? `${i.latencyMs} ms` : "—"}</dd>
              <dt className="text-zinc-500">Tokens</dt>
              <dd>
                {i.promptTokens !== null || i.completionTokens !== null
                  ? `${i.promptTokens ?? "?"} → ${i.completionTokens ?? "?"}`
                  : "—"}
              </dd>
              <dt className="text-zinc-500">Source</dt>
              <dd>{i.source}</dd>
            </dl>
          </Card>
          {i.session.length > 1 ? (
            <Card title="Same session">
              <ol className="space-y-1 text-sm">
                {i.session.map((s) => (
                  <li key={s.id}>
                    {s.id === i.id ? (
                      <strong>{s.queryText || "(no message)"}</strong>
                    ) : (
                      <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/interactions/${s.id}`}>
                        {s.queryText || "(no message)"}
                      </Link>
                    )}
                  </li>
                ))}
              </ol>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
