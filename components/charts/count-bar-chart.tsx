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

/**
 * Horizontal bars of values by label; each bar carries its own colour. Counts by default (whole ticks); with
 * `formatValue`, any signed value (changes, with a line at zero).
 */
export function CountBarChart({
  data,
  formatValue,
}: {
  data: Array<{ label: string; count: number; color: string }>;
  formatValue?: (v: number) => string;
}) {
  const signed = data.some((d) => d.count < 0);
  return (
    <div className="w-full" style={{ height: Math.max(120, data.length * 32 + 40) }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
          <XAxis
            type="number"
            allowDecimals={Boolean(formatValue)}
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
          {signed ? <ReferenceLine x={0} stroke="currentColor" strokeOpacity={0.5} /> : null}
          <Tooltip
            formatter={(v) => (typeof v === "number" && formatValue ? formatValue(v) : String(v))}
            contentStyle={{ fontSize: 12 }}
          />
          <Bar dataKey="count" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.label} fill={d.color} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
