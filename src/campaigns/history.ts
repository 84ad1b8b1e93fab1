// A campaign's history for the people who may read the campaign: the audit entries about it
// (created, submitted, approved, scheduled, launched, paused, deliveries read), oldest first,
// with the actor's name. The audit trail itself stays admin-only; this is one campaign's slice.
import type { Root } from "../app/root.ts";
import type { Actor } from "../auth/actor.ts";
import type { CampaignHistory } from "../contracts/campaign-history.ts";
import { readableCampaign } from "./access.ts";

/** Enough for any campaign's changes; only a campaign whose deliveries are read thousands of times reaches it. */
export const HISTORY_LIMIT = 1000;

export async function campaignHistory(deps: Pick<Root, "db">, actor: Actor, id: number): Promise<CampaignHistory> {
  await readableCampaign(deps.db, actor, id);
  // The newest entries (index audit_log(entity, entity_id)), then shown oldest first.
  const rows = await deps.db.auditLog.findMany({
    where: { entity: "campaign", entityId: String(id) },
    orderBy: { id: "desc" },
    take: HISTORY_LIMIT + 1,
    select: { at: true, action: true, actorId: true, actor: true, details: true },
  });
  const page = rows.slice(0, HISTORY_LIMIT).reverse();
  const ids = [...new Set(page.map((r) => r.actorId).filter((v): v is number => v !== null))];
  const users = ids.length === 0 ? [] : await deps.db.staffUser.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return {
    items: page.map((r) => ({
      at: r.at.toISOString(),
      action: r.action,
      actorId: r.actorId,
      // A user row is never deleted while audit rows name it; the label is a fallback all the same.
      actorName: r.actorId === null ? "system" : (names.get(r.actorId) ?? r.actor),
      details: r.details ?? null,
    })),
    truncated: rows.length > HISTORY_LIMIT,
  };
}
