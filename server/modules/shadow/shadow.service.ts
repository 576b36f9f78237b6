// Stage 5 of the loop: a shadow candidate compared with production on mirrored traffic, the promotion gates, ML
// lead approvals, promotion (manual, or automatic when the policy needs no approval), rejection and rollback.
import { DomainError } from "../../errors";
import type { Embedder } from "../../llm/embeddings";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { SettingsService } from "../settings/settings.service";
import { comparePairs, decisionSummary } from "./comparison";
import { outlook } from "./decision";
import { decide, evaluateGates, policyFrom } from "./gates";
import { createProductionChanges } from "./production-changes";
import type { ShadowRepo, StoredPair } from "./shadow.repo";
import { createMirrorPlanner } from "./mirror-plan";

const pctOf = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

/** Slice pairs per minute over the last 30 minutes of pairs (for the ETA); null without two timed slice pairs. */
function sliceRate(pairs: StoredPair[]): number | null {
  const times = pairs
    .filter((p) => p.inSlice === true && p.at)
    .map((p) => Date.parse(p.at!))
    .sort((a, b) => a - b);
  if (times.length < 2) return null;
  const last = times.at(-1)!;
  const recent = times.filter((t) => t >= last - 30 * 60_000);
  const span = (last - recent[0]!) / 60_000;
  return recent.length >= 2 && span > 0 ? (recent.length - 1) / span : null;
}

