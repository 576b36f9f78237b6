import { z } from "zod";

export const setInstanceAdminInput = z.object({ userId: z.string().min(1), isInstanceAdmin: z.boolean() });
