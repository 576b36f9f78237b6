"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useTRPC } from "@/components/trpc";
import { fmtNumber } from "./agreement-format";

const FORMATS = {
  jsonl: "Tightloop JSONL (one item per line, judge verdicts inline)",
  pandalm: "PandaLM test set (+ the GPT-3.5 verdicts file as judge)",
  llmbar: "LLMBar / MT-Bench human majority (+ a GPT-4 results file as judge)",
} as const;

/** Upload labels made elsewhere into a new queue; the figures shown are computed from the stored labels. */
export function ImportForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<keyof typeof FORMATS>("pandalm");
  const importLabels = useMutation(
    trpc.labeling.importLabels.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.labeling.queues.queryKey({ projectId }) }),
    }),
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const file = f.get("file");
    const judge = f.get("judge");
    if (!(file instanceof File) || file.size === 0) return;
    const content = await file.text();
    const judgeContent = judge instanceof File && judge.size > 0 ? await judge.text() : undefined;
    const name = String(f.get("name") ?? "").trim();
    importLabels.mutate({
      projectId,
      format,
      content,
      ...(judgeContent ? { judgeContent } : {}),
      ...(name ? { name } : {}),
    });
  }

  const s = importLabels.data;
  return (
    <Card
      title="Import labels"
      description="Bring items with per-annotator labels, judge verdicts and gold answers from another tool or a public set. Same as `npm run import -- <format> <file> [--judge <file>]`."
    >
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" aria-label="Import labels">
        <Field label="Format">
          <Select value={format} onChange={(e) => setFormat(e.target.value as keyof typeof FORMATS)}>
            {Object.entries(FORMATS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Queue name (optional)">
          <Input name="name" maxLength={80} placeholder="PandaLM test set" />
        </Field>
        <Field label="Labels file">
          <Input name="file" type="file" accept=".json,.jsonl,application/json" required />
        </Field>
        <Field
          label="Judge verdicts file (optional)"
          hint={format === "jsonl" ? "JSONL carries verdicts on each line." : undefined}
        >
          <Input name="judge" type="file" accept=".json,application/json" disabled={format === "jsonl"} />
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" disabled={importLabels.isPending}>
            {importLabels.isPending ? "Importing…" : "Import"}
          </Button>
        </div>
        <FormError error={importLabels.error} className="md:col-span-2" />
      </form>
      {s ? (
        <div role="status" className="mt-4 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800/60">
          <p>
            Imported <strong>{s.items}</strong> items from {s.labelers} labelers into “{s.queueName}”: Fleiss κ{" "}
            {fmtNumber(s.fleissKappa)}, Krippendorff α {fmtNumber(s.krippendorffAlpha)}, judge agreement{" "}
            {fmtNumber(s.judgeAgreement)}, {s.unparseable} unparseable verdicts.
          </p>
          <Link className="text-brand-600 hover:underline" href={`/p/${projectId}/labeling/${s.queueId}/agreement`}>
            Open its agreement page
          </Link>
        </div>
      ) : null}
    </Card>
  );
}
