"use client";

import { describeAudit, str, type Detail } from "./audit-words";

/** One audit entry: what it did in words, the fields a settings change touched as a diff, the raw record behind a toggle. */
export function AuditDetail({ action, detail }: { action: string; detail: unknown }) {
  const d = (detail && typeof detail === "object" ? detail : {}) as Detail;
  const changes =
    action === "settings.update" && d.changes && typeof d.changes === "object"
      ? Object.entries(d.changes as Record<string, { from: unknown; to: unknown }>)
      : [];
  return (
    <div className="space-y-1">
      <p className="text-sm">{describeAudit(action, d)}</p>
      {changes.length > 0 ? (
        <ul aria-label="Changed fields" className="text-xs">
          {changes.map(([field, c]) => (
            <li key={field}>
              <span className="font-mono">{field}</span>:{" "}
              <span className="text-red-700 line-through">{str(c.from)}</span> →{" "}
              <span className="text-emerald-700">{str(c.to)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <details className="text-xs text-zinc-500">
        <summary className="cursor-pointer">JSON</summary>
        <pre className="mt-1 overflow-x-auto rounded bg-zinc-100 p-2 break-all whitespace-pre-wrap dark:bg-zinc-800">
          {JSON.stringify(detail, null, 2)}
        </pre>
      </details>
    </div>
  );
}
