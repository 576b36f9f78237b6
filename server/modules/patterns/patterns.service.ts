// The pattern scan: failure evidence over the recent and baseline windows, grouped into (topic × failure category)
// patterns, decided by the trigger rules, stored with their numbers; a significant pattern opens an incident.
import { DomainError, unchanged } from "../../errors";
import type { DatasetsService } from "../datasets/datasets.service";
import { hyperparameters } from "../fine-tunes/fine-tunes.schema";
import type { FineTunesService } from "../fine-tunes/fine-tunes.service";
import type { DeploymentsService } from "../deployments/deployments.service";
import type { ProjectSettingsDoc } from "../settings/settings.schema";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { SettingsService } from "../settings/settings.service";
import { ACTIVE_INCIDENT, type EvidenceRow, type PatternsRepo } from "./patterns.repo";
import { evaluatePatterns, type PatternWindowCounts } from "./triggers";
import { pct } from "../../format";

const EXAMPLES = 5;

interface Group extends PatternWindowCounts {
  firstFailure: EvidenceRow | null;
  examples: string[];
}

/** Counts per (topic × category) in both windows, the recent outcomes in time order, and the first failure. */
function groupEvidence(rows: readonly EvidenceRow[]) {
  const totals = new Map<string, { recent: number; baseline: number }>();
  const categoryBaseline = new Map<string, number>();
  let baselineAll = 0;
  const recentByTopic = new Map<string, EvidenceRow[]>();
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const t = totals.get(r.topicId) ?? { recent: 0, baseline: 0 };
    if (r.recent) {
      t.recent++;
      recentByTopic.set(r.topicId, [...(recentByTopic.get(r.topicId) ?? []), r]);
    } else {
      t.baseline++;
      baselineAll++;
    }
    totals.set(r.topicId, t);
    for (const category of r.categories) {
      if (!r.recent) categoryBaseline.set(category, (categoryBaseline.get(category) ?? 0) + 1);
      const key = `${r.topicId}\u0000${category}`;
      const g = groups.get(key) ?? {
        topicId: r.topicId,
        category,
        recentFailures: 0,
        recentTotal: 0,
        baselineFailures: 0,
        baselineTotal: 0,
        recentOutcomes: [],
        firstFailure: null,
        examples: [],
      };
      if (r.recent) {
        g.recentFailures++;
        g.firstFailure ??= r;
        g.examples = [r.id, ...g.examples].slice(0, EXAMPLES);
      } else g.baselineFailures++;
      groups.set(key, g);
    }
  }
  for (const g of groups.values()) {
    const recent = recentByTopic.get(g.topicId) ?? [];
    g.recentTotal = recent.length;
    g.baselineTotal = totals.get(g.topicId)?.baseline ?? 0;
    g.recentOutcomes = recent.map((r) => r.categories.includes(g.category));
  }
  return { groups: [...groups.values()].filter((g) => g.recentFailures > 0), categoryBaseline, baselineAll };
}

