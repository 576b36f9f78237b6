import { Badge } from "@/components/ui/status";

export const SIGNAL_LABELS: Record<string, string> = {
  rephrase: "rephrase",
  abandonment: "abandonment",
  truncation: "stopped",
  correction: "correction",
  return_query: "return query",
  regenerate: "regenerate",
  thumbs_down: "thumbs down",
  thumbs_up: "thumbs up",
  rating: "rating",
  comment: "comment",
};

export const POLARITY_COLORS: Record<string, string> = { negative: "#dc2626", neutral: "#71717a", positive: "#059669" };

export function SignalBadge({ type, polarity }: { type: string; polarity: string }) {
  return (
    <Badge tone={polarity === "negative" ? "danger" : polarity === "positive" ? "ok" : "neutral"}>
      {SIGNAL_LABELS[type] ?? type}
    </Badge>
  );
}
