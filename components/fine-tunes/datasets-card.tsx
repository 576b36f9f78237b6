"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { StartFineTune } from "./start-fine-tune";

interface Stats {
  failures?: number;
  confirmedGood?: number;
  byKind?: Record<string, number>;
  bySource?: Record<string, number>;
  bySplit?: Record<string, number>;
  duplicates?: number;
  piiExcluded?: number;
}

const SOURCE_LABELS: Record<string, string> = {
  user_correction: "user corrections",
  accepted_after_rephrase: "accepted after rephrasing",
  judge_and_human_confirmed: "judge + human confirmed",
};

const counts = (m: Record<string, number> | undefined, labels: Record<string, string> = {}) =>
  Object.entries(m ?? {})
    .map(([k, v]) => `${v} ${labels[k] ?? k}`)
    .join(" · ") || "none";

function download(filename: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: "application/jsonl" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

function Preview({ projectId, datasetId }: { projectId: string; datasetId: string }) {
  const trpc = useTRPC();
  const preview = useQuery(trpc.datasets.preview.queryOptions({ projectId, datasetId }));
  if (preview.isPending) return <Loading />;
  if (preview.isError) return <ErrorNote>{errorMessage(preview.error)}</ErrorNote>;
  return (
    <ul aria-label="Dataset rows" className="mt-2 space-y-2 text-sm">
      {preview.data.examples.map((e) => {
        const prompt = (e.prompt as Array<{ content?: string }>).map((m) => m.content ?? "").join(" / ");
        return (
          <li key={e.id} className="rounded bg-zinc-50 p-2 dark:bg-zinc-800/60">
            <div className="mb-1 flex gap-2">
              <Badge>{e.kind}</Badge>
              <Badge tone="brand">{SOURCE_LABELS[e.source] ?? e.source}</Badge>
              <Badge tone={e.split === "holdout" ? "warn" : "neutral"}>{e.split}</Badge>
            </div>
            <p>
              <strong>Prompt:</strong> {prompt}
            </p>
            <p>
              <strong>Chosen:</strong> {e.chosen}
            </p>
            {e.rejected ? (
              <p>
                <strong>Rejected:</strong> {e.rejected}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Datasets built from incidents: their numbers, a preview of the rows, and the two JSONL exports. */
export function DatasetsCard({ projectId, lead }: { projectId: string; lead: boolean }) {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const exportRows = useMutation(
    trpc.datasets.export.mutationOptions({ onSuccess: (file) => download(file.filename, file.content) }),
  );
  const [open, setOpen] = useState<string | null>(null);
  const [starting, setStarting] = useState<string | null>(null);
  return (
    <Card
      title="Datasets"
      description="Built from an incident: SFT rows (prompt → the user's correction, or an answer the judge passed and a human confirmed) and DPO pairs (chosen: the correction or the answer accepted after rephrasing; rejected: the failed answer)."
    >
      {datasets.isPending ? <Loading /> : null}
      {exportRows.error ? <ErrorNote>{errorMessage(exportRows.error)}</ErrorNote> : null}
      {datasets.data?.length === 0 ? (
        <p className="text-sm text-zinc-500">No datasets yet: build one from an incident.</p>
      ) : null}
      <ul aria-label="Datasets" className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {datasets.data?.map((d) => {
          const s = d.stats as Stats;
          return (
            <li key={d.id} className="space-y-1 py-3 text-sm">
              <div className="font-medium">{d.name}</div>
              <p className="text-xs text-zinc-500">
                {d.rowCount} rows: {counts(s.byKind)} · {counts(s.bySource, SOURCE_LABELS)} · {counts(s.bySplit)} · from{" "}
                {s.failures ?? 0} failing and {s.confirmedGood ?? 0} confirmed answers · {s.duplicates ?? 0} duplicates
                and {s.piiExcluded ?? 0} personal-looking rows left out
              </p>
              {lead ? (
                <div className="flex flex-wrap gap-2 pt-1">
                  <Button onClick={() => setStarting(starting === d.id ? null : d.id)}>
                    {starting === d.id ? "Close" : "Fine-tune on this dataset"}
                  </Button>
                  <Button variant="ghost" onClick={() => setOpen(open === d.id ? null : d.id)}>
                    {open === d.id ? "Hide rows" : "Preview rows"}
                  </Button>
                  <Button
                    variant="secondary"
                    onClick={() =>
                      exportRows.mutate({ projectId, datasetId: d.id, format: "openai_chat", split: "train" })
                    }
                  >
                    Download SFT (OpenAI chat JSONL)
                  </Button>
                  <Button
                    variant="secondary"
                    onClick={() =>
                      exportRows.mutate({ projectId, datasetId: d.id, format: "preference", split: "train" })
                    }
                  >
                    Download DPO (preference JSONL)
                  </Button>
                </div>
              ) : null}
              {starting === d.id ? (
                <StartFineTune projectId={projectId} datasetId={d.id} onDone={() => setStarting(null)} />
              ) : null}
              {open === d.id ? <Preview projectId={projectId} datasetId={d.id} /> : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
