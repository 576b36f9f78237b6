"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface MetricSeries {
  key: string;
  label: string;
  color: string;
  /** Dashed, for a series that can run along another one (it is still visible on top of it). */
  dashed?: boolean;
}

export interface ChartMarker {
  at: Date;
  label: string;
  color: string;
}

/**
 * A metric over time, one line per series, on a fixed domain (e.g. 0–1 for rates, 1–5 for judge scores). Buckets
 * without data leave gaps instead of zeros. Optional: a shaded baseline band, and vertical markers (alerts,
 * promotions) drawn at the bucket they fall in.
 */
export function MetricLineChart({
  data,
  series,
  formatTime,
  formatValue,
  domain,
  band,
  markers = [],
}: {
  data: Array<Record<string, unknown> & { at: Date }>;
  series: MetricSeries[];
  formatTime: (d: Date) => string;
  formatValue: (v: number) => string;
  domain: [number, number];
  band?: { lower: number; upper: number; label: string } | null;
  markers?: ChartMarker[];
}) {
  const rows = data.map((d) => ({ ...d, label: formatTime(d.at) }));
  // A marker sits on the last bucket that starts at or before it.
  // Markers in the same bucket share one line and one label ("promotion + rollback"), never overprinted.
  const placed: Array<ChartMarker & { x: string }> = [];
  for (const m of markers) {
    const bucket = [...rows].reverse().find((r) => r.at.getTime() <= m.at.getTime());
    if (!bucket) continue;
    const same = placed.find((p) => p.x === bucket.label);
    if (!same) placed.push({ ...m, x: bucket.label });
    else if (!same.label.split(" + ").includes(m.label)) same.label = `${same.label} + ${m.label}`;
  }
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 18, right: 16, bottom: 0, left: 0 }}>
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
          {band ? (
            <ReferenceArea
              y1={Math.max(domain[0], band.lower)}
              y2={Math.min(domain[1], band.upper)}
              fill="#7c3aed"
              fillOpacity={0.12}
              stroke="#7c3aed"
              strokeOpacity={0.35}
              strokeDasharray="3 3"
              ifOverflow="hidden"
              label={{ value: band.label, position: "insideTopLeft", fontSize: 10, fill: "currentColor" }}
            />
          ) : null}
          {placed.map((m, i) => (
            <ReferenceLine
              key={`${m.x}-${i}`}
              x={m.x}
              stroke={m.color}
              strokeDasharray="4 2"
              label={{ value: m.label, position: "top", fontSize: 10, fill: m.color }}
            />
          ))}
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={s.dashed ? 2.5 : 2}
              strokeDasharray={s.dashed ? "6 3" : undefined}
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
