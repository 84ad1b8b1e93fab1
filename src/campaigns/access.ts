// Who may see and change which campaign. Stewards see only campaigns they created (another
// campaign is "not found" to them, as if it did not exist); others with campaigns.read see all.
// Changing a campaign needs campaigns.write on one's own and campaigns.write_any on anyone else's.
import { scopeOf, type Actor, type UserActor } from "../auth/actor.ts";
import { authorize, can, STEWARD_PURPOSES } from "../auth/permissions.ts";
import type { Db } from "../db/client.ts";
import { forbidden } from "../errors.ts";
import type { Campaign, Prisma } from "../generated/prisma/client.ts";
import { CampaignNotFoundError } from "./store.ts";

/** A scoped actor (a steward) works only with campaigns of their own. */
const seesOnlyOwn = (actor: Actor): actor is UserActor => actor.kind === "user" && scopeOf(actor) !== null;

export const isOwn = (actor: Actor, campaign: Pick<Campaign, "createdBy">): boolean => actor.kind === "user" && campaign.createdBy === actor.id;

/** The campaigns an actor may list. */
export function visibleCampaigns(actor: Actor): Prisma.CampaignWhereInput {
  return seesOnlyOwn(actor) ? { createdBy: actor.id } : {};
}

/** Loads a campaign the actor may read (404 for one they may not know of). */
export async function readableCampaign(db: Pick<Db, "campaign">, actor: Actor, id: number): Promise<Campaign> {
  authorize(actor, "campaigns.read");
  const campaign = await db.campaign.findUnique({ where: { id } });
  if (!campaign || (seesOnlyOwn(actor) && !isOwn(actor, campaign))) throw new CampaignNotFoundError(id);
  return campaign;
}

/** Loads a campaign the actor may change. */
export async function writableCampaign(db: Pick<Db, "campaign">, actor: Actor, id: number): Promise<Campaign> {
  authorize(actor, "campaigns.write");
  const campaign = await readableCampaign(db, actor, id);
  if (!isOwn(actor, campaign) && !can(actor, "campaigns.write_any")) {
    throw forbidden(`campaign ${id} was created by someone else: your role may change only your own campaigns`);
  }
  return campaign;
}

/** Stewards send only the purposes their role is for (information, course, survey). */
export function checkPurposeAllowed(actor: Actor, purpose: string): void {
  if (actor.kind === "user" && actor.role === "steward" && !STEWARD_PURPOSES.includes(purpose)) {
    throw forbidden(`a steward may send only ${STEWARD_PURPOSES.join(", ")} campaigns, not ${purpose}`);
  }
}
