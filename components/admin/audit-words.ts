// Audit entries in words (pure), for the Audit log page.
export type Detail = Record<string, unknown>;

export const str = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v);
const reasonOf = (d: Detail) => (typeof d.reason === "string" && d.reason ? `: ${d.reason}` : "");

/** What an audit entry did, in words (the page shows the changed fields and the raw record beside it). */
export function describeAudit(action: string, d: Detail): string {
  switch (action) {
    case "candidate.reject": {
      const rule = (d.evidence as { rule?: string } | undefined)?.rule;
      return `Rejected the candidate${rule ? ` (rule: ${rule.replace("_", " ")})` : ""}${reasonOf(d)}`;
    }
    case "candidate.approve":
      return `Approved the candidate${d.override ? ` with an override: ${str(d.override)}` : " (every check passed)"}`;
    case "model.promote":
      return `Promoted to production${d.reason ? ` with an override${reasonOf(d)}` : " (every gate passed)"}`;
    case "model.rollback":
      return `Rolled production back${reasonOf(d)}`;
    case "model.status":
      return `Model status ${str(d.from)} → ${str(d.to)}${
        d.to === "shadow" && typeof d.mirrorFraction === "number"
          ? ` (${Math.round(d.mirrorFraction * 100)}% mirrored)`
          : ""
      }`;
    case "topic.merge":
      return `Merged ${Array.isArray(d.merged) ? d.merged.length : "?"} topic(s) into this one`;
    case "incident.trigger":
      return `Trigger policy ${str(d.policy)}${d.rows !== undefined ? `: dataset of ${str(d.rows)} rows` : ""}${
        d.fineTune ? `, fine-tune ${str(d.fineTune)}` : ""
      }${d.error ? ` — error: ${str(d.error)}` : ""}`;
    case "incident.dismiss":
      return `Dismissed the incident${reasonOf(d)}`;
    case "member.instance_admin_enter":
      return `An instance admin entered the project as admin${d.from ? ` (was ${str(d.from)})` : ""}`;
    case "settings.update":
      return `Changed ${Object.keys((d.changes as object | undefined) ?? {}).length} setting(s)`;
    default:
      return action.replace(/[._]/g, " ");
  }
}
