import type { ReactNode } from "react";

/** An honest empty state: what will appear here, and how data gets in. */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-12 text-center dark:border-zinc-700 dark:bg-zinc-900">
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="mx-auto mt-2 max-w-xl space-y-2 text-sm text-zinc-500 dark:text-zinc-400">{children}</div>
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
