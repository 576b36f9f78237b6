"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** The always-valid p-value after each paired sample (log scale), with the α line it must cross. */
export function SequentialChart({ points, alpha }: { points: Array<{ n: number; pValue: number }>; alpha: number }) {
  const data = points.map((p) => ({ n: p.n, p: Math.max(p.pValue, 1e-6) }));
  return (
    <div className="h-56 w-full" role="img" aria-label="Always-valid p-value by paired samples">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
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
            scale="log"
            domain={[1e-6, 1]}
            allowDataOverflow
            ticks={[1e-6, 1e-4, 1e-2, 1]}
            tickFormatter={(v: number) => (v >= 0.01 ? String(v) : v.toExponential(0))}
            tick={{ fontSize: 11 }}
            width={48}
            stroke="currentColor"
            strokeOpacity={0.5}
          />
          <Tooltip
            formatter={(v) => (typeof v === "number" ? v.toPrecision(3) : "—")}
            labelFormatter={(n) => `${n} pairs`}
            contentStyle={{ fontSize: 12 }}
          />
          <ReferenceLine
            y={alpha}
            stroke="#dc2626"
            strokeDasharray="4 4"
            label={{ value: `α = ${alpha}`, fontSize: 10, position: "insideTopRight", fill: "#dc2626" }}
          />
          <Line
            type="stepAfter"
            dataKey="p"
            name="always-valid p"
            stroke="#7c3aed"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
