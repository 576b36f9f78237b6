"use client";

import type { RangeName } from "@/server/modules/interactions/interactions.schema";
import { Select } from "./field";

export const RANGE_LABELS: Record<RangeName, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};

/** The dashboards' time range picker. */
export function RangeSelect({ value, onChange }: { value: RangeName; onChange: (range: RangeName) => void }) {
  return (
    <div className="w-44">
      <Select aria-label="Time range" value={value} onChange={(e) => onChange(e.target.value as RangeName)}>
        {(Object.keys(RANGE_LABELS) as RangeName[]).map((r) => (
          <option key={r} value={r}>
            {RANGE_LABELS[r]}
          </option>
        ))}
      </Select>
    </div>
  );
}
