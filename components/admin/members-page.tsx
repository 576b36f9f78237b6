"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ROLE_LABELS, ROLE_OPTIONS } from "@/components/shell/roles";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import type { ProjectRole } from "@/server/modules/auth/roles";
import { CopyOnce } from "./copy-once";

function InviteForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<ProjectRole>("labeler");
  const [queueIds, setQueueIds] = useState<string[]>([]);
  // The queues a new labeler (or lead) can be given straight away: routing and manual queues, not calibration ones.
  const queues = useQuery(trpc.labeling.queues.queryOptions({ projectId }));
  const assignable = (queues.data ?? []).filter((q) => q.source !== "calibration");
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.members.listInvites.queryKey({ projectId }) }),
    }),
  );
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    const form = event.currentTarget;
    await invite.mutateAsync({ projectId, email, role, queueIds: role === "viewer" ? [] : queueIds }).then(
      () => (form.reset(), setQueueIds([])),
      () => undefined,
    );
  }
  const link = invite.data ? `${window.location.origin}${invite.data.path}` : null;
  return (
    <Card
      title="Invite a member"
      description="No mail server needed: you get a one-time link to send yourself. It opens a page where they set a password."
    >
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field label="E-mail" error={fieldError(invite.error, "email")}>
            <Input name="email" type="email" required placeholder="sme@example.com" />
          </Field>
        </div>
        <Field label="Role">
          <Select name="role" value={role} onChange={(e) => setRole(e.target.value as ProjectRole)}>
            {ROLE_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={invite.isPending}>
          {invite.isPending ? "Creating…" : "Create invite link"}
        </Button>
        {role !== "viewer" && assignable.length > 0 ? (
          <fieldset className="w-full space-y-1">
            <legend className="text-sm font-medium">Assign to queues on joining (they land on their queues)</legend>
            <div className="flex flex-wrap gap-4">
              {assignable.map((q) => (
                <label key={q.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={queueIds.includes(q.id)}
                    onChange={(e) =>
                      setQueueIds((ids) => (e.target.checked ? [...ids, q.id] : ids.filter((id) => id !== q.id)))
                    }
                  />
                  {q.name}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
      </form>
      {invite.isError && !fieldError(invite.error, "email") ? (
        <ErrorNote className="mt-3">{errorMessage(invite.error)}</ErrorNote>
      ) : null}
      {link && invite.data ? (
        <div className="mt-4">
          <CopyOnce
            label={`Invite link for ${invite.data.email}`}
            value={link}
            note={`Shown once. Valid until ${invite.data.expiresAt.toLocaleString()}; it works one time.`}
          />
        </div>
      ) : null}
    </Card>
  );
}

function MembersTable({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions({ projectId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ projectId }) });
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh }));
  const error = changeRole.error ?? remove.error;

  if (members.isPending) return <Loading />;
  if (members.isError) return <ErrorNote>{errorMessage(members.error)}</ErrorNote>;
  return (
    <Card title="Members">
      {error ? <ErrorNote className="mb-3">{errorMessage(error)}</ErrorNote> : null}
      <Table columns={["Member", "Role", "Since", ""]}>
        {members.data.map((m) => (
          <tr key={m.userId}>
            <td className="py-2 pr-4">
              <div className="font-medium">{m.name ?? m.email}</div>
              {m.name ? <div className="text-xs text-zinc-500">{m.email}</div> : null}
            </td>
            <td className="py-2 pr-4">
              <div className="w-44">
                <Select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  disabled={changeRole.isPending}
                  onChange={(e) =>
                    changeRole.mutate({ projectId, userId: m.userId, role: e.target.value as ProjectRole })
                  }
                >
                  {ROLE_OPTIONS.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </Select>
              </div>
            </td>
            <td className="py-2 pr-4 text-zinc-500">{m.since.toLocaleDateString()}</td>
            <td className="py-2 text-right">
              <Button
                variant="ghost"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Remove ${m.email} from this project?`))
                    remove.mutate({ projectId, userId: m.userId });
                }}
              >
                Remove
              </Button>
            </td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

function PendingInvites({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invites = useQuery(trpc.members.listInvites.queryOptions({ projectId }));
  const revoke = useMutation(
    trpc.members.revokeInvite.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.members.listInvites.queryKey({ projectId }) }),
    }),
  );
  if (invites.isPending || invites.isError || invites.data.length === 0) return null;
  return (
    <Card title="Pending invites">
      <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {invites.data.map((i) => (
          <li key={i.id} className="flex items-center justify-between gap-3 py-2">
            <span>
              {i.email} · {ROLE_LABELS[i.role]} · expires {i.expiresAt.toLocaleDateString()}
            </span>
            <Button
              variant="ghost"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate({ projectId, inviteId: i.id })}
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function MembersPage({ projectId }: { projectId: string }) {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description="Who can see this project and what they may do: viewers (PMs) read, labelers label, ML leads approve fine-tunes and promotions, admins manage the project."
      />
      <InviteForm projectId={projectId} />
      <PendingInvites projectId={projectId} />
      <MembersTable projectId={projectId} />
    </div>
  );
}
