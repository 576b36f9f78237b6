"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/components/ui/errors";
import { Textarea } from "@/components/ui/field";
import { useTRPC } from "@/components/trpc";

interface Gates {
  checks: Array<{ key: string; label: string; value: string; threshold: string; pass: boolean }>;
  evidenceOk: boolean;
  allPass: boolean;
}

/**
 * Every promotion check with its value and pass/fail, and the ML lead's actions: Approve and Promote are enabled
 * when the checks pass, or with an explicit override that needs a written reason; Reject always needs a reason.
 */
export function GatePanel({
  projectId,
  candidateId,
  lead,
  gates,
  approvals,
}: {
  projectId: string;
  candidateId: string;
  lead: boolean;
  gates: Gates;
  approvals: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.shadow.comparison.queryKey({ projectId, candidateId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.shadow.candidates.queryKey({ projectId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.shadow.history.queryKey({ projectId }) });
  };
  const onSuccess = (message: string) => () => {
    setDone(message);
    setOverride(false);
    setReason("");
    refresh();
  };
  const approve = useMutation(trpc.shadow.approve.mutationOptions({ onSuccess: onSuccess("Approved.") }));
  const promote = useMutation(
    trpc.shadow.promote.mutationOptions({ onSuccess: onSuccess("Promoted: it now serves production.") }),
  );
  const reject = useMutation(trpc.shadow.reject.mutationOptions({ onSuccess: onSuccess("Rejected.") }));
  const error = approve.error ?? promote.error ?? reject.error;
  const written = reason.trim();
  const overrideReason = override && written ? written : null;

  return (
    <Card title="Promotion gates" description={`${approvals} approval(s) so far.`}>
      <ul aria-label="Promotion gates" className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {gates.checks.map((c) => (
          <li key={c.key} className="flex items-start justify-between gap-3 py-2">
            <span>
              <span aria-hidden className={c.pass ? "text-emerald-600" : "text-red-600"}>
                {c.pass ? "✓" : "✗"}
              </span>{" "}
              {c.label}
              <span className="block text-xs text-zinc-500">
                {c.value} · needs {c.threshold}
              </span>
            </span>
            <span
              className={
                c.pass ? "text-xs text-emerald-700 dark:text-emerald-400" : "text-xs text-red-700 dark:text-red-400"
              }
            >
              {c.pass ? "pass" : "fail"}
            </span>
          </li>
        ))}
      </ul>
      {lead ? (
        <div className="mt-4 space-y-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
            Override failing checks (needs a written reason)
          </label>
          <Textarea
            aria-label="Reason"
            placeholder="Reason (required to override or to reject)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
          />
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              disabled={approve.isPending || !(gates.evidenceOk || overrideReason)}
              onClick={() =>
                approve.mutate({ projectId, candidateId, override: gates.evidenceOk ? null : overrideReason })
              }
            >
              Approve
            </Button>
            <Button
              disabled={promote.isPending || !(gates.allPass || overrideReason)}
              onClick={() => {
                const what = gates.allPass
                  ? "Promote this candidate? It replaces production for every request at once; the current version is retired (kept for rollback)."
                  : `Promote despite failing checks? Your reason is recorded: "${overrideReason}".`;
                if (window.confirm(what))
                  promote.mutate({ projectId, candidateId, override: gates.allPass ? null : overrideReason });
              }}
            >
              Promote
            </Button>
            <Button
              variant="secondary"
              disabled={reject.isPending || !written}
              onClick={() => {
                if (window.confirm("Reject this candidate? It stops receiving shadow traffic and is retired.")) {
                  reject.mutate({ projectId, candidateId, reason: written });
                }
              }}
            >
              Reject
            </Button>
          </div>
          {done ? (
            <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              {done}
            </p>
          ) : null}
          {error ? <p className="text-sm text-red-600">{errorMessage(error)}</p> : null}
        </div>
      ) : (
        <p className="mt-3 text-xs text-zinc-500">ML leads approve and promote.</p>
      )}
    </Card>
  );
}
