import { open, seal } from "../../crypto/secret-box";
import type { Prisma } from "../../db/types";
import { DomainError } from "../../errors";
import { completionText, type ChatCall, type ChatTarget } from "../../llm/openai-compatible";
import { OutboundRefused, refuseUnlessAllowed, type Outbound } from "../../net/outbound";
import { maybeSimulatedProvider, simulatedProvider } from "../../llm/simulated-provider";
import { parseProjectSettings } from "../settings/settings-profiles";
import type { SettingsService } from "../settings/settings.service";
import type { UnitOfWork } from "../../db/unit-of-work";
import type { AuditRepo } from "../audit/audit.repo";
import type { CreateModelVersionInput } from "./deployments.schema";
import type { DeploymentsRepo, StoredTarget } from "./deployments.repo";
import { createTargetCache } from "./target-cache";

type NewVersion = Omit<Parameters<DeploymentsRepo["insertVersion"]>[1], "status">;

export function createDeploymentsService({
  repo,
  settings,
  encryptionKey,
  audit,
  uow,
  chat,
  outbound,
}: {
  repo: DeploymentsRepo;
  settings: SettingsService;
  encryptionKey: string;
  audit: Pick<AuditRepo, "insert">;
  uow: UnitOfWork;
  /** Chat calls through the instance's outbound policy ("Test"). */
  chat: ChatCall;
  /** The outbound policy's save-time check of an endpoint URL. */
  outbound: Pick<Outbound, "check">;
}) {
  /** Registers a version with its audit row; the project's first one starts serving production. */
  function register(input: NewVersion) {
    return uow(async (tx) => {
      if (await repo.hasVersion(tx, input.projectId, { name: input.name })) {
        throw new DomainError("CONFLICT", `A model version named ${input.name} already exists`);
      }
      if (input.parentId && !(await repo.hasVersion(tx, input.projectId, { id: input.parentId }))) {
        throw new DomainError("NOT_FOUND", "The parent version does not exist in this project");
      }
      const first = (await repo.productionRoute(tx, input.projectId)) === null;
      const created = await repo.insertVersion(tx, { ...input, status: first ? "production" : "candidate" });
      if (first) await repo.routeProduction(tx, input.projectId, created.id);
      await repo.routesChanged(tx, input.projectId);
      const config = input.config as { baseUrl?: string; model?: string; profile?: string };
      await audit.insert(tx, {
        projectId: input.projectId,
        actorId: input.actorId,
        action: "model.create",
        targetType: "model_version",
        targetId: created.id,
        detail: {
          name: input.name,
          provider: input.provider,
          baseUrl: config.baseUrl ?? null,
          model: config.model ?? null,
          profile: config.profile ?? null,
          parentId: input.parentId,
          production: first,
        },
      });
      return created;
    });
  }

  function toTarget(stored: StoredTarget): ChatTarget {
    const base = { modelVersionId: stored.id, name: stored.name };
    if (stored.provider === "simulated") {
      const parsed = simulatedProvider().parseConfig(stored.config ?? {});
      if (!parsed)
        throw new DomainError("INVALID_STATE", `Simulated model version ${stored.name} has an invalid configuration`);
      return { ...base, provider: "simulated", simulation: parsed, timeoutSeconds: null };
    }
    const config = (stored.config ?? {}) as { baseUrl?: string; model?: string; timeoutSeconds?: number };
    if (!config.baseUrl || !config.model)
      throw new DomainError("INVALID_STATE", `Model version ${stored.name} has no endpoint configured`);
    return {
      ...base,
      provider: "openai-compatible",
      baseUrl: config.baseUrl,
      model: config.model,
      apiKey: stored.encryptedSecret ? open(stored.encryptedSecret, encryptionKey) : null,
      timeoutSeconds: typeof config.timeoutSeconds === "number" ? config.timeoutSeconds : null,
    };
  }

  const targets = createTargetCache({
    load: async (projectId: string) => {
      const t = await repo.gatewayTargets(projectId);
      return {
        production: t.production ? toTarget(t.production) : null,
        shadows: t.shadows.map((s) => ({ ...toTarget(s), mirrorFraction: s.mirrorFraction })),
        settings: parseProjectSettings(t.settings),
      };
    },
    listen: repo.listenForRouteChanges,
  });

  /** A preset of the installed demo world; a clear error for an unknown one or without a world. */
  function simulatedPreset(profile: string) {
    const preset = simulatedProvider().profiles[profile];
    if (!preset) throw new DomainError("BAD_REQUEST", `"${profile}" is not one of the simulated presets`);
    return { ...preset.config } as Prisma.InputJsonObject;
  }

  return {
    /** The project's versions; without `endpoints` (viewers, labelers) the base URL is left out, the model kept. */
    async list(projectId: string, options: { endpoints: boolean } = { endpoints: true }) {
      const versions = await repo.list(projectId);
      if (options.endpoints) return versions;
      return versions.map((v) => {
        const { baseUrl: _hidden, ...config } = (v.config ?? {}) as Record<string, unknown>;
        return { ...v, config };
      });
    },

    /** The simulated presets the registry offers (none without the demo world). */
    presets: () =>
      Object.entries(maybeSimulatedProvider()?.profiles ?? {}).map(([name, p]) => ({ name, label: p.label })),

    /** Registers a version (the project's first serves production). `actorId` null: made by the system. */
    async create(projectId: string, input: CreateModelVersionInput, actorId: string | null) {
      const provenance = {
        projectId,
        name: input.name,
        provider: input.provider,
        parentId: input.parentId ?? null,
        adapterRef: input.adapterRef || null,
        actorId,
      };
      if (input.provider !== "simulated") await refuseUnlessAllowed(outbound, input.baseUrl);
      return input.provider === "simulated"
        ? await register({ ...provenance, config: simulatedPreset(input.profile), encryptedSecret: null })
        : await register({
            ...provenance,
            config: {
              baseUrl: input.baseUrl,
              model: input.model,
              ...(input.timeoutSeconds ? { timeoutSeconds: input.timeoutSeconds } : {}),
            },
            encryptedSecret: input.apiKey ? seal(input.apiKey, encryptionKey) : null,
          });
    },

    /**
     * A fine-tune's result as a candidate version: a simulated model config (demo world) or an OpenAI-compatible
     * endpoint the trainer reported; parent and adapter recorded.
     */
    async registerCandidate(
      projectId: string,
      input: {
        name: string;
        provider: "simulated" | "openai-compatible";
        config: NewVersion["config"];
        parentId: string;
        adapterRef: string | null;
        /** A fine-tune on the base's own provider uses the base's sealed API key. */
        inheritSecret?: boolean;
      },
      actorId: string | null,
    ) {
      const { inheritSecret, ...fields } = input;
      const reported = (input.config as { baseUrl?: unknown } | null)?.baseUrl;
      if (input.provider === "openai-compatible" && typeof reported === "string")
        await refuseUnlessAllowed(outbound, reported);
      const encryptedSecret = inheritSecret
        ? ((await repo.target(projectId, input.parentId))?.encryptedSecret ?? null)
        : null;
      return register({ projectId, ...fields, encryptedSecret, actorId });
    },

    /** Shadow (with its mirror fraction; default the version's last one, else 20 %), candidate or retired. */
    setStatus: (
      projectId: string,
      modelVersionId: string,
      status: "shadow" | "candidate" | "retired",
      mirrorFraction: number | undefined,
      actorId: string | null,
    ) =>
      uow(async (tx) => {
        const current = await repo.version(tx, projectId, modelVersionId);
        if (!current) throw new DomainError("NOT_FOUND", "Model version not found");
        if (current.status === "production")
          throw new DomainError("INVALID_STATE", "This version serves production; promote another version first");
        const fraction = status === "shadow" ? (mirrorFraction ?? (current.mirrorFraction || 0.2)) : 0;
        await repo.setStatus(tx, modelVersionId, status, fraction);
        await repo.routesChanged(tx, projectId);
        await audit.insert(tx, {
          projectId,
          actorId,
          action: "model.status",
          targetType: "model_version",
          targetId: modelVersionId,
          detail: { from: current.status, to: status, mirrorFraction: fraction },
        });
      }),

    /**
     * Production target, shadow targets and settings for one gateway request: the one place the gateway learns
     * which version serves production. Served from memory while this process listens for changes (every write
     * of a route, model status or settings notifies on commit), else one database round trip.
     */
    gatewayTargets: (projectId: string) => targets.get(projectId),

    /** Starts listening for committed route changes so gatewayTargets can answer from memory (web processes). */
    cacheGatewayTargets: () => targets.listen(),
    stopCachingGatewayTargets: () => targets.stop(),

    /** The OpenAI-compatible endpoint of a version with its opened API key (for the provider's fine-tuning API). */
    async providerEndpoint(projectId: string, modelVersionId: string) {
      const stored = await repo.target(projectId, modelVersionId);
      if (!stored) throw new DomainError("NOT_FOUND", "Model version not found");
      const target = toTarget(stored);
      if (target.provider !== "openai-compatible") {
        throw new DomainError(
          "BAD_REQUEST",
          "Only an OpenAI-compatible version can be fine-tuned through its provider",
        );
      }
      return { baseUrl: target.baseUrl, model: target.model, apiKey: target.apiKey };
    },

    /** Sends "hello" and reports what came back, so an admin can check an endpoint before routing traffic to it. */
    async test(projectId: string, modelVersionId: string) {
      const stored = await repo.target(projectId, modelVersionId);
      if (!stored) throw new DomainError("NOT_FOUND", "Model version not found");
      const target = toTarget(stored);
      const timeout = (target.timeoutSeconds ?? (await settings.get(projectId)).gateway.upstreamTimeoutSeconds) * 1000;
      const t0 = performance.now();
      try {
        const res = await chat(
          target,
          { messages: [{ role: "user", content: "Hello! Reply with one short sentence." }], max_tokens: 64 },
          AbortSignal.timeout(timeout),
        );
        const latencyMs = Math.round(performance.now() - t0);
        const body = await res.json().catch(() => null);
        if (!res.ok) {
          // Only the provider's error message field, short and on one line; never the body itself.
          const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
          const detail = typeof message === "string" ? `: ${message.replace(/\s+/g, " ").slice(0, 200)}` : "";
          return { ok: false as const, latencyMs, error: `HTTP ${res.status}${detail}` };
        }
        return {
          ok: true as const,
          latencyMs,
          answer: (completionText(body) ?? "(no text in the answer)").slice(0, 2000),
        };
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        return {
          ok: false as const,
          latencyMs: Math.round(performance.now() - t0),
          error:
            error instanceof OutboundRefused
              ? `refused: ${error.message}`
              : timedOut
                ? `no answer within ${timeout / 1000} s`
                : "could not reach the endpoint",
        };
      }
    },
  };
}
export type DeploymentsService = ReturnType<typeof createDeploymentsService>;