export function createPatternsService({
  repo,
  settings,
  now,
  datasets,
  fineTunes,
  deployments,
  audit,
  uow,
}: {
  repo: PatternsRepo;
  settings: Pick<SettingsService, "get">;
  now: () => Date;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  datasets?: Pick<DatasetsService, "buildFromIncident" | "buildFromIncidentIfRows">;
  fineTunes?: Pick<FineTunesService, "create" | "backends">;
  deployments?: Pick<DeploymentsService, "list">;
}) {
  /**
   * What an incident triggers, per the project's policy: a dataset, and a fine-tune of the production version on
   * it (waiting for approval unless the project allows automatic ones). Each decision goes to the audit log.
   */
  async function applyTriggerPolicy(
    projectId: string,
    incidentId: string,
    s: ProjectSettingsDoc["evaluation"],
    { retry = false }: { retry?: boolean } = {},
  ) {
    if (s.triggerPolicy === "notify" || !datasets) return;
    const decision: Record<string, unknown> = { policy: s.triggerPolicy };
    try {
      const input = { incidentId, holdoutPercent: 10, excludePii: true };
      // A retry of an incident whose data had too few rows: nothing saved or logged until it has enough.
      const needed = s.triggerPolicy === "dataset_and_finetune" ? s.minTrainingRows : 1;
      const built = retry
        ? await datasets.buildFromIncidentIfRows(projectId, input, needed)
        : await datasets.buildFromIncident(projectId, input, null);
      if (!built) return false;
      decision.datasetId = built.datasetId;
      decision.rows = built.rows;
      if (s.triggerPolicy === "dataset_and_finetune" && fineTunes && deployments) {
        const byKind = built.stats.byKind as Record<string, number>;
        const method = (byKind.dpo ?? 0) > 0 ? "dpo" : (byKind.sft ?? 0) > 0 ? "lora_sft" : null;
        const production = (await deployments.list(projectId)).find((m) => m.status === "production");
        const available = fineTunes.backends();
        const backend = production?.provider === "simulated" ? "simulated" : available.command ? "command" : null;
        // One run per topic at a time: a second failure category of the topic would train a near-copy side by side.
        // Other topics train in parallel, so a candidate that never passes its gates holds up only its own topic.
        const inFlight = await repo.topicFineTuneInFlight(projectId, incidentId);
        if (!method || built.rows < s.minTrainingRows) {
          decision.fineTune = `skipped: the dataset has ${built.rows} of the ${s.minTrainingRows} rows a run needs`;
        } else if (inFlight) decision.fineTune = `skipped: fine-tune ${inFlight} for this topic is still under way`;
        else if (!production) decision.fineTune = "skipped: no production version";
        else if (!backend) decision.fineTune = "skipped: no trainer configured for this version";
        else {
          const job = await fineTunes.create(
            projectId,
            {
              datasetId: built.datasetId,
              method,
              backend,
              baseModelVersionId: production.id,
              hyperparameters: hyperparameters.parse({}),
            },
            null,
            { awaitApproval: s.fineTuneApproval === "required" },
          );
          decision.fineTuneJobId = job.jobId;
          decision.fineTune = s.fineTuneApproval === "required" ? "waiting for approval" : "queued";
        }
      }
    } catch (error) {
      decision.error = error instanceof Error ? error.message : String(error);
    }
    await uow((tx) =>
      audit.insert(tx, {
        projectId,
        actorId: null,
        action: "incident.trigger",
        targetType: "incident",
        targetId: incidentId,
        detail: decision as never,
      }),
    );
    return true;
  }

  return {
    /**
     * Scans one project unless it was scanned less than its scan interval ago (`force` skips that check).
     * Returns the number of patterns evaluated and the incidents opened, or null when skipped.
     */
    async scan(projectId: string, { force = false } = {}) {
      const doc = await settings.get(projectId);
      const s = doc.evaluation;
      const interval = doc.schedules.patternScanIntervalSeconds;
      const at = now();
      const last = await repo.lastScan(projectId);
      if (!force && last && at.getTime() - last.getTime() < interval * 1000) return null;
      const recentStart = new Date(at.getTime() - s.recentWindowSeconds * 1000);
      // Baselines start over at a promotion: what the previous production version did is no evidence about this one.
      const promotedAt = await repo.lastPromotionAt(projectId);
      const baselineStart = new Date(
        Math.max(recentStart.getTime() - s.baselineWindowSeconds * 1000, promotedAt?.getTime() ?? 0),
      );
      const rows = await repo.evidence(projectId, baselineStart, recentStart, at, s.negativeSignalStrength);
      const { groups, categoryBaseline, baselineAll } = groupEvidence(rows);
      // A topic too young for its own baseline is compared with the category's rate over all topics.
      const prepared = groups.map((g) => {
        const own = g.baselineTotal >= s.minPatternCount;
        return own
          ? { g, scope: "topic" as const, counts: g }
          : {
              g,
              scope: "all topics" as const,
              counts: { ...g, baselineFailures: categoryBaseline.get(g.category) ?? 0, baselineTotal: baselineAll },
            };
      });
      const decisions = evaluatePatterns(
        prepared.map((p) => p.counts),
        s,
      );
      const labels = await repo.topicLabels(projectId);
      const scanned = decisions.map((d, i) => {
        const { g, scope } = prepared[i]!;
        const label = labels.get(d.topicId) ?? "unnamed topic";
        return {
          ...d,
          title: `${label} · ${d.category.replace(/_/g, " ")}: ${pct(d.recentRate)} failing (baseline ${pct(d.baselineRate)})`,
          failureAt: new Date(g.firstFailure!.startedAt),
          signalAt: new Date(g.firstFailure!.createdAt),
          numbers: {
            topic: label,
            recentWindowSeconds: s.recentWindowSeconds,
            baselineWindowSeconds: s.baselineWindowSeconds,
            baselineScope: scope,
            recentFailures: d.recentFailures,
            recentTotal: d.recentTotal,
            recentRate: d.recentRate,
            baselineFailures: d.baselineFailures,
            baselineTotal: d.baselineTotal,
            baselineRate: d.baselineRate,
            z: d.z,
            pValue: d.pValue,
            qValue: d.qValue,
            cusum: d.cusum,
            cusumAlarm: d.cusumAlarm,
            minPatternCount: s.minPatternCount,
            falseDiscoveryRate: s.falseDiscoveryRate,
            verdict: d.verdict,
            examples: g.examples,
          },
        };
      });
      // The scan's decisions, the incidents they open and the audit row of each, in one unit of work.
      const opened = await uow(async (tx) => {
        const incidents = await repo.saveScan(tx, projectId, at, scanned);
        for (const o of incidents) {
          const d = scanned.find((x) => x.title === o.title)!;
          await audit.insert(tx, {
            projectId,
            actorId: null,
            action: "incident.open",
            targetType: "incident",
            targetId: o.incidentId,
            detail: { patternId: o.patternId, ...d.numbers },
          });
        }
        return incidents;
      });
      for (const o of opened) await applyTriggerPolicy(projectId, o.incidentId, s);
      // Incidents whose fine-tune waited for their topic's earlier run (retried once that run is decided), or
      // whose failing window held too few training rows (retried on every scan until it has enough: users keep
      // rephrasing, correcting and labeling).
      let retried = 0;
      if (s.triggerPolicy === "dataset_and_finetune") {
        for (const incidentId of await repo.incidentsToRetry(projectId)) {
          if (await repo.topicFineTuneInFlight(projectId, incidentId)) continue;
          if (await applyTriggerPolicy(projectId, incidentId, s, { retry: true })) retried++;
        }
      }
      return { patterns: decisions.length, opened, retried };
    },

    patterns: (projectId: string) => repo.patterns(projectId),

    /**
     * When the pattern scan last ran and runs next, and the windows it compares — the baseline starts over at a
     * promotion, so after one the table may stay quiet until the new version has a baseline of its own.
     */
    async scanStatus(projectId: string) {
      const doc = await settings.get(projectId);
      const s = doc.evaluation;
      const at = now();
      const [last, promotedAt] = await Promise.all([repo.lastScan(projectId), repo.lastPromotionAt(projectId)]);
      const interval = doc.schedules.patternScanIntervalSeconds;
      const recentStart = new Date(at.getTime() - s.recentWindowSeconds * 1000);
      const windowStart = recentStart.getTime() - s.baselineWindowSeconds * 1000;
      const restarted = promotedAt !== null && promotedAt.getTime() > windowStart;
      return {
        lastScanAt: last,
        nextScanAt: last ? new Date(Math.max(at.getTime(), last.getTime() + interval * 1000)) : at,
        intervalSeconds: interval,
        recent: { from: recentStart, to: at },
        baseline: {
          // Empty (from = to) while the promotion is inside the recent window.
          from: restarted ? new Date(Math.min(promotedAt.getTime(), recentStart.getTime())) : new Date(windowStart),
          to: recentStart,
          seconds: s.baselineWindowSeconds,
          restartedAtPromotion: restarted ? promotedAt : null,
        },
      };
    },
    incidents: (projectId: string) => repo.incidents(projectId),

    async dismiss(projectId: string, incidentId: string, reason: string, actorId: string) {
      const dismissed = await uow(async (tx) => {
        if (!(await repo.dismiss(tx, projectId, incidentId, reason, actorId))) {
          if (!(await repo.hasIncident(tx, projectId, incidentId))) throw unchanged(false, "Incident", "");
          return false;
        }
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "incident.dismiss",
          targetType: "incident",
          targetId: incidentId,
          detail: { reason },
        });
        return true;
      });
      if (!dismissed) {
        throw new DomainError(
          "INVALID_STATE",
          `Only an incident that is ${ACTIVE_INCIDENT.join(", ")} can be dismissed`,
        );
      }
    },

    projectsToScan: () => repo.projectsWithTopics(),
  };
}
