import { env, EnvError } from "./env";

/** An invalid environment stops the process with one line per problem (no stack trace, no secret values). */
export function checkEnvOrExit(): void {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
