import { z } from "zod";

// The project settings document. Every duration, window, threshold and minimum sample size in the product is
// read from here (seconds for durations), never written as a literal in code, so that the "fast" profile can run
// the whole loop in minutes for the demo and for tests. Later issues add their fields here with defaults.

const seconds = (fallback: number) => z.number().int().min(1).max(31_536_000).default(fallback);
/** A timeout a timer holds: model versions' own are at most 600 s too (a timer overflows past 2³¹ ms). */
const timeout = (fallback: number) => z.number().int().min(1).max(600).default(fallback);
const fraction = (fallback: number) => z.number().min(0).max(1).default(fallback);
const count = (fallback: number) => z.number().int().min(1).max(1_000_000).default(fallback);

const signalSettings = z.object({
  /** A follow-up query in the same session within this window can be a rephrase. */
  rephraseWindowSeconds: seconds(300),
  /** Embedding similarity that, with enough shared content words, makes a rephrase. */
  rephraseMinSimilarity: fraction(0.7),
  rephraseMinLexicalOverlap: fraction(0.7),
  /** Embedding similarity that makes a rephrase on its own. */
  rephraseSemanticOnlySimilarity: fraction(0.88),
  /** A session with no events for this long has ended; its last answer may be abandoned. */
  abandonmentIdleSeconds: seconds(1800),
  /** The same end user asking a similar question again within this window is a return query. */
  returnQueryWindowSeconds: seconds(86_400),
  returnQueryMinSimilarity: fraction(0.88),
  /** A query joins the nearest topic above this similarity, else opens a new topic. */
  topicMinSimilarity: fraction(0.6),
  /** At or above it a query joins a topic on meaning alone; below it only when it uses one of the topic's terms. */
  topicSemanticOnlySimilarity: fraction(0.8),
  /** Re-clustering: two topics whose centroids are at least this similar become one. */
  topicMergeSimilarity: fraction(0.85),
  /** Re-clustering: a topic with fewer queries in its window joins its nearest topic when that is close enough. */
  topicMinSize: count(3),
  /** Re-clustering looks at the queries of this window (at most 5,000, the most recent). */
  reclusterWindowSeconds: seconds(30 * 86_400),
  /** The topic mix is compared window against previous window (a week by default). */
  topicShiftWindowSeconds: seconds(7 * 86_400),
  /** An emerging topic needs at least this many queries in the current window. */
  emergingMinCount: count(5),
  /** The topic shift is shown as reliable only when both windows hold at least this many queries. */
  shiftMinCount: count(100),
});

const evaluationSettings = z.object({
  judgeSampleRate: fraction(1),
  /** Judge verdicts below this confidence go to a human queue. */
  lowConfidenceThreshold: fraction(0.6),
  recentWindowSeconds: seconds(86_400),
  baselineWindowSeconds: seconds(7 * 86_400),
  minPatternCount: count(20),
  falseDiscoveryRate: fraction(0.05),
  /** Bernoulli CUSUM per pattern: decision interval h and the rise it looks for (p1 = p0 × shift). */
  cusumThreshold: z.number().gt(0).max(50).default(4),
  cusumShift: z.number().gt(1).max(20).default(2),
  /** A user signal at least this strong counts as failure evidence ("negative_feedback"). */
  negativeSignalStrength: fraction(0.7),
  /** What an incident triggers: a notification only, also a dataset, or also a fine-tune job on it. */
  triggerPolicy: z.enum(["notify", "dataset", "dataset_and_finetune"]).default("notify"),
  /** Whether an automatically started fine-tune waits for an ML lead's approval. */
  fineTuneApproval: z.enum(["required", "automatic"]).default("required"),
  /**
   * An automatic fine-tune starts once the incident's data holds this many training rows (it is retried on every
   * scan until then): a run on two rows teaches little and costs a shadow round.
   */
  minTrainingRows: count(20),
});

const labelingSettings = z.object({
  overlap: z.number().int().min(1).max(10).default(2),
  goldRate: fraction(0.05),
});

const shadowSettings = z.object({
  /**
   * Share of production traffic mirrored to a candidate in shadow. A candidate trained for an incident gets all of
   * the incident's slice and this share of the rest.
   */
  mirrorFraction: fraction(0.2),
  minPairedSamples: count(200),
  alpha: fraction(0.05),
  segmentRegressionTolerance: fraction(0.05),
  /** δ: outside the slice the candidate may fail at most this much more often (0.1 = ten points). */
  nonInferiorityMargin: z.number().min(0.01).max(0.5).default(0.1),
  /** Futility: a slice improvement below this (failure-rate points) is not worth promoting. */
  minWorthwhileImprovement: z.number().min(0).max(0.5).default(0.05),
  /** A candidate still undecided after this many slice pairs is rejected under an automatic policy. */
  maxSlicePairs: count(500),
  /** Four-eyes rule: whoever promotes must not be the only approver nor the one who started its fine-tune. */
  fourEyes: z.boolean().default(false),
  /** ML lead approvals a promotion needs: 0 lets the worker promote a candidate that passes every check. */
  requiredApprovals: z.number().int().min(0).max(10).default(1),
  /** A candidate a fine-tune registers: waits for an ML lead, or goes into shadow at mirrorFraction at once. */
  afterTraining: z.enum(["candidate", "shadow"]).default("candidate"),
});

const gatewaySettings = z.object({
  /** Time allowed to the production model for a whole answer (non-streaming) or between stream chunks. */
  upstreamTimeoutSeconds: timeout(60),
  /** Time allowed to a shadow model; a slow shadow never touches the production response. */
  shadowTimeoutSeconds: timeout(30),
});

const accessSettings = z.object({
  /** How long a one-time invite link stays valid. */
  inviteTtlSeconds: seconds(7 * 86_400),
});

const scheduleSettings = z.object({
  rollupIntervalSeconds: seconds(60),
  patternScanIntervalSeconds: seconds(300),
  slowSignalsIntervalSeconds: seconds(3600),
});

// `prefault` (not `default`) so that a missing section is parsed too and gets its fields' defaults.
export const projectSettingsSchema = z.object({
  profile: z.enum(["standard", "fast", "custom"]).default("standard"),
  signals: signalSettings.prefault({}),
  evaluation: evaluationSettings.prefault({}),
  labeling: labelingSettings.prefault({}),
  shadow: shadowSettings.prefault({}),
  schedules: scheduleSettings.prefault({}),
  gateway: gatewaySettings.prefault({}),
  access: accessSettings.prefault({}),
});

export type ProjectSettingsDoc = z.infer<typeof projectSettingsSchema>;

export const updateSettingsInput = z.object({ settings: projectSettingsSchema });
