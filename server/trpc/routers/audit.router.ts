import { listAuditInput } from "../../modules/audit/audit.schema";
import { adminProcedure, router } from "../init";

export const auditRouter = router({
  list: adminProcedure.input(listAuditInput).query(({ ctx, input }) => ctx.services.audit.list(ctx.project.id, input)),
});
