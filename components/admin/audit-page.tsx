"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/components/ui/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { AuditDetail } from "./audit-detail";

export function AuditPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { projectId, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every admin change: members, roles, API keys, settings, promotions." />
      {audit.isPending ? <Loading /> : null}
      {audit.isError ? <ErrorNote>{errorMessage(audit.error)}</ErrorNote> : null}
      {!audit.isPending && rows.length === 0 ? (
        <EmptyState title="Nothing recorded yet">
          <p>Changes to members, keys and settings appear here as they happen.</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Card>
          <Table columns={["When", "Who", "Action", "Detail"]}>
            {rows.map((r) => (
              <tr key={r.id} className="align-top">
                <td className="py-2 pr-4 whitespace-nowrap text-zinc-500">{r.createdAt.toLocaleString()}</td>
                <td className="py-2 pr-4">{r.actorEmail ?? "system"}</td>
                <td className="py-2 pr-4 font-mono text-xs">{r.action}</td>
                <td className="py-2">
                  <AuditDetail action={r.action} detail={r.detail} />
                </td>
              </tr>
            ))}
          </Table>
          {audit.hasNextPage ? (
            <Button
              variant="secondary"
              className="mt-4"
              disabled={audit.isFetchingNextPage}
              onClick={() => void audit.fetchNextPage()}
            >
              {audit.isFetchingNextPage ? "Loading…" : "Load older entries"}
            </Button>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
