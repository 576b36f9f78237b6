"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { FormError } from "@/components/ui/form-error";
import { Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { canSee } from "@/components/shell/roles";
import { DeploymentHistory } from "./deployment-history";
import { DeploymentWebhook } from "./deployment-webhook";

const STATUS_TONE = { production: "ok", shadow: "brand", candidate: "neutral", retired: "warn" } as const;

type Provider = "openai-compatible" | "simulated";

function AddVersion({ projectId, versions }: { projectId: string; versions: Array<{ id: string; name: string }> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [provider, setProvider] = useState<Provider>("openai-compatible");
  // The installed demo world's presets (none in a build without it).
  const presets = useQuery(trpc.deployments.presets.queryOptions({ projectId }));
  const create = useMutation(
    trpc.deployments.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.deployments.list.queryKey({ projectId }) }),
    }),
  );
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const form = event.currentTarget;
    const text = (name: string) => String(f.get(name) ?? "").trim();
    const common = {
      projectId,
      name: text("name"),
      parentId: text("parentId") || undefined,
      adapterRef: text("adapterRef") || undefined,
    };
    const input =
      provider === "simulated"
        ? {
            ...common,
            provider,
            profile: text("profile"),
          }
        : {
            ...common,
            provider,
            baseUrl: text("baseUrl"),
            model: text("model"),
            apiKey: String(f.get("apiKey") ?? "") || undefined,
            timeoutSeconds: text("timeoutSeconds") ? Number(text("timeoutSeconds")) : undefined,
          };
    await create.mutateAsync(input).then(
      () => form.reset(),
      () => undefined,
    );
  }
  const fieldNames = ["name", "baseUrl", "model", "timeoutSeconds", "adapterRef", "parentId"];
  return (
    <Card
      title="Add a model version"
      description="Any OpenAI-compatible endpoint (vLLM, Ollama, OpenAI…), or a simulated model for the demo world. The first version serves production; later ones start as candidates. The API key is stored encrypted and never shown again."
    >
      <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-2" noValidate>
        <Field label="Name" error={fieldError(create.error, "name")}>
          <Input name="name" required placeholder="support-v2" />
        </Field>
        <Field label="Provider">
          <Select name="provider" value={provider} onChange={(e) => setProvider(e.target.value as Provider)}>
            <option value="openai-compatible">OpenAI-compatible endpoint</option>
            {presets.data?.length ? <option value="simulated">Simulated (demo world)</option> : null}
          </Select>
        </Field>
        {provider === "openai-compatible" ? (
          <>
            <Field label="Base URL" error={fieldError(create.error, "baseUrl")}>
              <Input name="baseUrl" required placeholder="http://localhost:8000/v1" />
            </Field>
            <Field label="Model" error={fieldError(create.error, "model")}>
              <Input name="model" required placeholder="meta-llama/Llama-3.1-8B-Instruct" />
            </Field>
            <Field label="API key (optional)">
              <Input name="apiKey" type="password" autoComplete="off" />
            </Field>
            <Field
              label="Timeout in seconds (optional)"
              hint="Overrides the project's gateway timeout for this version."
              error={fieldError(create.error, "timeoutSeconds")}
            >
              <Input name="timeoutSeconds" type="number" min={1} max={600} />
            </Field>
          </>
        ) : (
          <Field label="Simulated quality" hint="Simulated answers; the truth about them stays inside the simulator.">
            {presets.data ? (
              <Select
                name="profile"
                defaultValue={presets.data.some((p) => p.name === "uniform") ? "uniform" : undefined}
              >
                {presets.data.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.label}
                  </option>
                ))}
              </Select>
            ) : (
              <Loading />
            )}
          </Field>
        )}
        <Field label="Fine-tuned from (optional)" error={fieldError(create.error, "parentId")}>
          <Select name="parentId" defaultValue="">
            <option value="">— base model —</option>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Adapter reference (optional)" error={fieldError(create.error, "adapterRef")}>
          <Input name="adapterRef" placeholder="s3://adapters/support-v2-lora" />
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add version"}
          </Button>
        </div>
      </form>
      <FormError error={create.error} fields={fieldNames} className="mt-3" />
    </Card>
  );
}

