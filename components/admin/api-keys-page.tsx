"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { CopyOnce } from "./copy-once";

const SCOPE_LABELS = {
  ingest: "Ingest (server-side: interactions, feedback, behavior, gateway)",
  feedback_only: "Feedback only (safe in a browser)",
} as const;
type Scope = keyof typeof SCOPE_LABELS;

function CreateKey({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<Scope>("ingest");
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ projectId }) }),
    }),
  );
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const origins = String(form.get("origins") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    await create
      .mutateAsync({ projectId, name: String(form.get("name") ?? ""), scope, allowedOrigins: origins })
      .catch(() => undefined);
  }
  return (
    <Card
      title="Create an API key"
      description="Keys are stored as hashes: the full key is shown once, right after you create it."
    >
      <form onSubmit={onSubmit} className="grid gap-3 md:grid-cols-2" noValidate>
        <Field label="Name" error={fieldError(create.error, "name")}>
          <Input name="name" required placeholder="production backend" />
        </Field>
        <Field label="Scope">
          <Select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            {(Object.keys(SCOPE_LABELS) as Scope[]).map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        {scope === "feedback_only" ? (
          <div className="md:col-span-2">
            <Field
              label="Allowed browser origins"
              hint="Space- or comma-separated, e.g. https://app.example.com"
              error={fieldError(create.error, "allowedOrigins")}
            >
              <Input name="origins" placeholder="https://app.example.com" />
            </Field>
          </div>
        ) : null}
        <div className="md:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </Button>
        </div>
      </form>
      {create.isError && !fieldError(create.error, "name") && !fieldError(create.error, "allowedOrigins") ? (
        <ErrorNote className="mt-3">{errorMessage(create.error)}</ErrorNote>
      ) : null}
      {create.data ? (
        <div className="mt-4">
          <CopyOnce
            label={`New key "${create.data.name}"`}
            value={create.data.key}
            note="Shown once: store it in your secrets manager now. Tightloop keeps only its hash."
          />
        </div>
      ) : null}
    </Card>
  );
}

export function ApiKeysPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ projectId }));
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ projectId }) }),
    }),
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="API keys"
        description="Apps authenticate to the ingest API and the gateway with these keys (Authorization: Bearer …)."
      />
      <CreateKey projectId={projectId} />
      {keys.isPending ? <Loading /> : null}
      {keys.isError ? <ErrorNote>{errorMessage(keys.error)}</ErrorNote> : null}
      {keys.data && keys.data.length === 0 ? (
        <EmptyState title="No API keys">
          <p>Create a key above to send data from your app.</p>
        </EmptyState>
      ) : null}
      {keys.data && keys.data.length > 0 ? (
        <Card title="Keys">
          {revoke.isError ? <ErrorNote className="mb-3">{errorMessage(revoke.error)}</ErrorNote> : null}
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {keys.data.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                <div className="space-y-1">
                  <div className="font-medium">{k.name}</div>
                  <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                    <code className="font-mono">tlk_{k.prefix}_…</code>
                    {k.scopes.map((s) => (
                      <Badge key={s}>{s === "feedback_only" ? "feedback-only" : s}</Badge>
                    ))}
                    <span>created {k.createdAt.toLocaleDateString()}</span>
                    {k.allowedOrigins.length ? <span>origins: {k.allowedOrigins.join(", ")}</span> : null}
                  </div>
                </div>
                {k.revokedAt ? (
                  <Badge tone="danger">revoked {k.revokedAt.toLocaleDateString()}</Badge>
                ) : (
                  <Button
                    variant="ghost"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Revoke "${k.name}"? Apps using it stop working at once.`))
                        revoke.mutate({ projectId, apiKeyId: k.id });
                    }}
                  >
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
