"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ModelVersionSelect } from "@/components/deployments/model-version-select";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useTRPC } from "@/components/trpc";

const BACKEND_LABELS = {
  simulated: "Simulated trainer (demo world)",
  command: "Trainer command (configured by the operator)",
  "openai-compatible": "The base version's provider (OpenAI-compatible fine-tuning API)",
} as const;

/** Start a fine-tune on a dataset: method, backend, base version and hyperparameters, with a confirmation. */
export function StartFineTune({
  projectId,
  datasetId,
  onDone,
}: {
  projectId: string;
  datasetId: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const backends = useQuery(trpc.fineTunes.backends.queryOptions({ projectId }));
  const [method, setMethod] = useState<"lora_sft" | "dpo">("lora_sft");
  const start = useMutation(
    trpc.fineTunes.create.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.fineTunes.list.queryKey({ projectId }) });
        onDone();
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const n = (k: string) => Number(f.get(k));
    const backend = String(f.get("backend")) as keyof typeof BACKEND_LABELS;
    const what = `Start a ${method === "dpo" ? "DPO" : "LoRA SFT"} fine-tune on this dataset's training split with the ${BACKEND_LABELS[backend].toLowerCase()}? On success a new candidate version is registered (it serves no traffic until you put it in shadow).`;
    if (!window.confirm(what)) return;
    start.mutate({
      projectId,
      datasetId,
      method,
      backend,
      baseModelVersionId: String(f.get("baseModelVersionId") ?? ""),
      hyperparameters: {
        rank: n("rank"),
        alpha: n("alpha"),
        learningRate: n("learningRate"),
        epochs: n("epochs"),
        // The β field is disabled (so not in the form data) for LoRA SFT: the server's default applies.
        ...(method === "dpo" ? { beta: n("beta") } : {}),
      },
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Start fine-tune"
      className="mt-2 grid gap-3 rounded-md border border-zinc-200 p-3 md:grid-cols-4 dark:border-zinc-800"
    >
      <Field label="Method">
        <Select value={method} onChange={(e) => setMethod(e.target.value as "lora_sft" | "dpo")}>
          <option value="lora_sft">LoRA SFT (SFT rows)</option>
          <option value="dpo">DPO (preference pairs)</option>
        </Select>
      </Field>
      <Field label="Backend">
        <Select name="backend" defaultValue="simulated">
          {(Object.keys(BACKEND_LABELS) as Array<keyof typeof BACKEND_LABELS>).map((b) => (
            <option key={b} value={b} disabled={backends.data ? !backends.data[b] : false}>
              {BACKEND_LABELS[b]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Base model version">
        <ModelVersionSelect projectId={projectId} name="baseModelVersionId" emptyLabel="Choose…" required />
      </Field>
      <Field label="LoRA rank">
        <Input name="rank" type="number" min={1} max={256} defaultValue={16} />
      </Field>
      <Field label="LoRA alpha">
        <Input name="alpha" type="number" min={1} max={512} defaultValue={32} />
      </Field>
      <Field label="Learning rate">
        <Input name="learningRate" type="number" step="any" min={0} defaultValue={0.0002} />
      </Field>
      <Field label="Epochs">
        <Input name="epochs" type="number" min={1} max={20} defaultValue={3} />
      </Field>
      <Field label="DPO beta">
        <Input name="beta" type="number" step="any" min={0} defaultValue={0.1} disabled={method !== "dpo"} />
      </Field>
      <div className="md:col-span-4">
        <Button type="submit" disabled={start.isPending}>
          Start fine-tune
        </Button>
      </div>
      <FormError error={start.error} className="md:col-span-4" />
    </form>
  );
}
