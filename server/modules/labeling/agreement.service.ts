// The disagreement dashboard: figures for one queue (optionally one rubric version) from the stored labels, the
// weekly α trend, and the Dawid–Skene aggregate next to the majority. The import command prints the same figures.
import { dawidSkene } from "../../stats/dawid-skene";
import { DomainError } from "../../errors";
import { agreementReport, nominalAlpha, type ReportLabel } from "./agreement-report";
import { nominalOf, scoreOf, type QueueKind } from "./label-values";
import type { AgreementRepo } from "./agreement.repo";
import type { QueuesRepo } from "./queues.repo";

const WEEK_MS = 7 * 86_400_000;

export function createAgreementService({ queues, labels }: { queues: QueuesRepo; labels: AgreementRepo }) {
  async function load(projectId: string, queueId: string, rubricVersionId?: string) {
    const queue = await queues.queue(projectId, queueId);
    if (!queue) throw new DomainError("NOT_FOUND", "Queue not found");
    const data = await labels.agreementData(projectId, queueId, rubricVersionId);
    const kind = queue.kind as QueueKind;
    const rows: Array<ReportLabel & { createdAt: string; rationale: string | null }> = data.labels.map((l) => ({
      itemId: l.itemId,
      labelerKey: l.labelerKey,
      labelerName: l.name,
      nominal: nominalOf(kind, l.choice, l.category),
      score: scoreOf(l.choice),
      createdAt: l.createdAt,
      rationale: l.rationale,
    }));
    const items = data.items.map((it) => ({
      id: it.id,
      isGold: it.isGold,
      goldChoice: it.goldChoice,
      judgeChoice: it.judgeChoice,
      judgeStatus: it.judgeStatus,
      judgeConfidence: it.judgeConfidence,
      consensus: it.consensus,
    }));
    return { queue, items, rows };
  }

  /** Dawid–Skene over the queue's nominal labels: each item's aggregate and each labeler's estimated accuracy. */
  function aggregate(items: Array<{ id: string }>, rows: ReportLabel[]) {
    const keys = [...new Set(rows.map((r) => r.labelerKey))].sort();
    if (keys.length < 2) return null;
    const itemIndex = new Map(items.map((it, i) => [it.id, i]));
    const keyIndex = new Map(keys.map((k, i) => [k, i]));
    const matrix = items.map(() => new Array<string | null>(keys.length).fill(null));
    for (const r of rows) {
      const u = itemIndex.get(r.itemId);
      if (u !== undefined) matrix[u]![keyIndex.get(r.labelerKey)!] = r.nominal;
    }
    const labeled = matrix.map((row, u) => ({ row, u })).filter((x) => x.row.some((v) => v !== null));
    if (labeled.length === 0) return null;
    const ds = dawidSkene(labeled.map((x) => x.row));
    const names = new Map(rows.map((r) => [r.labelerKey, r.labelerName]));
    const byItem = new Map<string, { label: string | null; probability: number }>();
    labeled.forEach((x, i) =>
      byItem.set(items[x.u]!.id, { label: ds.labels[i] ?? null, probability: Math.max(...ds.posteriors[i]!) }),
    );
    return {
      labelers: keys.map((key, j) => ({ key, name: names.get(key) ?? key, accuracy: ds.accuracy[j]! })),
      byItem,
      iterations: ds.iterations,
    };
  }

  return {
    async report(projectId: string, queueId: string, rubricVersionId?: string) {
      const { queue, items, rows } = await load(projectId, queueId, rubricVersionId);
      const report = agreementReport(items, rows);
      const ds = aggregate(items, rows);
      // Items where the reliability-weighted aggregate and the majority disagree are worth a second look.
      const dsDiffers = ds
        ? items.filter((it) => it.consensus !== null && ds.byItem.get(it.id)?.label !== it.consensus).length
        : 0;
      // α (nominal) per week of labeling, each with its number of items.
      const weeks = new Map<number, ReportLabel[]>();
      for (const r of rows) {
        const week = Math.floor(new Date(r.createdAt).getTime() / WEEK_MS) * WEEK_MS;
        weeks.set(week, [...(weeks.get(week) ?? []), r]);
      }
      const overTime = [...weeks]
        .sort(([a], [b]) => a - b)
        .map(([week, labelsOfWeek]) => {
          const { value, n } = nominalAlpha(labelsOfWeek);
          return { weekStart: new Date(week), alpha: value, n };
        });
      return {
        queue: {
          id: queue.id,
          name: queue.name,
          kind: queue.kind,
          overlap: queue.overlap,
          rubricVersionId: queue.rubricVersionId,
        },
        ...report,
        dawidSkene: ds ? { labelers: ds.labelers, differsFromMajority: dsDiffers } : null,
        rubricVersions: await labels.rubricVersions(projectId, queueId),
        overTime,
      };
    },

    /** Per item: the Dawid–Skene label and its posterior, for the items table. */
    async aggregateByItem(projectId: string, queueId: string) {
      const { items, rows } = await load(projectId, queueId);
      return aggregate(items, rows)?.byItem ?? new Map<string, { label: string | null; probability: number }>();
    },
  };
}

export type AgreementService = ReturnType<typeof createAgreementService>;
