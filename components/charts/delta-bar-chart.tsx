"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/** Horizontal bars of signed changes by label (gains right in one colour, losses left in another). */
export function DeltaBarChart({
  data,
  formatValue,
}: {
  data: Array<{ label: string; value: number }>;
  formatValue: (v: number) => string;
}) {
  return (
    <div className="w-full" style={{ height: Math.max(120, data.length * 30 + 40) }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={formatValue}
            tick={{ fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.5}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={170}
            tick={{ fontSize: 12 }}
            stroke="currentColor"
            strokeOpacity={0.5}
          />
          <ReferenceLine x={0} stroke="currentColor" strokeOpacity={0.5} />
          <Tooltip formatter={(v) => (typeof v === "number" ? formatValue(v) : "—")} contentStyle={{ fontSize: 12 }} />
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.label} fill={d.value >= 0 ? "#d97706" : "#0284c7"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