/** Pairs of the judge and rubric version that scored the most of them (the comparison uses one judge). */
function oneJudge(pairs: StoredPair[]) {
  const keyOf = (p: StoredPair) => `${p.judgeConfigId}|${p.rubricVersionId}`;
  const counts = new Map<string, number>();
  for (const p of pairs) counts.set(keyOf(p), (counts.get(keyOf(p)) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return best ? pairs.filter((p) => keyOf(p) === best) : [];
}

export function createShadowService({
  repo,
  settings,
  publicUrl,
  embedder,
  audit,
  uow,
}: {
  repo: ShadowRepo;
  settings: Pick<SettingsService, "get">;
  /** The app's public URL, for the link in the deployment notification. */
  publicUrl: string;
  /** Embeds a mirrored query to tell whether it is in a candidate's slice. */
  embedder: Embedder;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
}) {
  const deploymentsLink = (projectId: string) => `${publicUrl.replace(/\/+$/, "")}/p/${projectId}/deployments`;

  /** One candidate's pairs (slice marked) and everything its gates read, as of now. */
  async function load(projectId: string, candidateId: string) {
    const [versions, productionId, stored, incident, approvals, policy] = await Promise.all([
      repo.versions(projectId),
      repo.production(projectId),
      repo.pairs(projectId, candidateId),
      repo.incidentOf(projectId, candidateId),
      repo.approvals(projectId, candidateId),
      settings.get(projectId).then((s) => s.shadow),
    ]);
    const candidate = versions.find((v) => v.id === candidateId);
    if (!candidate) throw new DomainError("NOT_FOUND", "Model version not found");
    // Pairs against the version that served production when they were mirrored: the current one. A pair mirrored
    // before the gateway marked slices counts as slice when production's answer landed in one of its topics.
    const sliceTopics = new Set(incident?.sliceTopicIds ?? []);
    const pairs = oneJudge(stored)
      .filter((p) => !productionId || p.productionVersionId === productionId)
      .map((p) => ({ ...p, inSlice: p.inSlice ?? (p.topicId !== null && sliceTopics.has(p.topicId)) }));
    const { policy: basePolicy, comparison } = policyFrom(policy);
    // The system decides alone only on what the loop made for an incident (its slice is the hypothesis the
    // decision tests); a candidate registered by hand waits for at least one ML lead whatever the policy.
    const gatePolicy = incident
      ? basePolicy
      : { ...basePolicy, requiredApprovals: Math.max(1, basePolicy.requiredApprovals) };
    // Alerts on the candidate's own metrics block it; production's alerts do not (promoting replaces production).
    const alertingRules = await repo.alertingRules(projectId, candidateId);
    return {
      candidate,
      production: versions.find((v) => v.id === productionId) ?? null,
      incident,
      approvals,
      policy,
      gatePolicy,
      pairs,
      alertingRules,
      options: { ...comparison, hasSlice: Boolean(incident?.topicId) },
    };
  }

  /** The comparison (with the descriptive figures people read) and the gate evaluation of one candidate. */
  async function evaluate(projectId: string, candidateId: string, loaded?: Awaited<ReturnType<typeof load>>) {
    const l = loaded ?? (await load(projectId, candidateId));
    const summary = comparePairs(l.pairs, l.options);
    const gates = evaluateGates(
      { summary, alertingRules: l.alertingRules, approvals: l.approvals.length },
      l.gatePolicy,
    );
    let decision = decide(summary, gates, l.gatePolicy);
    if (decision.rule === "regression") {
      // The audit record and the page name the topic as people know it.
      const ids = summary.topics.flatMap((t) => (t.regression && t.topicId ? [t.topicId] : []));
      const labels = await repo.topicLabels(projectId, ids);
      decision = decide(summary, gates, l.gatePolicy, (id) =>
        id ? `"${labels.get(id) ?? "a merged topic"}"` : "queries without a topic",
      );
    }
    return {
      candidate: l.candidate,
      production: l.production,
      incident: l.incident,
      approvals: l.approvals,
      summary,
      gates,
      decision,
      outlook: { ...outlook(summary, l.gatePolicy), slicePairsPerMinute: sliceRate(l.pairs) },
      policy: l.policy,
    };
  }

  const mirrorPlan = createMirrorPlanner({ repo, settings, embedder });

  /** What the audit record keeps of a gate evaluation. */
  const evidence = (e: Awaited<ReturnType<typeof evaluate>>) => ({
    checks: e.gates.checks,
    n: e.summary.n,
    wins: e.summary.wins,
    ties: e.summary.ties,
    losses: e.summary.losses,
    meanDifference: e.summary.meanDifference,
    sequentialP: e.summary.sequential?.pValue ?? null,
    wilcoxonP: e.summary.wilcoxon?.pValue ?? null,
    slice: e.summary.slice,
    rest: e.summary.rest,
  });

  /**
   * The four-eyes rule (a project setting): whoever promotes is neither the candidate's only approver nor the one
   * who started its fine-tune; whoever started the fine-tune does not approve it.
   */
  function checkFourEyes(e: Awaited<ReturnType<typeof evaluate>>, actorId: string, action: "approve" | "promote") {
    if (!e.policy.fourEyes) return;
    if (e.incident?.startedById === actorId) {
      throw new DomainError(
        "FORBIDDEN",
        `Four-eyes rule: you started this candidate's fine-tune, so another ML lead must ${action} it`,
      );
    }
    if (action === "promote" && e.approvals.length > 0 && e.approvals.every((a) => a.actorId === actorId)) {
      throw new DomainError(
        "FORBIDDEN",
        "Four-eyes rule: you are this candidate's only approver; another ML lead must approve or promote it",
      );
    }
  }

  async function promoteWith(projectId: string, candidateId: string, actorId: string | null, reason: string | null) {
    const e = await evaluate(projectId, candidateId);
    if (!["shadow", "candidate"].includes(e.candidate.status)) {
      throw new DomainError("INVALID_STATE", "Only a candidate or shadow version can be promoted");
    }
    if (actorId) checkFourEyes(e, actorId, "promote");
    if (!e.gates.allPass && !reason) {
      throw new DomainError("INVALID_STATE", "Some checks fail: promote with an override and a written reason");
    }
    const s = e.summary;
    const numbers =
      s.n > 0
        ? `${s.n} paired samples; ${s.hasSlice ? "slice" : "overall"} failure rate ` +
          `${pctOf(s.slice.productionFailureRate)} → ${pctOf(s.slice.candidateFailureRate)} (n = ${s.slice.n})` +
          (s.rest ? `; rest ${pctOf(s.rest.productionFailureRate)} → ${pctOf(s.rest.candidateFailureRate)}` : "")
        : "no paired samples";
    const result = await switchProduction({
      projectId,
      toId: candidateId,
      action: "promote",
      actorId,
      gates: { ...evidence(e), override: e.gates.allPass ? null : reason },
      reason,
      notice:
        `[Tightloop] ${e.candidate.name} promoted to production (replacing ${e.production?.name ?? "—"}) by ` +
        `${await repo.actorName(actorId)}: ${numbers}; ` +
        (e.gates.allPass ? "every gate passed" : `gates overridden: ${reason}`) +
        ` — ${deploymentsLink(projectId)}`,
    });
    return result;
  }

  const { switchProduction, reject } = createProductionChanges({ repo, audit, uow });

  /**
   * The version a rollback returns to: the one production had before the promotion that put the current version
   * there. Only an earlier production version; a rolled-back candidate goes through the gates again.
   */
  async function rollbackTarget(projectId: string) {
    const [history, productionId] = await Promise.all([repo.history(projectId), repo.production(projectId)]);
    const promotion = history.find((h) => h.action === "promote" && h.toModelVersionId === productionId);
    return promotion?.fromModelVersionId ? { from: promotion.fromModelVersionId, promotionId: promotion.id } : null;
  }

  return {
    /** Versions people can compare: those in shadow first, then candidates, with the production version. */
    async candidates(projectId: string) {
      const [versions, productionId] = await Promise.all([repo.versions(projectId), repo.production(projectId)]);
      return {
        production: versions.find((v) => v.id === productionId) ?? null,
        candidates: versions
          .filter((v) => v.status === "shadow" || v.status === "candidate")
          .sort((a, b) => Number(b.status === "shadow") - Number(a.status === "shadow")),
      };
    },

    /** The comparison page: figures, gates, approvals and the biggest wins and losses side by side. */
    async comparison(projectId: string, candidateId: string) {
      const e = await evaluate(projectId, candidateId);
      const shown = [...e.summary.biggestWins, ...e.summary.biggestLosses];
      const [texts, labels] = await Promise.all([
        repo.sideBySide(projectId, shown),
        repo.topicLabels(
          projectId,
          e.summary.topics.flatMap((t) => (t.topicId ? [t.topicId] : [])),
        ),
      ]);
      const side = (p: (typeof shown)[number]) => ({
        productionInteractionId: p.productionInteractionId,
        shadowInteractionId: p.shadowInteractionId,
        difference: p.difference,
        productionScore: p.productionScore,
        shadowScore: p.shadowScore,
        query: texts.get(p.productionInteractionId)?.queryText ?? "",
        productionAnswer: texts.get(p.productionInteractionId)?.output ?? "",
        candidateAnswer: texts.get(p.shadowInteractionId)?.output ?? "",
      });
      return {
        candidate: e.candidate,
        production: e.production,
        incident: e.incident,
        approvals: e.approvals,
        policy: e.policy,
        gates: e.gates,
        decision: e.decision,
        outlook: e.outlook,
        cost: await repo.mirrorCost(projectId, candidateId),
        summary: {
          ...e.summary,
          topics: e.summary.topics.map((t) => ({
            ...t,
            label: t.topicId ? (labels.get(t.topicId) ?? "(merged topic)") : "(no topic)",
          })),
          biggestWins: e.summary.biggestWins.map(side),
          biggestLosses: e.summary.biggestLosses.map(side),
        },
      };
    },

    /** An ML lead vouches for the candidate; failing checks need an override with a written reason. */
    async approve(projectId: string, candidateId: string, actorId: string, override: string | null) {
      const e = await evaluate(projectId, candidateId);
      checkFourEyes(e, actorId, "approve");
      if (!e.gates.evidenceOk && !override) {
        throw new DomainError("INVALID_STATE", "Some checks fail: approve with an override and a written reason");
      }
      const gates = evidence(e);
      const overridden = e.gates.evidenceOk ? null : override;
      await uow(async (tx) => {
        await repo.approve(tx, projectId, candidateId, actorId, gates, overridden);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "candidate.approve",
          targetType: "model_version",
          targetId: candidateId,
          detail: { override: overridden, gates } as never,
        });
      });
      return { approvals: e.approvals.length + (e.approvals.some((a) => a.actorId === actorId) ? 0 : 1) };
    },

    promote: (projectId: string, candidateId: string, actorId: string, override: string | null) =>
      promoteWith(projectId, candidateId, actorId, override),

    /**
     * The system's decision on a shadow candidate of a project whose policy needs no approval (the worker): reject
     * it when it cannot win (harm on the rest, futility on the slice, the maximum slice pairs), promote it when
     * every check passes, else nothing yet. Both are audited with the numbers.
     */
    async promoteIfReady(projectId: string, candidateId: string) {
      // Every few seconds per candidate: the decision's own figures first (no bootstrap, no histories); the full
      // comparison only when there is something to record.
      const l = await load(projectId, candidateId);
      if (l.candidate.status !== "shadow" || !l.incident) return null;
      const quick = decisionSummary(l.pairs, l.options);
      const quickGates = evaluateGates(
        { summary: quick, alertingRules: l.alertingRules, approvals: l.approvals.length },
        l.gatePolicy,
      );
      if (decide(quick, quickGates, l.gatePolicy).action === "wait") return null;
      // The same rows as the quick look, so the record shows exactly the evidence that decided.
      const e = await evaluate(projectId, candidateId, l);
      if (e.decision.action === "wait") return null;
      if (e.decision.action === "reject") {
        await reject(projectId, candidateId, null, e.decision.reason, {
          rule: e.decision.rule,
          ...evidence(e),
        });
        return { action: "reject" as const, reason: e.decision.reason };
      }
      return { action: "promote" as const, ...(await promoteWith(projectId, candidateId, null, null)) };
    },

    /** Which shadow candidates one gateway request goes to, marked in or out of each one's slice (mirror-plan.ts). */
    mirrorPlan,

    async reject(projectId: string, candidateId: string, actorId: string, reason: string) {
      await reject(projectId, candidateId, actorId, reason);
      return { ok: true };
    },

    /**
     * One-click emergency rollback to the version production had before the current one was promoted (not gated;
     * audited).
     */
    async rollback(projectId: string, actorId: string, reason: string | null) {
      const target = await rollbackTarget(projectId);
      if (!target) throw new DomainError("INVALID_STATE", "There is no earlier production version to go back to");
      const [versions, productionId] = await Promise.all([repo.versions(projectId), repo.production(projectId)]);
      const name = (id: string | null) => versions.find((v) => v.id === id)?.name ?? "a deleted version";
      const result = await switchProduction({
        projectId,
        toId: target.from,
        action: "rollback",
        actorId,
        gates: { rolledBackPromotion: target.promotionId },
        reason,
        notice:
          `[Tightloop] ROLLBACK: production is back on ${name(target.from)} (was ` +
          `${name(productionId)}) by ${await repo.actorName(actorId)}` +
          `${reason ? `: ${reason}` : ""} — ${deploymentsLink(projectId)}`,
      });
      return result;
    },

    /**
     * Shadow candidates of projects whose policy lets the system promote (no approval required); promoteIfReady
     * then decides only those made for an incident.
     */
    async automaticCandidates() {
      const out: Array<{ projectId: string; candidateId: string }> = [];
      for (const s of await repo.shadowVersions()) {
        if ((await settings.get(s.projectId)).shadow.requiredApprovals === 0) {
          out.push({ projectId: s.projectId, candidateId: s.id });
        }
      }
      return out;
    },

    history: (projectId: string) => repo.history(projectId),

    /** Where a rollback would go now (null: nowhere), for the Deployments page's button. */
    async rollbackTo(projectId: string) {
      const target = await rollbackTarget(projectId);
      if (!target) return null;
      const version = (await repo.versions(projectId)).find((v) => v.id === target.from);
      return { modelVersionId: target.from, name: version?.name ?? "a deleted version" };
    },
  };
}

export type ShadowService = ReturnType<typeof createShadowService>;
