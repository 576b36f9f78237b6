import { z } from "zod";
import { addressList } from "./net/addresses";

// Every environment variable the web app and the worker read, validated once. The launcher (scripts/launcher/start.ts)
// fills DATABASE_URL, NEXTAUTH_SECRET, NEXTAUTH_URL and TIGHTLOOP_ENCRYPTION_KEY when they are not given.

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    DATABASE_URL: z
      .string({ error: "is required (postgresql://user:password@host:port/database)" })
      .regex(/^postgres(ql)?:\/\//, "must start with postgresql://"),
    NEXTAUTH_SECRET: z.string({ error: "is required" }).min(32, "must be at least 32 characters"),
    NEXTAUTH_URL: z.url({ error: "must be the app's public URL, e.g. http://localhost:3000" }),
    TIGHTLOOP_ENCRYPTION_KEY: z
      .string({ error: "is required (32 bytes, base64)" })
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes encoded as base64"),
    OIDC_ISSUER: optionalString.pipe(z.url("must be a URL").optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: optionalString,
    /** Seconds after which the worker counts as down on /api/health. */
    TIGHTLOOP_WORKER_STALE_SECONDS: z.coerce.number().int().positive().default(150),
    /** Ingest API limits (per request, and requests per minute per API key). */
    TIGHTLOOP_INGEST_MAX_EVENTS: z.coerce.number().int().min(1).max(100_000).default(1000),
    TIGHTLOOP_INGEST_MAX_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(5_000_000),
    TIGHTLOOP_INGEST_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
    /** Gateway chat completions per minute per API key. */
    TIGHTLOOP_GATEWAY_RATE_LIMIT: z.coerce.number().int().min(1).default(6000),
    /** Largest body of a request to the app's own API (tRPC), in bytes (more → 413). */
    TIGHTLOOP_APP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(2_000_000),
    /** SIMULATED demo traffic started by `npm start`: conversations per minute (0 = off) and days of history. */
    TIGHTLOOP_SIMULATOR_RATE: z.coerce.number().min(0).max(600).default(90),
    TIGHTLOOP_SIMULATOR_BACKFILL_DAYS: z.coerce.number().int().min(0).max(30).default(3),
    TIGHTLOOP_SIMULATOR_BACKFILL_PER_DAY: z.coerce.number().int().min(1).max(100_000).default(160),
    /**
     * The living world (default on): scheduled failure modes and the simulated people (SMEs, an ML lead, an admin)
     * at work in the Demo project; off: traffic only.
     */
    TIGHTLOOP_SIMULATOR_WORLD: z
      .enum(["on", "off", "1", "0", "true", "false"])
      .default("on")
      .transform((v) => v === "on" || v === "1" || v === "true"),
    /** The living world's schedule and people run this many times faster (e2e). */
    TIGHTLOOP_SIMULATOR_SPEED: z.coerce.number().min(0.1).max(100).default(1),
    /**
     * The first scheduled failure mode (the launch) comes this many minutes into live traffic (living world:
     * default 0.5). Without the living world: unset puts the emerging topic in the back-filled history.
     */
    TIGHTLOOP_SIMULATOR_EMERGE_IN_MINUTES: z.coerce.number().min(0).max(10_000).optional(),
    /**
     * The `command` fine-tune backend: a command template with {method}, {data}, {out} and {config} placeholders,
     * run without a shell (e.g. "python trainer/train.py --method {method} --data {data} --out {out}"). Unset: the
     * backend is off. Set by the operator only, never from the UI.
     */
    TIGHTLOOP_TRAINER_COMMAND: optionalString,
    /**
     * An OpenAI-compatible embeddings endpoint for topics and the embedding rules (base URL ending in /v1, and the
     * model). Unset: the Universal Sentence Encoder shipped in the npm package, offline.
     */
    TIGHTLOOP_EMBEDDINGS_BASE_URL: optionalString,
    TIGHTLOOP_EMBEDDINGS_MODEL: optionalString,
    TIGHTLOOP_EMBEDDINGS_API_KEY: optionalString,
    /**
     * Reverse proxies whose X-Forwarded-For is believed (IPs and CIDRs, comma-separated). Unset: the connection's
     * peer is the client, and a forwarded header is ignored.
     */
    TIGHTLOOP_TRUSTED_PROXIES: optionalString.pipe(
      z
        .string()
        .refine((v) => {
          try {
            return addressList(v).names.length === 0;
          } catch {
            return false;
          }
        }, "must be IP addresses or CIDRs, comma-separated")
        .optional(),
    ),
    /**
     * Private or loopback addresses that model versions, judges and webhooks may call (CIDRs or host names,
     * comma-separated; e.g. "10.0.0.0/8, vllm.internal"). Link-local and metadata addresses are never called.
     */
    TIGHTLOOP_OUTBOUND_ALLOW: optionalString.pipe(
      z
        .string()
        .refine((v) => {
          try {
            addressList(v);
            return true;
          } catch {
            return false;
          }
        }, "must be IP addresses, CIDRs or host names, comma-separated")
        .optional(),
    ),
    /** Working folders of fine-tune jobs (data files, trainer output). */
    TIGHTLOOP_TRAINER_DIR: z.string().min(1).default(".data/fine-tunes"),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
      });
    }
    if (Boolean(env.TIGHTLOOP_EMBEDDINGS_BASE_URL) !== Boolean(env.TIGHTLOOP_EMBEDDINGS_MODEL)) {
      ctx.addIssue({
        code: "custom",
        path: ["TIGHTLOOP_EMBEDDINGS_BASE_URL"],
        message: "TIGHTLOOP_EMBEDDINGS_BASE_URL and TIGHTLOOP_EMBEDDINGS_MODEL must be set together",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** One line per problem, naming the variable; secret values are never echoed. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`));
}

let cached: Env | undefined;

/** The validated environment, read on first use so that `next build` needs none of it. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
