"use client";

import { diffWords } from "diff";
import { useMemo } from "react";

/**
 * Two answers side by side with a word diff: words only in A are struck through on the left, words only in B are
 * highlighted on the right. Text is rendered as text (never HTML).
 */
export function WordDiff({ a, b, labelA, labelB }: { a: string; b: string; labelA: string; labelB: string }) {
  const parts = useMemo(() => diffWords(a, b), [a, b]);
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {(["A", "B"] as const).map((side) => (
        <section
          key={side}
          aria-label={`Answer ${side}`}
          className="rounded-md border border-zinc-200 p-3 text-sm leading-relaxed dark:border-zinc-800"
        >
          <h3 className="mb-2 text-xs font-semibold uppercase text-zinc-500">
            Answer {side} <span className="font-normal normal-case">({side === "A" ? labelA : labelB})</span>
          </h3>
          <p className="whitespace-pre-wrap">
            {parts.map((p, i) => {
              if (side === "A" && p.added) return null;
              if (side === "B" && p.removed) return null;
              if (p.removed) {
                return (
                  <del key={i} className="bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-100">
                    {p.value}
                  </del>
                );
              }
              if (p.added) {
                return (
                  <ins
                    key={i}
                    className="bg-emerald-100 text-emerald-900 no-underline dark:bg-emerald-900/40 dark:text-emerald-100"
                  >
                    {p.value}
                  </ins>
                );
              }
              return <span key={i}>{p.value}</span>;
            })}
          </p>
        </section>
      ))}
    </div>
  );
}
