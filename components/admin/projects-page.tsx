"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { ROLE_LABELS } from "@/components/shell/roles";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { Field, Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";

function CreateProject() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        await queryClient.invalidateQueries();
        router.push(`/p/${project.id}/overview`);
      },
    }),
  );
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await create
      .mutateAsync({ name: String(new FormData(event.currentTarget).get("name") ?? "") })
      .catch(() => undefined);
  }
  return (
    <Card title="New project" description="You become its admin; invite members from its Members page.">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field label="Name" error={fieldError(create.error, "name")}>
            <Input name="name" required maxLength={80} placeholder="Support assistant" />
          </Field>
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create project
        </Button>
      </form>
      {create.isError && !fieldError(create.error, "name") ? (
        <ErrorNote className="mt-3">{errorMessage(create.error)}</ErrorNote>
      ) : null}
    </Card>
  );
}

/** Instance admins: the projects they are not in, each with a way in as admin (recorded in that project's log). */
function OtherProjects() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const all = useQuery(trpc.projects.all.queryOptions());
  const enter = useMutation(
    trpc.projects.enter.mutationOptions({
      onSuccess: async ({ projectId }) => {
        await queryClient.invalidateQueries();
        router.push(`/p/${projectId}/overview`);
      },
    }),
  );
  if (all.isPending) return <Loading />;
  if (all.isError) return <ErrorNote>{errorMessage(all.error)}</ErrorNote>;
  const others = all.data.filter((p) => p.role === null);
  if (others.length === 0) return null;
  return (
    <Card
      title="Other projects on this instance"
      description="As an instance admin you can enter any project as its admin; its audit log records that you did."
    >
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {others.map((p) => (
          <li key={p.id} className="flex items-center justify-between gap-3 py-2">
            <span>
              <span className="font-medium">{p.name}</span>{" "}
              <span className="text-xs text-zinc-500">
                {p.members} member{p.members === 1 ? "" : "s"}
              </span>
            </span>
            <Button variant="secondary" disabled={enter.isPending} onClick={() => enter.mutate({ projectId: p.id })}>
              Enter as admin
            </Button>
          </li>
        ))}
      </ul>
      {enter.isError ? <ErrorNote className="mt-3">{errorMessage(enter.error)}</ErrorNote> : null}
    </Card>
  );
}

export function ProjectsPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorNote>{errorMessage(me.error)}</ErrorNote>;
  const { user, projects } = me.data;
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <PageHeader
        title="Projects"
        description={`Signed in as ${user.email}.`}
        actions={
          <div className="flex gap-2">
            {user.isInstanceAdmin ? (
              <Link
                href="/admin/users"
                className="rounded-md px-3 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                Instance admins
              </Link>
            ) : null}
            <Button variant="ghost" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
              Sign out
            </Button>
          </div>
        }
      />
      {user.isInstanceAdmin ? <CreateProject /> : null}
      {projects.length === 0 ? (
        <EmptyState title="You are not a member of any project yet">
          <p>Ask a project admin for an invite link{user.isInstanceAdmin ? ", or create a project above" : ""}.</p>
        </EmptyState>
      ) : (
        <Card title="Your projects">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {projects.map((p) => (
              <li key={p.id} className="flex items-center justify-between py-2">
                <Link href={`/p/${p.id}/overview`} className="font-medium text-brand-600 hover:underline">
                  {p.name}
                </Link>
                <span className="flex gap-2">
                  {p.isDemo ? <Badge tone="warn">simulated demo</Badge> : null}
                  <Badge>{ROLE_LABELS[p.role]}</Badge>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {user.isInstanceAdmin ? <OtherProjects /> : null}
    </main>
  );
}
