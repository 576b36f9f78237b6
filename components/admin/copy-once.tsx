"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A secret or one-time link shown once, with a copy button; the page never stores it. */
export function CopyOnce({ label, value, note }: { label: string; value: string; note: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950">
      <div className="text-sm font-medium text-emerald-900 dark:text-emerald-200">{label}</div>
      <div className="flex items-center gap-2">
        <code
          data-testid="one-time-value"
          className="min-w-0 flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900"
        >
          {value}
        </code>
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-emerald-900/80 dark:text-emerald-200/80">{note}</p>
    </div>
  );
}
