import type { ReactNode } from "react";

/** A plain data table: column headings and body rows; scrolls sideways on narrow screens. */
export function Table({ columns, children }: { columns: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs font-medium text-zinc-500">
          <tr>
            {columns.map((c, i) => (
              <th key={`${c}-${i}`} className="py-2 pr-4">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
