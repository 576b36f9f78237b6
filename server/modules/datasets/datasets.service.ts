// Datasets from an incident: the pattern's failing interactions (and, for SFT, answers on the topic a human
// confirmed) mined into SFT rows and DPO pairs, stored with their provenance, previewed and exported.
import { DomainError } from "../../errors";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { SettingsService } from "../settings/settings.service";
import type { DatasetsRepo } from "./datasets.repo";
import type { BuildDatasetInput } from "./datasets.schema";
import { mineRows, toOpenAIChatJsonl, toPreferenceJsonl, type DatasetRow, type MiningInteraction } from "./mining";

const MAX_FAILURES = 5000;
const MAX_CONFIRMED = 2000;

function countBy<T>(items: readonly T[], keyOf: (t: T) => string) {
  const out: Record<string, number> = {};
  for (const it of items) out[keyOf(it)] = (out[keyOf(it)] ?? 0) + 1;
  return out;
}

export function createDatasetsService({
  repo,
  settings,
  audit,
  uow,
}: {
  repo: DatasetsRepo;
  settings: Pick<SettingsService, "get">;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  /** The interactions plus every interaction their rephrase chains lead to (three hops at most). */
  async function withRephraseTargets(projectId: string, ids: string[], strength: number) {
    const byId = new Map<string, MiningInteraction>();
    let wanted = ids;
    for (let hop = 0; hop < 4 && wanted.length; hop++) {
      for (const it of await repo.miningData(projectId, wanted, strength)) byId.set(it.id, it);
      wanted = [...byId.values()].map((i) => i.rephrasedAs).filter((id): id is string => !!id && !byId.has(id));
    }
    return byId;
  }

  async function exportRows(
    projectId: string,
    datasetId: string,
    format: "openai_chat" | "preference",
    split: "train" | "holdout" | "all",
  ) {
    const dataset = await repo.dataset(projectId, datasetId);
    if (!dataset) throw new DomainError("NOT_FOUND", "Dataset not found");
    const rows = (await repo.examples(projectId, datasetId))
      .filter((e) => split === "all" || e.split === split)
      .map((e): DatasetRow => ({
        kind: e.kind as DatasetRow["kind"],
        source: e.source as DatasetRow["source"],
        split: e.split as DatasetRow["split"],
        prompt: e.prompt as unknown as DatasetRow["prompt"],
        chosen: e.chosen ?? "",
        rejected: e.rejected,
        provenance: e.provenance as DatasetRow["provenance"],
      }));
    const content = format === "openai_chat" ? toOpenAIChatJsonl(rows) : toPreferenceJsonl(rows);
    const slug = dataset.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    return {
      filename: `${slug}.${format === "openai_chat" ? "sft" : "dpo"}.${split}.jsonl`,
      content,
      lines: content ? content.split("\n").length : 0,
    };
  }

  /** Mines the incident's failing window into a dataset; saves nothing and returns null with fewer than `minRows`. */
  async function build(projectId: string, input: BuildDatasetInput, actorId: string | null, minRows: number) {
    {
      const found = await repo.incidentPattern(projectId, input.incidentId);
      if (!found) throw new DomainError("NOT_FOUND", "Incident not found");
      const { incident, pattern } = found;
      if (!pattern?.topicId) throw new DomainError("INVALID_STATE", "The incident's pattern has no topic");
      const s = (await settings.get(projectId)).evaluation;
      const since = new Date(incident.triggeredAt.getTime() - (s.recentWindowSeconds + s.baselineWindowSeconds) * 1000);
      const failureIds = await repo.failingIds(
        projectId,
        pattern.topicId,
        pattern.category,
        since,
        s.negativeSignalStrength,
        MAX_FAILURES,
      );
      const goodIds = await repo.confirmedGoodIds(projectId, pattern.topicId, MAX_CONFIRMED);
      const byId = await withRephraseTargets(projectId, [...failureIds, ...goodIds], s.negativeSignalStrength);
      const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((x): x is MiningInteraction => !!x);
      const mined = mineRows(pick(failureIds), pick(goodIds), byId, {
        holdoutPercent: input.holdoutPercent,
        excludePii: input.excludePii,
      });
      const stats = {
        failures: failureIds.length,
        confirmedGood: goodIds.length,
        byKind: countBy(mined.rows, (r) => r.kind),
        bySource: countBy(mined.rows, (r) => r.source),
        bySplit: countBy(mined.rows, (r) => r.split),
        duplicates: mined.duplicates,
        piiExcluded: mined.piiExcluded,
      };
      if (mined.rows.length < minRows) return null;
      const topic = (incident.evidence as { topic?: string }).topic ?? "topic";
      const datasetId = await uow(async (tx) => {
        const id = await repo.save(tx, {
          projectId,
          incidentId: incident.id,
          name: `${topic} · ${pattern.category.replace(/_/g, " ")} (${incident.triggeredAt.toISOString().slice(0, 16).replace("T", " ")})`,
          rows: mined.rows,
          stats,
          options: { ...input, topicId: pattern.topicId, category: pattern.category, since: since.toISOString() },
          actorId,
        });
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "dataset.build",
          targetType: "dataset",
          targetId: id,
          detail: { incidentId: incident.id, rows: mined.rows.length },
        });
        return id;
      });
      return { datasetId, rows: mined.rows.length, stats };
    }
  }

  return {
    buildFromIncident: async (projectId: string, input: BuildDatasetInput, actorId: string | null) =>
      (await build(projectId, input, actorId, 0))!,

    /** The trigger policy's retry: a dataset only when the failing window holds `minRows` rows by now, else null. */
    buildFromIncidentIfRows: (projectId: string, input: BuildDatasetInput, minRows: number) =>
      build(projectId, input, null, Math.max(1, minRows)),

    list: (projectId: string) => repo.list(projectId),

    /** The dataset's numbers and its first rows. */
    async preview(projectId: string, datasetId: string) {
      const dataset = await repo.dataset(projectId, datasetId);
      if (!dataset) throw new DomainError("NOT_FOUND", "Dataset not found");
      return { ...dataset, examples: await repo.examples(projectId, datasetId, 20) };
    },

    export: exportRows,

    /** A split of one kind as the JSONL a trainer reads, with each row's last user message and its target. */
    async rowsFor(projectId: string, datasetId: string, kind: "sft" | "dpo", split: "train" | "holdout" | "all") {
      const file = await exportRows(projectId, datasetId, kind === "sft" ? "openai_chat" : "preference", split);
      const examples = (await repo.examples(projectId, datasetId))
        .filter((e) => e.kind === kind && (split === "all" || e.split === split))
        .map((e) => ({
          prompt:
            (e.prompt as Array<{ role?: string; content?: string }>).filter((m) => m.role === "user").at(-1)?.content ??
            "",
          target: e.chosen ?? "",
        }));
      return { ...file, examples };
    },
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
