"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Field, Input, Textarea } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress";
import { Stat } from "@/components/ui/stat";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { fmtNumber, labelName } from "./agreement-format";
import { ItemView, type ItemPayload } from "./item-view";

const alphaStat = (label: string, a: { value: number | null; n: number } | null, empty: string) => (
  <Stat label={label} value={a ? fmtNumber(a.value, 3) : "—"} hint={a ? `α nominal · n = ${a.n} items` : empty} />
);

/** The ML lead's view of a calibration session: progress, then the disputed items with every label and rationale. */
export function CalibrationSession({ projectId, sessionId }: { projectId: string; sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const view = useQuery(trpc.calibration.get.queryOptions({ projectId, sessionId }, { refetchInterval: 10_000 }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.calibration.get.queryKey({ projectId, sessionId }) });
  const startReview = useMutation(trpc.calibration.startReview.mutationOptions({ onSuccess: refresh }));
  const adjudicate = useMutation(trpc.labeling.adjudicate.mutationOptions({ onSuccess: refresh }));
  const close = useMutation(trpc.calibration.close.mutationOptions({ onSuccess: refresh }));
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [rubricNote, setRubricNote] = useState("");

  if (view.isPending) return <Loading />;
  if (view.isError) return <ErrorNote>{errorMessage(view.error)}</ErrorNote>;
  const { session, items, progress, agreement, queue, vocabulary } = view.data;
  const reviewing = session.status !== "labeling";
  const error = startReview.error ?? adjudicate.error ?? close.error;

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Calibration: ${session.name}`}
        description="Participants label the same items blind. In review, the most disputed items come first, with every label and rationale; record the agreed label and what the rubric should say."
        actions={
          <Link className="text-sm text-brand-600 hover:underline" href={`/p/${projectId}/labeling`}>
            All queues
          </Link>
        }
      />
      <div className="flex items-center gap-2 text-sm">
        Status:{" "}
        <Badge tone={session.status === "closed" ? "ok" : session.status === "review" ? "warn" : "brand"}>
          {session.status}
        </Badge>
        <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/labeling/${queue.id}`}>
          Label in this session
        </Link>
      </div>
      {error ? <ErrorNote>{errorMessage(error)}</ErrorNote> : null}
      <ProgressBar label="Blind labels given" value={progress.given} max={progress.expected} />
      <section aria-label="Session agreement" className="grid gap-4 sm:grid-cols-3">
        {alphaStat("Blind round", agreement.blind, "no item has two labels yet")}
        {alphaStat("Participants before the session", agreement.before, "no earlier labels")}
        {alphaStat(
          "Participants after the session",
          agreement.after,
          session.closedAt ? "no labels since" : "after closing",
        )}
      </section>
      {!reviewing ? (
        <Button onClick={() => startReview.mutate({ projectId, sessionId })} disabled={startReview.isPending}>
          Start review
        </Button>
      ) : null}
      {reviewing ? (
        <ol aria-label="Disputed items" className="space-y-4">
          {items.map((it) => {
            const consensus = it.consensus as { label: string | null; method: string } | null;
            return (
              <li key={it.id}>
                <Card title={`Disagreement ${Math.round(it.disagreement * 100)}%`}>
                  <ItemView payload={it.payload as ItemPayload} />
                  <ul aria-label="Labels and rationales" className="mt-3 space-y-1 text-sm">
                    {it.labels.map((l) => (
                      <li key={l.labelerKey}>
                        <span className="font-medium">{l.labeler?.name ?? l.labeler?.email ?? l.labelerName}</span>:{" "}
                        {queue.kind === "pairwise" ? labelName(l.choice) : `score ${l.choice}`}
                        {l.category ? ` · ${l.category.replace(/_/g, " ")}` : ""}
                        {l.rationale ? <span className="text-zinc-500"> — “{l.rationale}”</span> : null}
                      </li>
                    ))}
                  </ul>
                  {consensus?.method === "adjudicated" ? (
                    <p className="mt-3 text-sm">
                      Agreed label: <strong>{labelName(consensus.label)}</strong>
                      {it.adjudicationNote ? ` — ${it.adjudicationNote}` : ""}
                    </p>
                  ) : session.status === "review" ? (
                    <div className="mt-3 space-y-2">
                      <Field label="Why (optional)">
                        <Input
                          value={notes[it.id] ?? ""}
                          onChange={(e) => setNotes({ ...notes, [it.id]: e.target.value })}
                          maxLength={2000}
                        />
                      </Field>
                      <div className="flex flex-wrap gap-2" role="group" aria-label="Agreed label">
                        {vocabulary.map((v) => (
                          <Button
                            key={v}
                            variant="secondary"
                            onClick={() =>
                              adjudicate.mutate({
                                projectId,
                                itemId: it.id,
                                label: v,
                                ...(notes[it.id] ? { note: notes[it.id] } : {}),
                              })
                            }
                          >
                            Agree on {labelName(v)}
                          </Button>
                        ))}
                      </div>
                    </div>
                  ) : null}
                </Card>
              </li>
            );
          })}
        </ol>
      ) : null}
      {session.status === "review" ? (
        <Card
          title="Close the session"
          description="The note can become a new version of the rubric, so the judge and every labeler read it."
        >
          <Field label="Rubric note">
            <Textarea value={rubricNote} onChange={(e) => setRubricNote(e.target.value)} maxLength={2000} rows={3} />
          </Field>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              onClick={() =>
                close.mutate({ projectId, sessionId, rubricNote: rubricNote || undefined, newRubricVersion: true })
              }
              disabled={!rubricNote.trim() || close.isPending}
            >
              Close and create a rubric version
            </Button>
            <Button
              variant="secondary"
              onClick={() =>
                close.mutate({ projectId, sessionId, rubricNote: rubricNote || undefined, newRubricVersion: false })
              }
              disabled={close.isPending}
            >
              Close without a new version
            </Button>
          </div>
        </Card>
      ) : null}
      {session.status === "closed" ? (
        <p className="text-sm">
          Closed{session.rubricNote ? ` with the note “${session.rubricNote}”` : ""}
          {session.newRubricVersionId ? "; a new rubric version was created." : "."}
        </p>
      ) : null}
    </div>
  );
}
