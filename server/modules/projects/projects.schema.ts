import { z } from "zod";

const projectName = z.string().trim().min(1, "Name is required").max(80, "Use at most 80 characters");
export const createProjectInput = z.object({ name: projectName });
export const renameProjectInput = z.object({ name: projectName });
export const enterProjectInput = z.object({ projectId: z.string().min(1).max(64) });
