"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { Field, Input } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";

/** Where promotions and rollbacks are posted (Slack-compatible); ML leads set or remove it, everyone sees the host. */
export function DeploymentWebhook({ projectId, lead }: { projectId: string; lead: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.alerts.deploymentWebhook.queryOptions({ projectId }));
  const save = useMutation(
    trpc.alerts.setDeploymentWebhook.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.alerts.deploymentWebhook.queryKey({ projectId }), data),
    }),
  );
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const webhookUrl = String(new FormData(form).get("webhookUrl") ?? "").trim();
    await save.mutateAsync({ projectId, webhookUrl }).then(
      () => form.reset(),
      () => undefined,
    );
  }
  const host = current.data?.host ?? null;

  return (
    <Card
      title="Deployment notifications"
      description="Each promotion and rollback is posted here with its numbers and a link, retried until delivered."
    >
      {current.isPending ? <Loading /> : null}
      {current.isError ? <ErrorNote>{errorMessage(current.error)}</ErrorNote> : null}
      {current.data ? (
        <p className="text-sm" aria-live="polite">
          {host ? (
            <>
              Posting to <span className="font-medium">{host}</span>.
            </>
          ) : (
            "No webhook: promotions and rollbacks are listed on this page only."
          )}
        </p>
      ) : null}
      {lead ? (
        <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-2" noValidate>
          <div className="min-w-72 flex-1">
            <Field
              label={host ? "Replace the webhook URL" : "Webhook URL"}
              hint='Slack-compatible: receives {"text": …}. Stored encrypted; only its host is shown.'
              error={fieldError(save.error, "webhookUrl")}
            >
              <Input name="webhookUrl" type="url" autoComplete="off" placeholder="https://hooks.slack.com/services/…" />
            </Field>
          </div>
          <Button type="submit" disabled={save.isPending}>
            Save webhook
          </Button>
          {host ? (
            <Button
              type="button"
              variant="secondary"
              disabled={save.isPending}
              onClick={() => {
                if (window.confirm("Stop posting promotions and rollbacks to this webhook?")) {
                  save.mutate({ projectId, webhookUrl: null });
                }
              }}
            >
              Remove
            </Button>
          ) : null}
          <FormError error={save.error} fields={["webhookUrl"]} className="w-full" />
        </form>
      ) : null}
    </Card>
  );
}
