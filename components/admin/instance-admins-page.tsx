"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";

export function InstanceAdminsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const set = useMutation(
    trpc.users.setInstanceAdmin.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <PageHeader
        title="Instance admins"
        description="Instance admins create projects and can grant this role to other users."
        actions={
          <Link href="/projects" className="text-sm text-brand-600 hover:underline">
            ← Projects
          </Link>
        }
      />
      {users.isPending ? <Loading /> : null}
      {users.isError ? <ErrorNote>{errorMessage(users.error)}</ErrorNote> : null}
      {set.isError ? <ErrorNote>{errorMessage(set.error)}</ErrorNote> : null}
      {users.data ? (
        <Card title="Users">
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {users.data.map((u) => (
              <li key={u.id} className="flex items-center justify-between gap-3 py-2">
                <span>
                  {u.email} {u.isInstanceAdmin ? <Badge tone="brand">instance admin</Badge> : null}
                </span>
                <Button
                  variant="ghost"
                  disabled={set.isPending}
                  onClick={() => set.mutate({ userId: u.id, isInstanceAdmin: !u.isInstanceAdmin })}
                >
                  {u.isInstanceAdmin ? "Revoke" : "Make instance admin"}
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </main>
  );
}
