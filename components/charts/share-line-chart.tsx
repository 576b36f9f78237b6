"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ShareSeries {
  key: string;
  label: string;
  color: string;
}

const pct = (v: unknown) => (typeof v === "number" ? `${(v * 100).toFixed(1)}%` : "—");

/** Shares (0–1) over time, one line per series; buckets with no data leave gaps instead of zeros. */
export function ShareLineChart({
  data,
  series,
  formatTime,
}: {
  data: Array<Record<string, unknown> & { at: Date }>;
  series: ShareSeries[];
  formatTime: (d: Date) => string;
}) {
  const rows = data.map((d) => ({ ...d, label: formatTime(d.at) }));
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} stroke="currentColor" strokeOpacity={0.5} />
          <YAxis
            tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
            tick={{ fontSize: 11 }}
            width={44}
            stroke="currentColor"
            strokeOpacity={0.5}
            domain={[0, "auto"]}
          />
          <Tooltip formatter={(v) => pct(v)} contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
