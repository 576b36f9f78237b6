"use client";

import { MetricLineChart, type MetricSeries } from "./metric-line-chart";

export type ShareSeries = MetricSeries;

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
  return (
    <MetricLineChart
      data={data}
      series={series}
      formatTime={formatTime}
      formatValue={(v) => `${Math.round(v * 1000) / 10}%`}
      domain={[0, 1]}
    />
  );
}
