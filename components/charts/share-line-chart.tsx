"use client";

import { MetricLineChart, type MetricSeries } from "./metric-line-chart";

export type ShareSeries = MetricSeries;

function top(data: Array<Record<string, unknown>>, series: ShareSeries[]): number {
  let max = 0;
  for (const d of data)
    for (const s of series) if (typeof d[s.key] === "number") max = Math.max(max, d[s.key] as number);
  return Math.min(1, Math.max(0.05, Math.ceil(max * 1.2 * 20) / 20));
}

/**
 * Shares (0–1) over time, one line per series (later series drawn on top); buckets with no data leave gaps instead
 * of zeros. The axis ends a little above the largest share, so a few per cent is not a flat line at the bottom.
 */
export function ShareLineChart({
  data,
  series,
  formatTime,
}: {
  data: Array<Record<string, unknown> & { at: Date }>;
  series: ShareSeries[];
  formatTime: (d: Date) => string;
}) {
  return (
    <MetricLineChart
      data={data}
      series={series}
      formatTime={formatTime}
      formatValue={(v) => `${Math.round(v * 1000) / 10}%`}
      domain={[0, top(data, series)]}
    />
  );
}
