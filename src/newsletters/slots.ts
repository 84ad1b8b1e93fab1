// One schedule slot of a newsletter: its job scheduler fires at the cron time (Europe/Oslo), and
// this decides the slot once. The oldest prepared issue becomes a campaign (purpose newsletter,
// audience: the confirmed subscribers ∩ the segment), scheduled at once; with no prepared issue
// (or no template) the slot is recorded as skipped with the reason, which the newsletter's page
// and the overview show. The slot is the latest cron time at or before the clock's now, so a late
// job still decides the slot it was for, and a second run of the same slot changes nothing
// (one newsletter_issue row per newsletter and slot).
import { systemActor } from "../auth/actor.ts";
import type { LifecycleDeps } from "../campaigns/lifecycle.ts";
import { scheduleCampaign } from "../campaigns/lifecycle.ts";
import { createCampaign } from "../campaigns/store.ts";
import type { NewsletterSkipReason } from "../contracts/newsletters.ts";
import { recordAudit } from "../audit/record.ts";
import { issueCampaignDefinition } from "./issues.ts";
import { slotAtOrBefore } from "./schedule.ts";

export const SLOT_ACTOR = systemActor("newsletters");

export type SlotOutcome =
  | { kind: "sent"; slotAt: Date; issueId: number; campaignId: number }
  | { kind: "skipped"; slotAt: Date; reason: NewsletterSkipReason }
  | { kind: "not_scheduled" };

export async function runSlot(deps: LifecycleDeps, newsletterId: number): Promise<SlotOutcome> {
  const { db, clock } = deps;
  const newsletter = await db.newsletter.findUnique({ where: { id: newsletterId } });
  if (!newsletter || newsletter.scheduleCron === null) return { kind: "not_scheduled" };
  const slotAt = slotAtOrBefore(newsletter.scheduleCron, clock.now());
  const now = clock.now();

  // Decide the slot under the newsletter's row lock: the issue claimed, or the skip recorded.
  const decided = await db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM newsletter WHERE id = $1 FOR UPDATE`, newsletterId);
    const existing = await tx.newsletterIssue.findUnique({ where: { newsletterId_slotAt: { newsletterId, slotAt } } });
    if (existing) return existing;
    const skip = async (reason: NewsletterSkipReason) => {
      const row = await tx.newsletterIssue.create({ data: { newsletterId, status: "skipped", slotAt, reason, createdAt: now, updatedAt: now } });
      await recordAudit(tx, SLOT_ACTOR, now, { action: "newsletters.slot_skipped", targetType: "newsletter", targetId: newsletterId, details: { slotAt: slotAt.toISOString(), reason } });
      return row;
    };
    if (newsletter.templateId === null) return skip("no_template");
    const next = await tx.newsletterIssue.findFirst({ where: { newsletterId, status: "prepared" }, orderBy: { id: "asc" } });
    if (!next) return skip("no_prepared_issue");
    return tx.newsletterIssue.update({ where: { id: next.id }, data: { status: "sent", slotAt, updatedAt: now } });
  });
  if (decided.status === "skipped") return { kind: "skipped", slotAt, reason: (decided.reason ?? "no_prepared_issue") as NewsletterSkipReason };

  // The claimed issue becomes a campaign; a run that crashed between the steps finishes them.
  let campaignId = decided.campaignId;
  if (campaignId === null) {
    const campaign = await createCampaign(db, issueCampaignDefinition(newsletter, decided), clock, SLOT_ACTOR);
    await db.newsletterIssue.update({ where: { id: decided.id }, data: { campaignId: campaign.id, updatedAt: clock.now() } });
    campaignId = campaign.id;
  }
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { state: true } });
  if (campaign.state === "draft") await scheduleCampaign({ ...deps, actor: SLOT_ACTOR }, campaignId);
  await recordAudit(db, SLOT_ACTOR, clock.now(), {
    action: "newsletters.slot_sent", targetType: "newsletter", targetId: newsletterId, details: { slotAt: slotAt.toISOString(), issueId: decided.id, campaignId },
  });
  return { kind: "sent", slotAt, issueId: decided.id, campaignId };
}
