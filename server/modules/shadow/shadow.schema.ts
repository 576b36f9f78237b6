import { z } from "zod";

const id = z.string().min(1).max(64);
const reason = z.string().trim().min(1, "Write the reason").max(1000);

export const candidateInput = z.object({ candidateId: id });
/** Approve and promote: a candidate, and a written reason when overriding failing checks. */
/** Approving and promoting both name the candidate and, where a gate has not passed, the reason to override it. */
export const decideCandidateInput = z.object({ candidateId: id, override: reason.nullable().default(null) });
export const rejectInput = z.object({ candidateId: id, reason });
export const rollbackInput = z.object({ reason: z.string().trim().max(1000).nullable().default(null) });
