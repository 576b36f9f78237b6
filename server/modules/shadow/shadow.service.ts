// Stage 5 of the loop: a shadow candidate compared with production on mirrored traffic, the promotion gates, ML
// lead approvals, promotion (manual, or automatic when the policy needs no approval), rejection and rollback.
import { DomainError } from "../../errors";
import type { ModelsService } from "../models/models.service";
import type { SettingsService } from "../settings/settings.service";
import { comparePairs } from "./comparison";
import { evaluateGates } from "./gates";
import type { ShadowRepo, StoredPair } from "./shadow.repo";

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
  models,
  publicUrl,
}: {
  repo: ShadowRepo;
  settings: Pick<SettingsService, "get">;
  models: Pick<ModelsService, "invalidateGatewayTargets">;
  /** The app's public URL, for the link in the deployment notification. */
  publicUrl: string;
}) {
  const deploymentsLink = (projectId: string) => `${publicUrl.replace(/\/+$/, "")}/p/${projectId}/deployments`;

  /** The comparison and the gate evaluation of one candidate, as of now. */
  async function evaluate(projectId: string, candidateId: string) {
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
    // Pairs against the version that served production when they were mirrored: the current one.
    const pairs = oneJudge(stored).filter((p) => !productionId || p.productionVersionId === productionId);
    const summary = comparePairs(pairs, {
      alpha: policy.alpha,
      regressionTolerance: policy.segmentRegressionTolerance,
      minTopicPairs: Math.max(10, Math.round(policy.minPairedSamples / 10)),
      incidentTopicId: incident?.topicId ?? null,
    });
    const alertingRules = await repo.alertingRules(projectId, [candidateId, ...(productionId ? [productionId] : [])]);
    const gates = evaluateGates(
      { summary, alertingRules, approvals: approvals.length },
      {
        minPairedSamples: policy.minPairedSamples,
        alpha: policy.alpha,
        segmentRegressionTolerance: policy.segmentRegressionTolerance,
        requiredApprovals: policy.requiredApprovals,
      },
    );
    return {
      candidate,
      production: versions.find((v) => v.id === productionId) ?? null,
      incident,
      approvals,
      summary,
      gates,
      policy,
    };
  }

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
    incident: e.summary.incident,
  });

  async function promoteWith(projectId: string, candidateId: string, actorId: string | null, reason: string | null) {
    const e = await evaluate(projectId, candidateId);
    if (!["shadow", "candidate"].includes(e.candidate.status)) {
      throw new DomainError("INVALID_STATE", "Only a candidate or shadow version can be promoted");
    }
    if (!e.gates.allPass && !reason) {
      throw new DomainError("INVALID_STATE", "Some checks fail: promote with an override and a written reason");
    }
    const s = e.summary;
    const numbers =
      s.n > 0
        ? `${s.n} paired samples, mean judge-score Δ ${s.meanDifference!.toFixed(2)}` +
          (s.sequential ? `, sequential p = ${s.sequential.pValue.toFixed(4)}` : "")
        : "no paired samples";
    const result = await repo.switchProduction({
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
    models.invalidateGatewayTargets(projectId);
    return result;
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
      if (!e.gates.evidenceOk && !override) {
        throw new DomainError("INVALID_STATE", "Some checks fail: approve with an override and a written reason");
      }
      await repo.approve(projectId, candidateId, actorId, evidence(e), e.gates.evidenceOk ? null : override);
      return { approvals: e.approvals.length + (e.approvals.some((a) => a.actorId === actorId) ? 0 : 1) };
    },

    promote: (projectId: string, candidateId: string, actorId: string, override: string | null) =>
      promoteWith(projectId, candidateId, actorId, override),

    /**
     * The system's decision on a shadow candidate of a project whose policy needs no approval (the worker): reject
     * it when it is significantly worse, promote it when every check passes, else nothing yet.
     */
    async promoteIfReady(projectId: string, candidateId: string) {
      const e = await evaluate(projectId, candidateId);
      if (e.candidate.status !== "shadow") return null;
      const seq = e.summary.sequential;
      if (e.summary.n >= e.policy.minPairedSamples && seq && seq.upper < 0) {
        // Futility: significantly worse overall (always-valid, so checking every minute is fine). It would never
        // pass, and it holds its topic's next fine-tune and a copy of the traffic.
        const reason =
          `significantly worse than production after ${e.summary.n} pairs: always-valid interval for the mean ` +
          `judge-score difference [${seq.lower.toFixed(2)}, ${seq.upper.toFixed(2)}]`;
        await repo.reject(projectId, candidateId, null, reason);
        models.invalidateGatewayTargets(projectId);
        return { action: "reject" as const, reason };
      }
      if (!e.gates.automatic) return null;
      return { action: "promote" as const, ...(await promoteWith(projectId, candidateId, null, null)) };
    },

    async reject(projectId: string, candidateId: string, actorId: string, reason: string) {
      await repo.reject(projectId, candidateId, actorId, reason);
      models.invalidateGatewayTargets(projectId);
      return { ok: true };
    },

    /** One-click emergency rollback to the version production had before the last switch (not gated; audited). */
    async rollback(projectId: string, actorId: string, reason: string | null) {
      const last = (await repo.history(projectId))[0];
      if (!last?.fromModelVersionId)
        throw new DomainError("INVALID_STATE", "There is no earlier production version to go back to");
      const versions = await repo.versions(projectId);
      const name = (id: string) => versions.find((v) => v.id === id)?.name ?? "a deleted version";
      const result = await repo.switchProduction({
        projectId,
        toId: last.fromModelVersionId,
        action: "rollback",
        actorId,
        gates: { rolledBackPromotion: last.id },
        reason,
        notice:
          `[Tightloop] ROLLBACK: production is back on ${name(last.fromModelVersionId)} (was ` +
          `${name(last.toModelVersionId)}) by ${await repo.actorName(actorId)}` +
          `${reason ? `: ${reason}` : ""} — ${deploymentsLink(projectId)}`,
      });
      models.invalidateGatewayTargets(projectId);
      return result;
    },

    /** Shadow candidates of projects whose policy lets the system promote (no approval required). */
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
  };
}

export type ShadowService = ReturnType<typeof createShadowService>;
