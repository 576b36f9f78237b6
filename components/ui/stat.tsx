/** One headline figure with its label and a hint (period, n). */
export function Stat({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div
      role="group"
      aria-label={label}
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="text-xs font-medium tracking-wide text-zinc-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums">{value}</div>
      <div className="mt-1 text-xs text-zinc-500">{hint}</div>
    </div>
  );
}
