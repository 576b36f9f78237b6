"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Textarea } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { labelName } from "./agreement-format";
import { ItemView, type ItemPayload } from "./item-view";
import { RubricPanel } from "./rubric-panel";
import {
  FRESH,
  PAIRWISE,
  SCORES,
  SKIP_REASONS,
  applyKey,
  foldKeys,
  type KeyAction,
  type Selection,
} from "./workbench-keys";

/**
 * The SME's workbench, keyboard first: number keys score (pairwise: 1 = A, 2 = B, 3 = tie), a failing score asks
 * for the failure category by number, Enter submits, S skips with a reason, U undoes the last label, R writes a
 * rationale. Every key has a button too.
 */
export function Workbench({ projectId, queueId }: { projectId: string; queueId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queue = useQuery(trpc.labeling.queue.queryOptions({ projectId, queueId }));
  const queues = useQuery(trpc.labeling.queues.queryOptions({ projectId }));
  const next = useMutation(trpc.labeling.next.mutationOptions());
  const submit = useMutation(trpc.labeling.submit.mutationOptions());
  const skip = useMutation(trpc.labeling.skip.mutationOptions());
  const undo = useMutation(trpc.labeling.undo.mutationOptions());
  // The selection on screen, mirrored in a ref: a key handler always reads the current one, never a stale closure's.
  const [selection, setSelection] = useState<Selection>(FRESH);
  const selectionRef = useRef<Selection>(FRESH);
  const select = useCallback((next: Selection) => {
    selectionRef.current = next;
    setSelection(next);
  }, []);
  const { step, choice, category } = selection;
  const [rationale, setRationale] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [sessionCount, setSessionCount] = useState(0);
  const startedAt = useRef(Date.now());
  /** Set the moment a submit, skip or undo starts (before React re-renders with isPending), cleared when done. */
  const working = useRef(false);
  /** Keys typed while busy, for the next item (see the replay effect below). */
  const typedAhead = useRef<string[]>([]);
  /** The item on screen when the first of those keys was typed: they are for the one after it. */
  const typedFor = useRef<string | null>(null);
  const [replayed, setReplayed] = useState(0);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);

  const kind = queue.data?.kind ?? "pointwise";
  const failureCategories = queue.data?.rubric?.failureCategories;
  const categories = useMemo(() => failureCategories ?? [], [failureCategories]);
  const item = next.data?.item ?? null;
  const itemRef = useRef(item);
  itemRef.current = item;
  const busy = next.isPending || submit.isPending || skip.isPending || undo.isPending;
  const counts = queues.data?.find((q) => q.id === queueId)?.counts;

  const loadNext = useCallback(async () => {
    select(FRESH);
    setRationale("");
    startedAt.current = Date.now();
    await next.mutateAsync({ projectId, queueId }).catch(() => undefined);
    void queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) });
  }, [next, projectId, queueId, queryClient, trpc, select]);

  useEffect(() => {
    void loadNext();
    // Only once per queue: later items come from submit/skip/undo.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queueId]);

  const needsCategoryFor = useCallback(
    (c: string | null) => kind === "pointwise" && c !== null && Number(c) < 3 && categories.length > 0,
    [kind, categories],
  );

  const needsCategory = needsCategoryFor(choice);

  /** Submits the given selection (the one on screen, or keys typed ahead folded over the item that arrived). */
  const submitSelection = useCallback(
    async (sel: Selection) => {
      const current = itemRef.current;
      if (!current || working.current) return;
      setMessage(null);
      if (sel.choice === null)
        return setMessage(
          kind === "pairwise" ? "Choose 1 (A), 2 (B) or 3 (tie) first" : "Choose a score from 1 to 5 first",
        );
      const needsCategory = needsCategoryFor(sel.choice);
      if (needsCategory && !sel.category) {
        select({ ...sel, step: "category" });
        return setMessage("Choose the failure category by its number");
      }
      working.current = true;
      try {
        const result = await submit.mutateAsync({
          projectId,
          itemId: current.id,
          choice: sel.choice,
          ...(needsCategory && sel.category ? { category: sel.category } : {}),
          ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
          durationMs: Date.now() - startedAt.current,
        });
        setSessionCount((n) => n + 1);
        setMessage(
          result.gold
            ? result.gold.correct
              ? `Gold item: you matched the known answer (${labelName(result.gold.answer)}).`
              : `Gold item: the known answer is ${labelName(result.gold.answer)}; you said ${labelName(result.gold.given)}.`
            : "Saved.",
        );
        await loadNext();
      } catch (error) {
        typedAhead.current = []; // the same item stays on screen: keys typed for the next one mean nothing now
        setMessage(errorMessage(error));
      } finally {
        working.current = false;
        setReplayed((n) => n + 1);
      }
    },
    [submit, kind, needsCategoryFor, projectId, rationale, loadNext, select],
  );
  const doSubmit = useCallback(() => submitSelection(selectionRef.current), [submitSelection]);

  /**
   * Runs one action (skip, undo) on its own: keys typed meanwhile wait for the next item; on failure the same item
   * stays and they are dropped.
   */
  const exclusive = useCallback(async (run: () => Promise<void>) => {
    if (working.current) return;
    setMessage(null);
    working.current = true;
    try {
      await run();
    } catch (error) {
      typedAhead.current = [];
      setMessage(errorMessage(error));
    } finally {
      working.current = false;
      setReplayed((n) => n + 1);
    }
  }, []);

  const doSkip = useCallback(
    async (reason: string) => {
      if (!item) return;
      await exclusive(async () => {
        await skip.mutateAsync({ projectId, itemId: item.id, reason });
        setMessage(`Skipped: ${reason}.`);
        await loadNext();
      });
    },
    [item, skip, projectId, loadNext, exclusive],
  );

  const doUndo = useCallback(async () => {
    if (busy) return;
    await exclusive(async () => {
      await undo.mutateAsync({ projectId, queueId });
      setSessionCount((n) => Math.max(0, n - 1));
      setMessage("Your last label was taken back; label the item again.");
      await loadNext();
    });
  }, [busy, undo, projectId, queueId, loadNext, exclusive]);

  const keyContext = useMemo(() => ({ kind, categories, hasItem: item !== null }), [kind, categories, item]);

  /** Shows a selection and takes the action a key asked for (with that selection). */
  const act = useCallback(
    (selection: Selection, action: KeyAction | null) => {
      select(selection);
      if (selection.step !== "choose" || selection.choice !== null) setMessage(null);
      if (!action) return;
      if (action.kind === "submit") void submitSelection(selection);
      else if (action.kind === "skip") void doSkip(action.reason);
      else if (action.kind === "undo") void doUndo();
      else rationaleRef.current?.focus();
    },
    [submitSelection, doSkip, doUndo, select],
  );

  // Keys typed while a label is saved or the next item loads belong to the next item: once it is on screen, they
  // are folded over its fresh selection in one go (workbench-keys.ts), so none lands on the item just submitted.
  useEffect(() => {
    if (busy || working.current || typedAhead.current.length === 0) return;
    // The queue ran out: nothing to type into. The next item not on screen yet: wait for it.
    if (!item) return void (typedAhead.current = []);
    if (item.id === typedFor.current) return;
    const { selection, action, rest } = foldKeys(typedAhead.current, keyContext);
    typedFor.current = item.id;
    typedAhead.current = rest;
    act(selection, action);
  }, [busy, replayed, item, keyContext, act]);

  // The listener is added once and reads everything through refs, so a key pressed before React re-renders after
  // the previous one still sees the current item, selection and state.
  const live = useRef({ busy, item, keyContext, act, doSubmit });
  live.current = { busy, item, keyContext, act, doSubmit };
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const now = live.current;
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT")) {
        // Typing stays in the box; Esc leaves it, and Ctrl/Cmd+Enter submits from the rationale.
        if (event.key === "Escape") target.blur();
        else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target === rationaleRef.current) {
          event.preventDefault();
          target.blur();
          void now.doSubmit();
        }
        return;
      }
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (now.busy || working.current || typedAhead.current.length > 0) {
        if (typedAhead.current.length === 0) typedFor.current = now.item?.id ?? null;
        typedAhead.current.push(key);
        return event.preventDefault();
      }
      const r = applyKey(selectionRef.current, key, now.keyContext);
      if (r.handled) event.preventDefault();
      now.act(r.selection, r.action);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorNote>{errorMessage(queue.error)}</ErrorNote>;
  const q = queue.data;
  const done = counts ? counts.complete + counts.adjudicated + counts.needsAdjudication : 0;

  return (
    <div className="space-y-4">
      <PageHeader
        title={`Label: ${q.name}`}
        description={
          kind === "pairwise"
            ? "Compare the two answers. Keys: 1 = A better, 2 = B better, 3 = tie · Enter submits · S skips · U undoes · R writes a rationale (Ctrl/⌘+Enter submits from it, Esc leaves it)."
            : "Score the answer against the rubric. Keys: 1–5 score (1–2 fail: then pick the category by number) · Enter submits · S skips · U undoes · R writes a rationale (Ctrl/⌘+Enter submits from it, Esc leaves it)."
        }
        actions={
          <Link href={`/p/${projectId}/labeling`} className="text-sm text-brand-600 hover:underline">
            All queues
          </Link>
        }
      />
      <div className="grid gap-4 md:grid-cols-2">
        <p className="text-sm">
          This session: <strong className="tabular-nums">{sessionCount}</strong> label{sessionCount === 1 ? "" : "s"}
          {counts ? ` · ${counts.mine} in this queue in all` : ""}
        </p>
        <ProgressBar
          label="Queue items settled"
          value={done}
          max={Math.max(1, (counts?.items ?? 0) - (counts?.gold ?? 0))}
        />
      </div>
      <div aria-live="polite" className="min-h-5 text-sm text-zinc-600 dark:text-zinc-300">
        {message}
      </div>
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card title={item ? "Item" : undefined}>
          {next.isPending && !item ? <Loading label="Finding the next item…" /> : null}
          {next.isError ? <ErrorNote>{errorMessage(next.error)}</ErrorNote> : null}
          {!next.isPending && !item && !next.isError ? (
            <div className="space-y-3 py-6 text-center">
              <p className="font-medium">Nothing left for you in this queue.</p>
              <p className="text-sm text-zinc-500">
                Every item has its labels, or you have labeled all you can. U undoes your last label.
              </p>
            </div>
          ) : null}
          {item ? <ItemView payload={item.payload as ItemPayload} signals={item.signals} reason={item.reason} /> : null}
        </Card>
        <div className="space-y-4">
          <Card title="Your label">
            {step === "skip" ? (
              <div className="space-y-2" role="group" aria-label="Skip reason">
                <p className="text-sm">Why skip? Press a number, Esc to go back.</p>
                {SKIP_REASONS.map((r, i) => (
                  <Button key={r} variant="secondary" className="w-full justify-start" onClick={() => void doSkip(r)}>
                    {i + 1}. {r}
                  </Button>
                ))}
              </div>
            ) : (
              <div className="space-y-3">
                <div
                  role="group"
                  aria-label={kind === "pairwise" ? "Preference" : "Score"}
                  className="flex flex-wrap gap-2"
                >
                  {(kind === "pairwise" ? PAIRWISE : SCORES.map((s) => ({ key: s, choice: s, label: s }))).map((o) => (
                    <Button
                      key={o.choice}
                      variant={choice === o.choice ? "primary" : "secondary"}
                      aria-pressed={choice === o.choice}
                      disabled={!item}
                      onClick={() => {
                        select({
                          step:
                            kind === "pointwise" && Number(o.choice) < 3 && categories.length ? "category" : "choose",
                          choice: o.choice,
                          category: null,
                        });
                      }}
                    >
                      {kind === "pairwise" ? `${o.key}. ${o.label}` : o.label}
                    </Button>
                  ))}
                </div>
                {needsCategory ? (
                  <div role="group" aria-label="Failure category" className="space-y-1">
                    <p className="text-xs text-zinc-500">Failure category (press its number):</p>
                    <div className="flex flex-wrap gap-2">
                      {categories.map((c, i) => (
                        <Button
                          key={c}
                          variant={category === c ? "primary" : "secondary"}
                          aria-pressed={category === c}
                          onClick={() => select({ ...selectionRef.current, category: c })}
                        >
                          {i + 1}. {c.replace(/_/g, " ")}
                        </Button>
                      ))}
                    </div>
                  </div>
                ) : null}
                <p className="text-sm" data-testid="selection">
                  Selected:{" "}
                  {choice === null ? "nothing yet" : kind === "pairwise" ? labelName(choice) : `score ${choice}`}
                  {needsCategory ? ` · ${category ? category.replace(/_/g, " ") : "category?"}` : ""}
                </p>
                <Textarea
                  ref={rationaleRef}
                  aria-label="Rationale (optional)"
                  placeholder="Rationale (optional; R to write, Ctrl/⌘+Enter to submit, Esc to leave)"
                  rows={2}
                  value={rationale}
                  onChange={(e) => setRationale(e.target.value)}
                />
                <div className="flex flex-wrap gap-2">
                  <Button onClick={() => void doSubmit()} disabled={!item || busy}>
                    Submit (Enter)
                  </Button>
                  <Button
                    variant="secondary"
                    onClick={() => select({ ...selectionRef.current, step: "skip" })}
                    disabled={!item}
                  >
                    Skip (S)
                  </Button>
                  <Button variant="ghost" onClick={() => void doUndo()} disabled={busy}>
                    Undo (U)
                  </Button>
                </div>
              </div>
            )}
          </Card>
          <RubricPanel rubric={q.rubric} kind={kind} />
        </div>
      </div>
    </div>
  );
}
