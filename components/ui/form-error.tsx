import { errorMessage, fieldError } from "./errors";
import { ErrorNote } from "./status";

/** A mutation's error under its form, unless it already shows next to one of the form's `fields`. */
export function FormError({
  error,
  fields = [],
  className,
}: {
  error: unknown;
  fields?: string[];
  className?: string;
}) {
  if (!error || fields.some((f) => fieldError(error, f))) return null;
  return <ErrorNote className={className}>{errorMessage(error)}</ErrorNote>;
}
