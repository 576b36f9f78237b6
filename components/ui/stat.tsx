/** One headline figure with its label and a hint (period, n); `muted` greys a figure on too little data. */
export function Stat({
  label,
  value,
  hint,
  muted = false,
}: {
  label: string;
  value: string;
  hint: string;
  muted?: boolean;
}) {
  return (
    <div
      role="group"
      aria-label={label}
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="text-xs font-medium tracking-wide text-zinc-500">{label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums${muted ? " text-zinc-400 dark:text-zinc-600" : ""}`}>
        {value}
      </div>
      <div className="mt-1 text-xs text-zinc-500">{hint}</div>
    </div>
  );
}
