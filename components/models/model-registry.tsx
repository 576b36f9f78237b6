"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { Field, Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";

const STATUS_TONE = { production: "ok", shadow: "brand", candidate: "neutral", retired: "warn" } as const;

function AddVersion({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.models.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey({ projectId }) }),
    }),
  );
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const form = event.currentTarget;
    await create
      .mutateAsync({
        projectId,
        provider: "openai-compatible",
        name: String(f.get("name") ?? ""),
        baseUrl: String(f.get("baseUrl") ?? ""),
        model: String(f.get("model") ?? ""),
        apiKey: String(f.get("apiKey") ?? "") || undefined,
      })
      .then(
        () => form.reset(),
        () => undefined,
      );
  }
  return (
    <Card
      title="Add a model version"
      description="Any OpenAI-compatible endpoint (vLLM, Ollama, OpenAI…). The first version serves production; later ones start as candidates. The API key is stored encrypted and never shown again."
    >
      <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-2" noValidate>
        <Field label="Name" error={fieldError(create.error, "name")}>
          <Input name="name" required placeholder="support-v2" />
        </Field>
        <Field label="Base URL" error={fieldError(create.error, "baseUrl")}>
          <Input name="baseUrl" required placeholder="http://localhost:8000/v1" />
        </Field>
        <Field label="Model" error={fieldError(create.error, "model")}>
          <Input name="model" required placeholder="meta-llama/Llama-3.1-8B-Instruct" />
        </Field>
        <Field label="API key (optional)">
          <Input name="apiKey" type="password" autoComplete="off" />
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add version"}
          </Button>
        </div>
      </form>
      {create.isError && !["name", "baseUrl", "model"].some((f) => fieldError(create.error, f)) ? (
        <ErrorNote className="mt-3">{errorMessage(create.error)}</ErrorNote>
      ) : null}
    </Card>
  );
}

export function ModelRegistry({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.models.list.queryOptions({ projectId }));
  const me = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const isAdmin = me.data?.role === "admin";
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey({ projectId }) });
  const setStatus = useMutation(trpc.models.setStatus.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.models.test.mutationOptions());
  const [fractions, setFractions] = useState<Record<string, number>>({});

  return (
    <div className="space-y-6">
      <PageHeader
        title="Deployments"
        description="Model versions of this project, which one serves production through the gateway (POST /api/v1/chat/completions), and which receive mirrored traffic in shadow."
      />
      {isAdmin ? <AddVersion projectId={projectId} /> : null}
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
              const config = (v.config ?? {}) as { baseUrl?: string; model?: string };
              const fraction = fractions[v.id] ?? (v.mirrorFraction || 0.2);
              return (
                <li key={v.id} className="space-y-2 py-3">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="flex items-center gap-2">
                      <span className="font-medium">{v.name}</span>
                      <Badge tone={STATUS_TONE[v.status]}>{v.status}</Badge>
                      {v.status === "shadow" ? (
                        <span className="text-xs text-zinc-500">{Math.round(v.mirrorFraction * 100)}% mirrored</span>
                      ) : null}
                    </div>
                    <span className="text-xs text-zinc-500">added {v.createdAt.toLocaleDateString()}</span>
                  </div>
                  <div className="font-mono text-xs break-all text-zinc-500">
                    {config.model} @ {config.baseUrl} {v.hasApiKey ? "· key set" : "· no key"}
                  </div>
                  {isAdmin ? (
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
                            mirror
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
                          Serves production. Promotions with gates arrive in a later release.
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
    </div>
  );
}
