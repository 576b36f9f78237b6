import type { ProjectSettingsDoc } from "@/server/modules/settings/settings.schema";

type Section = Exclude<keyof ProjectSettingsDoc, "profile">;

/** One form field per setting: `key` must be a setting of its section (a typo or a removed setting fails to compile). */
export type SettingsField = {
  [S in Section]: { section: S; key: keyof ProjectSettingsDoc[S] & string } & FieldDisplay;
}[Section];

interface FieldDisplay {
  label: string;
  unit: "seconds" | "fraction" | "count" | "number" | "choice";
  hint: string;
  /** For unit "choice": the allowed values and their labels. */
  options?: Array<{ value: string; label: string }>;
}

export const SECTION_LABELS: Record<Section, string> = {
  signals: "Implicit signals",
  evaluation: "Evaluation and failure patterns",
  labeling: "Labeling",
  shadow: "Shadow and promotion",
  schedules: "Schedules",
  gateway: "Gateway",
  access: "Access",
};

export const SETTINGS_FIELDS: SettingsField[] = [
  {
    section: "signals",
    key: "rephraseWindowSeconds",
    label: "Rephrase window",
    unit: "seconds",
    hint: "A similar follow-up within this time marks the previous answer as failed.",
  },
  {
    section: "signals",
    key: "rephraseMinSimilarity",
    label: "Rephrase: minimum semantic similarity",
    unit: "fraction",
    hint: "Cosine similarity of the two queries' embeddings.",
  },
  {
    section: "signals",
    key: "rephraseMinLexicalOverlap",
    label: "Rephrase: minimum word overlap",
    unit: "fraction",
    hint: "Used for non-English text and combined with similarity.",
  },
  {
    section: "signals",
    key: "rephraseSemanticOnlySimilarity",
    label: "Rephrase on meaning alone above",
    unit: "fraction",
    hint: "At or above this similarity a follow-up is a rephrase whatever its words.",
  },
  {
    section: "signals",
    key: "abandonmentIdleSeconds",
    label: "Session idle timeout",
    unit: "seconds",
    hint: "No events for this long ends a session (abandonment check).",
  },
  {
    section: "signals",
    key: "returnQueryWindowSeconds",
    label: "Return-query window",
    unit: "seconds",
    hint: "The same user asking again within this time.",
  },
  {
    section: "signals",
    key: "returnQueryMinSimilarity",
    label: "Return query: minimum similarity",
    unit: "fraction",
    hint: "",
  },
  {
    section: "signals",
    key: "topicMinSimilarity",
    label: "Topic assignment: minimum similarity",
    unit: "fraction",
    hint: "Below it a query opens a new topic.",
  },
  {
    section: "signals",
    key: "topicSemanticOnlySimilarity",
    label: "Topic assignment: join on meaning alone above",
    unit: "fraction",
    hint: "Below it a query must also use one of the topic's distinctive terms, so a new subject opens its own topic.",
  },
  {
    section: "signals",
    key: "topicMergeSimilarity",
    label: "Re-clustering: merge topics above similarity",
    unit: "fraction",
    hint: "Near-duplicate topics become one.",
  },
  {
    section: "signals",
    key: "topicMinSize",
    label: "Re-clustering: minimum topic size",
    unit: "count",
    hint: "Smaller topics join their nearest topic.",
  },
  {
    section: "signals",
    key: "reclusterWindowSeconds",
    label: "Re-clustering window",
    unit: "seconds",
    hint: "Queries re-clustered (the latest 5,000).",
  },
  {
    section: "signals",
    key: "topicShiftWindowSeconds",
    label: "Topic shift window",
    unit: "seconds",
    hint: "The topic mix is compared with the window before.",
  },
  {
    section: "signals",
    key: "emergingMinCount",
    label: "Emerging topic: minimum queries",
    unit: "count",
    hint: "",
  },
  {
    section: "signals",
    key: "shiftMinCount",
    label: "Topic shift: minimum queries per window",
    unit: "count",
    hint: "Below this the divergence is shown greyed, as too little data to trust.",
  },
  {
    section: "evaluation",
    key: "judgeSampleRate",
    label: "Judge sample rate",
    unit: "fraction",
    hint: "Share of production answers the judge scores.",
  },
  {
    section: "evaluation",
    key: "lowConfidenceThreshold",
    label: "Route to humans below judge confidence",
    unit: "fraction",
    hint: "",
  },
  {
    section: "evaluation",
    key: "recentWindowSeconds",
    label: "Recent window",
    unit: "seconds",
    hint: "Failure rates now…",
  },
  {
    section: "evaluation",
    key: "baselineWindowSeconds",
    label: "Baseline window",
    unit: "seconds",
    hint: "…compared with this longer window before it.",
  },
  {
    section: "evaluation",
    key: "minPatternCount",
    label: "Minimum failures per pattern",
    unit: "count",
    hint: "Fewer failures never open an incident.",
  },
  {
    section: "evaluation",
    key: "falseDiscoveryRate",
    label: "False discovery rate (Benjamini–Hochberg)",
    unit: "fraction",
    hint: "",
  },
  {
    section: "evaluation",
    key: "cusumThreshold",
    label: "CUSUM threshold h",
    unit: "number",
    hint: "Bernoulli CUSUM decision interval (early warning).",
  },
  {
    section: "evaluation",
    key: "cusumShift",
    label: "CUSUM: rise to detect",
    unit: "number",
    hint: "The failure rate it looks for, as a multiple of the baseline.",
  },
  {
    section: "evaluation",
    key: "negativeSignalStrength",
    label: "User signal counted as a failure",
    unit: "fraction",
    hint: "Minimum strength of a negative user signal.",
  },
  {
    section: "evaluation",
    key: "triggerPolicy",
    label: "When an incident opens",
    unit: "choice",
    hint: "",
    options: [
      { value: "notify", label: "Notify only" },
      { value: "dataset", label: "Build a dataset" },
      { value: "dataset_and_finetune", label: "Build a dataset and start a fine-tune" },
    ],
  },
  {
    section: "evaluation",
    key: "fineTuneApproval",
    label: "Automatic fine-tunes",
    unit: "choice",
    hint: "",
    options: [
      { value: "required", label: "Wait for an ML lead's approval" },
      { value: "automatic", label: "Start without approval" },
    ],
  },
  {
    section: "evaluation",
    key: "minTrainingRows",
    label: "Training rows before an automatic fine-tune",
    unit: "count",
    hint: "Until the incident's data holds this many rows, the fine-tune waits (checked on every scan).",
  },
  { section: "labeling", key: "overlap", label: "Labelers per item", unit: "count", hint: "" },
  { section: "labeling", key: "goldRate", label: "Gold item rate", unit: "fraction", hint: "" },
  {
    section: "shadow",
    key: "mirrorFraction",
    label: "Mirrored traffic",
    unit: "fraction",
    hint: "Share of production requests sent to a shadow candidate; one trained for an incident gets all of its slice and this share of the rest.",
  },
  {
    section: "shadow",
    key: "nonInferiorityMargin",
    label: "Margin on the rest (δ)",
    unit: "fraction",
    hint: "Outside the incident's slice the candidate may fail at most this much more often (default 0.10 = ten points).",
  },
  {
    section: "shadow",
    key: "minWorthwhileImprovement",
    label: "Minimum worthwhile improvement",
    unit: "fraction",
    hint: "Futility: a candidate whose slice improvement is surely below this is rejected (default 0.05).",
  },
  {
    section: "shadow",
    key: "maxSlicePairs",
    label: "Maximum slice pairs",
    unit: "count",
    hint: "Still undecided after this many slice pairs: rejected (automatic policy).",
  },
  {
    section: "shadow",
    key: "fourEyes",
    label: "Four-eyes rule",
    unit: "choice",
    hint: "Whoever promotes is neither the only approver nor the one who started the fine-tune.",
    options: [
      { value: "false", label: "Off" },
      { value: "true", label: "On" },
    ],
  },
  {
    section: "shadow",
    key: "minPairedSamples",
    label: "Minimum paired samples",
    unit: "count",
    hint: "Before a promotion gate can pass.",
  },
  { section: "shadow", key: "alpha", label: "Significance level", unit: "fraction", hint: "" },
  {
    section: "shadow",
    key: "segmentRegressionTolerance",
    label: "Allowed regression per topic",
    unit: "fraction",
    hint: "",
  },
  {
    section: "shadow",
    key: "requiredApprovals",
    label: "ML lead approvals to promote",
    unit: "number",
    hint: "0 lets the worker promote a candidate that passes every check.",
  },
  {
    section: "shadow",
    key: "afterTraining",
    label: "A newly trained candidate",
    unit: "choice",
    hint: "",
    options: [
      { value: "candidate", label: "Waits for an ML lead" },
      { value: "shadow", label: "Goes into shadow at once" },
    ],
  },
  { section: "schedules", key: "rollupIntervalSeconds", label: "Dashboard rollups every", unit: "seconds", hint: "" },
  {
    section: "schedules",
    key: "patternScanIntervalSeconds",
    label: "Failure-pattern scan every",
    unit: "seconds",
    hint: "",
  },
  {
    section: "schedules",
    key: "slowSignalsIntervalSeconds",
    label: "Topic re-clustering every",
    unit: "seconds",
    hint: "Re-clustering, topic shift, emerging topics.",
  },
  {
    section: "gateway",
    key: "upstreamTimeoutSeconds",
    label: "Production model timeout",
    unit: "seconds",
    hint: "Whole answer, or between stream chunks.",
  },
  {
    section: "gateway",
    key: "shadowTimeoutSeconds",
    label: "Shadow model timeout",
    unit: "seconds",
    hint: "Never delays production.",
  },
  { section: "access", key: "inviteTtlSeconds", label: "Invite links valid for", unit: "seconds", hint: "" },
];

export function formatSeconds(value: number): string {
  if (value % 86_400 === 0) return `${value / 86_400} d`;
  if (value % 3600 === 0) return `${value / 3600} h`;
  if (value % 60 === 0) return `${value / 60} min`;
  return `${value} s`;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
};

/** "30 d", "15 min", "2h", "45 s" or a bare number of seconds → seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const factor = match[2] ? UNIT_SECONDS[match[2].toLowerCase()] : 1;
  if (!factor) return null;
  const seconds = Math.round(Number(match[1]) * factor);
  return seconds >= 1 ? seconds : null;
}
