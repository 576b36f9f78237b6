// Transport-free domain errors: services throw these; tRPC and route handlers map them at the edge.
export type DomainErrorCode =
  "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "INVALID_STATE" | "TOO_MANY_REQUESTS";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/**
 * A conditional change (by project and state) that matched no row: NOT_FOUND when the object is not the project's
 * (another tenant's id reads like an unknown one), else the state rule that refused it.
 */
export function unchanged(isProjects: boolean, what: string, rule: string): DomainError {
  return isProjects ? new DomainError("INVALID_STATE", rule) : new DomainError("NOT_FOUND", `${what} not found`);
}
