"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface BoundsPoint {
  n: number;
  mean: number;
  lower: number;
  upper: number;
}

/**
 * A mean difference and its always-valid bounds as pairs arrived (in points: 0.10 = ten points fewer failures),
 * with the thresholds that decide drawn across: the line the lower bound must clear, and the one that rejects.
 */
export function BoundsChart({
  points,
  label,
  lines,
}: {
  points: BoundsPoint[];
  label: string;
  lines: Array<{ y: number; label: string; tone: "pass" | "fail" }>;
}) {
  const data = points.map((p) => ({
    n: p.n,
    mean: p.mean * 100,
    band: [Math.max(-100, p.lower * 100), Math.min(100, p.upper * 100)] as [number, number],
  }));
  return (
    <div className="h-56 w-full" role="img" aria-label={label}>
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="n"
            type="number"
            domain={["dataMin", "dataMax"]}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.5}
          />
          <YAxis
            domain={[
              (min: number) => Math.max(-100, Math.floor(min - 5)),
              (max: number) => Math.min(100, Math.ceil(max + 5)),
            ]}
            allowDataOverflow
            tickFormatter={(v: number) => `${v}`}
            tick={{ fontSize: 11 }}
            width={40}
            unit=" pts"
            stroke="currentColor"
            strokeOpacity={0.5}
          />
          <Tooltip
            formatter={(v) =>
              Array.isArray(v)
                ? `[${Number(v[0]).toFixed(1)}, ${Number(v[1]).toFixed(1)}] pts`
                : typeof v === "number"
                  ? `${v.toFixed(1)} pts`
                  : "—"
            }
            labelFormatter={(n) => `${n} pairs`}
            contentStyle={{ fontSize: 12 }}
          />
          <Area
            type="monotone"
            dataKey="band"
            name="always-valid bounds"
            stroke="none"
            fill="#7c3aed"
            fillOpacity={0.18}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="mean"
            name="failure-rate drop"
            stroke="#7c3aed"
            dot={false}
            isAnimationActive={false}
          />
          {lines.map((l) => (
            <ReferenceLine
              key={l.label}
              y={l.y * 100}
              stroke={l.tone === "pass" ? "#059669" : "#dc2626"}
              strokeDasharray="4 4"
              label={{
                value: l.label,
                fontSize: 10,
                position: "insideTopRight",
                fill: l.tone === "pass" ? "#059669" : "#dc2626",
              }}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
