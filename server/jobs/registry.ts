import { alertNotifyJob } from "./alert-notify.job";
import { evaluationSweepJob } from "./evaluation-sweep.job";
import { fineTuneRunJob } from "./fine-tune-run.job";
import { fineTuneSweepJob } from "./fine-tune-sweep.job";
import { heartbeatJob } from "./heartbeat.job";
import { judgeScoreJob } from "./judge-score.job";
import { labelRouteJob } from "./label-route.job";
import type { JobDefinition } from "./job";
import { patternScanJob } from "./pattern-scan.job";
import { processSignalsJob } from "./process-signals.job";
import { qualityRollupJob } from "./quality-rollup.job";
import { shadowGatesJob } from "./shadow-gates.job";
import { signalsSweepJob } from "./signals-sweep.job";
import { topicReclusterJob } from "./topic-recluster.job";

/** Every job the worker runs; the web app creates the same queues so that send() never drops a job. */
const jobRegistry = [
  heartbeatJob,
  processSignalsJob,
  signalsSweepJob,
  judgeScoreJob,
  qualityRollupJob,
  labelRouteJob,
  patternScanJob,
  topicReclusterJob,
  shadowGatesJob,
  fineTuneRunJob,
  fineTuneSweepJob,
  evaluationSweepJob,
  alertNotifyJob,
] as const;

export const jobs: readonly JobDefinition[] = jobRegistry;
/** One registered job, with its literal name and payload schema (what `JobQueue.send` is typed by). */
export type RegisteredJob = (typeof jobRegistry)[number];
