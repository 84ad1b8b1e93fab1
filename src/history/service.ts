// A member's history for staff (the member page in the admin UI): the same entries the member
// sees on their own page. A read of personal data, so authorised and audited here, for every caller.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import type { MemberHistory } from "../contracts/history.ts";
import { MemberNotFoundError } from "../members/rights.ts";
import { findMemberInScope } from "../members/view.ts";
import { memberHistory } from "./list.ts";

export async function memberHistoryForStaff(deps: Pick<Root, "db" | "config" | "clock">, actor: Actor, memberNumber: string): Promise<MemberHistory> {
  authorize(actor, "members.history");
  // Stewards do not have members.history; were they given it, the scope here would keep them to their members.
  const memberId = await findMemberInScope(deps.db, memberNumber, scopeOf(actor));
  if (memberId === null) throw new MemberNotFoundError("no member with that member number");
  const now = deps.clock.now();
  const history = await memberHistory(deps.db, memberId, { now, retentionDays: deps.config.RETENTION_DELIVERIES_DAYS });
  await recordAudit(deps.db, actor, now, { action: "members.history", targetType: "member", targetId: memberId, details: { entries: history.entries.length } });
  return history;
}
