"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface MetricSeries {
  key: string;
  label: string;
  color: string;
}

/**
 * A metric over time, one line per series, on a fixed domain (e.g. 0–1 for rates, 1–5 for judge scores). Buckets
 * without data leave gaps instead of zeros.
 */
export function MetricLineChart({
  data,
  series,
  formatTime,
  formatValue,
  domain,
}: {
  data: Array<Record<string, unknown> & { at: Date }>;
  series: MetricSeries[];
  formatTime: (d: Date) => string;
  formatValue: (v: number) => string;
  domain: [number, number];
}) {
  const rows = data.map((d) => ({ ...d, label: formatTime(d.at) }));
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} stroke="currentColor" strokeOpacity={0.5} />
          <YAxis
            tickFormatter={formatValue}
            tick={{ fontSize: 11 }}
            width={48}
            stroke="currentColor"
            strokeOpacity={0.5}
            domain={domain}
          />
          <Tooltip formatter={(v) => (typeof v === "number" ? formatValue(v) : "—")} contentStyle={{ fontSize: 12 }} />
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
