import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { randomBytes } from "node:crypto";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { DomainError, type DomainErrorCode } from "../errors";
import { findUnstorableText, UNSTORABLE_TEXT } from "../text-guard";
import { roleAtLeast, type ProjectRole } from "../modules/auth/roles";
import type { Context } from "./context";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, path }) {
    const cause = error.cause;
    if (error.code === "INTERNAL_SERVER_ERROR") {
      // The caller gets a reference, never the internal message (a database error, a call site); the log has both.
      const ref = randomBytes(6).toString("hex");
      console.error(`[trpc] ${path ?? "?"} failed (ref ${ref}):`, cause ?? error);
      return {
        ...shape,
        message: `Internal error (ref ${ref})`,
        data: { ...shape.data, zodError: null, stack: undefined },
      };
    }
    return {
      ...shape,
      data: {
        ...shape.data,
        // Field messages for forms: { fieldErrors: { email: ["Enter a valid e-mail address"] } }.
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        stack: undefined,
      },
    };
  },
});

const trpcCodeOf: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID_STATE: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

// The one place where domain errors become tRPC errors; services stay transport-free.
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Every input is refused with a 400 when a string in it cannot be stored (NUL, unpaired surrogate), before any
// procedure's own schema or query sees it.
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const bad = findUnstorableText(await getRawInput());
  if (bad) throw new TRPCError({ code: "BAD_REQUEST", message: `${bad} ${UNSTORABLE_TEXT}` });
  return next();
});

export const publicProcedure = t.procedure.use(storableInput).use(mapDomainErrors);

/** A signed-in user that still exists in the database. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const user = await ctx.services.auth.sessionUser(ctx.session.userId);
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended; sign in again" });
  return next({ ctx: { user } });
});

export const instanceAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isInstanceAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "Instance admins only" });
  return next();
});

/**
 * A member of the project named by `input.projectId`. The role is read from the database on every call (the
 * JWT may be stale). Non-members get NOT_FOUND, so project ids cannot be probed.
 */
const projectProcedure = authedProcedure
  .input(z.object({ projectId: z.string().min(1).max(64) }))
  .use(async ({ ctx, input, next }) => {
    const membership = await ctx.services.projects.membership(input.projectId, ctx.user.id);
    if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "Project not found" });
    return next({ ctx: { project: { id: input.projectId }, role: membership.role } });
  });

function withRole(minimum: ProjectRole) {
  return projectProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.role, minimum)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimum} role or higher` });
    }
    return next();
  });
}

export const viewerProcedure = projectProcedure;
export const labelerProcedure = withRole("labeler");
export const mlLeadProcedure = withRole("ml_lead");
export const adminProcedure = withRole("admin");
