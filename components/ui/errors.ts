import { TRPCClientError } from "@trpc/client";

/** The first field message of a BAD_REQUEST, else the server's message, for showing next to a form. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const fieldErrors = (
      error.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | undefined
    )?.zodError?.fieldErrors;
    const first = fieldErrors && Object.values(fieldErrors).flat().find(Boolean);
    if (first) return first;
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong";
}

export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const fieldErrors = (
    error.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | undefined
  )?.zodError?.fieldErrors;
  return fieldErrors?.[field]?.[0];
}
