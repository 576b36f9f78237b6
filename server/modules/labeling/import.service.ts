// Labels made elsewhere (PandaLM, LLMBar, the product's JSONL) become a queue like any other: items, imported
// labelers, judge verdicts and gold answers; consensus and figures then come from the stored rows.
import { DomainError } from "../../errors";
import type { AgreementService } from "./agreement.service";
import { parseImport } from "./import-formats";
import type { ImportLabelsInput } from "./labeling.schema";
import type { LabelsRepo } from "./labels.repo";
import type { QueueAdmin } from "./queue-admin";
import type { QueuesRepo } from "./queues.repo";

export interface ImportSummary {
  queueId: string;
  queueName: string;
  items: number;
  labelers: number;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  judgeAgreement: number | null;
  unparseable: number;
}

const fmt = (x: number | null) => (x === null ? "n/a" : x.toFixed(4));

/** The one line the import command ends with (the agreement page shows the same figures). */
export function importLine(s: ImportSummary): string {
  return `IMPORT items=${s.items} labelers=${s.labelers} fleiss_kappa=${fmt(s.fleissKappa)} krippendorff_alpha=${fmt(
    s.krippendorffAlpha,
  )} judge_agreement=${fmt(s.judgeAgreement)} unparseable=${s.unparseable}`;
}

export function createImportService(deps: {
  queues: QueuesRepo;
  /** Creates queues with their rules and audit row. */
  queueAdmin: Pick<QueueAdmin, "createQueue">;
  labels: LabelsRepo;
  agreement: AgreementService;
  now: () => Date;
}) {
  const { queues, queueAdmin, labels, agreement, now } = deps;

  async function freeName(projectId: string, wanted: string) {
    const taken = new Set((await queues.queues(projectId)).map((q) => q.name));
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted} (${n})`;
    return name;
  }

  return {
    async importLabels(projectId: string, input: ImportLabelsInput, actorId: string | null): Promise<ImportSummary> {
      const parsed = parseImport(input.format, input.content, input.judgeContent);
      const annotators = new Set(parsed.items.flatMap((it) => it.labels.map((l) => l.annotator)));
      const perItem = Math.max(0, ...parsed.items.map((it) => it.labels.length));
      const name = await freeName(
        projectId,
        input.name ?? `${parsed.title} ${now().toISOString().slice(0, 16).replace("T", " ")}`,
      );
      const queue = await queueAdmin.createQueue(
        projectId,
        {
          name,
          description: `Imported (${input.format}): ${parsed.items.length} items, ${annotators.size} annotators.`,
          kind: parsed.kind,
          overlap: Math.max(2, perItem),
          goldRate: parsed.items.some((it) => it.goldChoice !== undefined) ? 0.1 : 0,
          source: "import",
        },
        actorId,
      );
      try {
        await queues.addItems(
          projectId,
          queue.id,
          parsed.items.map((it) => ({
            interactionId: null,
            payload: it.payload,
            reason: "import",
            externalId: it.externalId,
            isGold: it.goldChoice !== undefined && it.labels.length === 0,
            goldChoice: it.goldChoice ?? null,
            judgeStatus: it.judge?.status ?? null,
            judgeChoice: it.judge?.status === "ok" ? it.judge.choice : null,
            judgeConfidence: it.judge?.status === "ok" ? (it.judge.confidence ?? null) : null,
            judgeRaw: it.judge?.raw ?? null,
          })),
        );
        await queues.addImportedLabels(
          projectId,
          queue.id,
          parsed.items.flatMap((it) => it.labels.map((l) => ({ externalId: it.externalId, ...l }))),
          null,
        );
        await labels.settleAll(queue.id);
      } catch (error) {
        await queues.deleteQueue(projectId, queue.id);
        throw error instanceof DomainError ? error : new DomainError("BAD_REQUEST", `Import failed: ${String(error)}`);
      }
      const report = await agreement.report(projectId, queue.id);
      return {
        queueId: queue.id,
        queueName: queue.name,
        items: report.items,
        labelers: report.labelers.length,
        fleissKappa: report.fleiss.value,
        krippendorffAlpha: report.alphaNominal.value,
        judgeAgreement: report.judge.agreement.value,
        unparseable: report.judge.unparseable,
      };
    },
  };
}