export function ModelRegistry({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.deployments.list.queryOptions({ projectId }));
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const isAdmin = me.data?.role === "admin";
  const lead = me.data ? canSee(me.data.role, "ml_lead") : false;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deployments.list.queryKey({ projectId }) });
  const setStatus = useMutation(trpc.deployments.setStatus.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.deployments.test.mutationOptions());
  const [fractions, setFractions] = useState<Record<string, number>>({});

  return (
    <div className="space-y-6">
      <PageHeader
        title="Deployments"
        description="Model versions of this project, which one serves production through the gateway (POST /api/v1/chat/completions), and which receive mirrored traffic in shadow."
      />
      <DeploymentHistory projectId={projectId} lead={lead} />
      {isAdmin ? <AddVersion projectId={projectId} versions={versions.data ?? []} /> : null}
      {versions.isPending ? <Loading /> : null}
      {versions.isError ? <ErrorNote>{errorMessage(versions.error)}</ErrorNote> : null}
      {setStatus.isError ? <ErrorNote>{errorMessage(setStatus.error)}</ErrorNote> : null}
      {versions.data && versions.data.length === 0 ? (
        <EmptyState title="No model versions registered">
          <p>
            Add an OpenAI-compatible endpoint above; then point your app&apos;s OpenAI client at this server&apos;s{" "}
            <code>/api/v1</code> with a project API key.
          </p>
        </EmptyState>
      ) : null}
      {versions.data && versions.data.length > 0 ? (
        <Card title="Versions">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {versions.data.map((v) => {
              const config = (v.config ?? {}) as {
                baseUrl?: string;
                model?: string;
                timeoutSeconds?: number;
                profile?: string;
              };
              const parent = v.parentId ? versions.data.find((p) => p.id === v.parentId) : undefined;
              const fraction = fractions[v.id] ?? (v.mirrorFraction || 0.2);
              return (
                <li key={v.id} className="space-y-2 py-3">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="flex items-center gap-2">
                      <span className="font-medium">{v.name}</span>
                      <Badge tone={STATUS_TONE[v.status]}>{v.status}</Badge>
                      {v.provider === "simulated" ? <Badge tone="warn">simulated</Badge> : null}
                      {v.status === "shadow" ? (
                        <span className="text-xs text-zinc-500">{Math.round(v.mirrorFraction * 100)}% mirrored</span>
                      ) : null}
                    </div>
                    <span className="text-xs text-zinc-500">
                      added {v.createdAt.toLocaleDateString()} by{" "}
                      {v.createdBy ? (v.createdBy.name ?? v.createdBy.email) : "the system"}
                    </span>
                  </div>
                  <div className="font-mono text-xs break-all text-zinc-500">
                    {v.provider === "simulated"
                      ? `simulated model · quality profile ${config.profile ?? "custom"}`
                      : `${config.model}${config.baseUrl ? ` @ ${config.baseUrl}` : ""} ${v.hasApiKey ? "· key set" : "· no key"}${
                          config.timeoutSeconds ? ` · timeout ${config.timeoutSeconds} s` : ""
                        }`}
                    {parent ? ` · fine-tuned from ${parent.name}` : ""}
                    {v.adapterRef ? ` · adapter ${v.adapterRef}` : ""}
                  </div>
                  {lead ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <Button
                        variant="secondary"
                        disabled={test.isPending}
                        onClick={() => test.mutate({ projectId, modelVersionId: v.id })}
                      >
                        Test
                      </Button>
                      {v.status !== "production" ? (
                        <>
                          <label className="flex items-center gap-1 text-xs text-zinc-500">
                            {v.parentId ? "rest mirrored" : "mirror"}
                            <Input
                              type="number"
                              className="w-20"
                              min={0}
                              max={100}
                              step={5}
                              value={Math.round(fraction * 100)}
                              onChange={(e) => setFractions({ ...fractions, [v.id]: e.target.valueAsNumber / 100 })}
                              aria-label={`Mirrored share for ${v.name}`}
                            />
                            %
                          </label>
                          <Button
                            variant="secondary"
                            disabled={setStatus.isPending}
                            onClick={() =>
                              setStatus.mutate({
                                projectId,
                                modelVersionId: v.id,
                                status: "shadow",
                                mirrorFraction: fraction,
                              })
                            }
                          >
                            {v.status === "shadow" ? "Update shadow" : "Put in shadow"}
                          </Button>
                          {v.status !== "candidate" ? (
                            <Button
                              variant="ghost"
                              disabled={setStatus.isPending}
                              onClick={() => setStatus.mutate({ projectId, modelVersionId: v.id, status: "candidate" })}
                            >
                              Stop shadow
                            </Button>
                          ) : null}
                          {v.status !== "retired" ? (
                            <Button
                              variant="ghost"
                              disabled={setStatus.isPending}
                              onClick={() => setStatus.mutate({ projectId, modelVersionId: v.id, status: "retired" })}
                            >
                              Retire
                            </Button>
                          ) : null}
                        </>
                      ) : (
                        <span className="text-xs text-zinc-500">
                          Serves production. A candidate replaces it through the gates on the Shadow page; a rollback is
                          above.
                        </span>
                      )}
                    </div>
                  ) : null}
                  {test.variables?.modelVersionId === v.id && test.data ? (
                    test.data.ok ? (
                      <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm whitespace-pre-wrap text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
                        {test.data.latencyMs} ms: {test.data.answer}
                      </p>
                    ) : (
                      <ErrorNote>
                        Test failed after {test.data.latencyMs} ms: {test.data.error}
                      </ErrorNote>
                    )
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Card>
      ) : null}
      <DeploymentWebhook projectId={projectId} lead={lead} />
    </div>
  );
}
