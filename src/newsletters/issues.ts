// Newsletter issues: staff prepare them (subject and content), the schedule sends the oldest
// prepared one at each slot (src/newsletters/slots.ts), or staff turn one into a draft campaign
// by hand. Every issue that goes out is a campaign of purpose `newsletter` whose audience is the
// newsletter's confirmed subscribers (∩ its segment), so all delivery guarantees apply.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import * as campaigns from "../campaigns/service.ts";
import type { IssueInput, NewsletterIssueView, NewsletterSkipReason } from "../contracts/newsletters.ts";
import type { Db } from "../db/client.ts";
import { conflict, notFound } from "../errors.ts";
import type { Newsletter, NewsletterIssue } from "../generated/prisma/client.ts";

export type IssueDeps = Pick<Root, "db" | "clock" | "config">;

export function issueView(i: NewsletterIssue): NewsletterIssueView {
  return {
    id: i.id, newsletterId: i.newsletterId, subject: i.subject, content: i.content, status: i.status,
    slotAt: i.slotAt?.toISOString() ?? null, campaignId: i.campaignId, reason: i.reason, createdBy: i.createdBy,
    createdAt: i.createdAt.toISOString(), updatedAt: i.updatedAt.toISOString(),
  };
}

/** Paragraphs of plain-text content: blank lines separate them (templates loop over data.paragraphs). */
export function paragraphsOf(content: string): string[] {
  return content.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter((p) => p !== "");
}

/**
 * The campaign JSON of an issue. The newsletter's template renders `data.subject`,
 * `data.paragraphs` (or `data.content`) and `data.senderName`; the unsubscribe links it carries
 * name this newsletter, so a one-click unsubscribe leaves this newsletter only.
 */
export function issueCampaignDefinition(newsletter: Newsletter, issue: Pick<NewsletterIssue, "subject" | "content">) {
  if (newsletter.templateId === null) throw conflict(`newsletter ${newsletter.id} has no template: choose one before sending issues`);
  return {
    name: `${newsletter.name}: ${issue.subject}`.slice(0, 200),
    purpose: "newsletter",
    newsletterId: newsletter.id,
    audience: { subscribersOf: newsletter.id, ...(newsletter.segmentId !== null ? { segmentId: newsletter.segmentId } : {}) },
    channels: ["email"],
    templateId: newsletter.templateId,
    data: {
      subject: issue.subject,
      content: issue.content,
      paragraphs: paragraphsOf(issue.content),
      senderName: newsletter.senderName ?? newsletter.name,
      newsletterName: newsletter.name,
    },
  };
}

async function newsletterOr404(db: Pick<Db, "newsletter">, id: number): Promise<Newsletter> {
  const newsletter = await db.newsletter.findUnique({ where: { id } });
  if (!newsletter) throw notFound(`no newsletter with id ${id}`);
  return newsletter;
}

async function issueOr404(db: Pick<Db, "newsletterIssue">, newsletterId: number, issueId: number): Promise<NewsletterIssue> {
  const issue = await db.newsletterIssue.findUnique({ where: { id: issueId } });
  if (!issue || issue.newsletterId !== newsletterId) throw notFound(`no issue ${issueId} of newsletter ${newsletterId}`);
  return issue;
}

/** Issues and skipped slots, newest first. */
export async function listIssues(deps: Pick<Root, "db">, actor: Actor, newsletterId: number): Promise<NewsletterIssueView[]> {
  authorize(actor, "newsletters.read");
  await newsletterOr404(deps.db, newsletterId);
  const rows = await deps.db.newsletterIssue.findMany({ where: { newsletterId }, orderBy: { id: "desc" }, take: 200 });
  return rows.map(issueView);
}

export async function prepareIssue(deps: IssueDeps, actor: Actor, newsletterId: number, input: IssueInput): Promise<NewsletterIssueView> {
  authorize(actor, "newsletters.issues");
  await newsletterOr404(deps.db, newsletterId);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const issue = await tx.newsletterIssue.create({
      data: { newsletterId, subject: input.subject, content: input.content, status: "prepared", createdBy: actor.kind === "user" ? actor.id : null, createdAt: now, updatedAt: now },
    });
    await recordAudit(tx, actor, now, { action: "newsletters.issue_prepare", targetType: "newsletter", targetId: newsletterId, details: { issueId: issue.id } });
    return issueView(issue);
  });
}

/** Edits a prepared issue (one that has not gone out). */
export async function updateIssue(deps: IssueDeps, actor: Actor, newsletterId: number, issueId: number, input: IssueInput): Promise<NewsletterIssueView> {
  authorize(actor, "newsletters.issues");
  await issueOr404(deps.db, newsletterId, issueId);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const changed = await tx.newsletterIssue.updateMany({ where: { id: issueId, status: "prepared" }, data: { subject: input.subject, content: input.content, updatedAt: now } });
    if (changed.count === 0) throw conflict(`issue ${issueId} is not prepared any more; only a prepared issue can be edited`);
    await recordAudit(tx, actor, now, { action: "newsletters.issue_update", targetType: "newsletter", targetId: newsletterId, details: { issueId } });
    return issueView(await tx.newsletterIssue.findUniqueOrThrow({ where: { id: issueId } }));
  });
}

export async function cancelIssue(deps: IssueDeps, actor: Actor, newsletterId: number, issueId: number): Promise<NewsletterIssueView> {
  authorize(actor, "newsletters.issues");
  await issueOr404(deps.db, newsletterId, issueId);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const changed = await tx.newsletterIssue.updateMany({ where: { id: issueId, status: "prepared" }, data: { status: "cancelled", updatedAt: now } });
    if (changed.count === 0) throw conflict(`issue ${issueId} is not prepared any more; only a prepared issue can be cancelled`);
    await recordAudit(tx, actor, now, { action: "newsletters.issue_cancel", targetType: "newsletter", targetId: newsletterId, details: { issueId } });
    return issueView(await tx.newsletterIssue.findUniqueOrThrow({ where: { id: issueId } }));
  });
}

/**
 * Sends a prepared issue by hand: it becomes a draft campaign of the caller's (with the usual
 * rules: purpose, four-eyes, scheduling), and the issue is marked sent with that campaign.
 */
export async function sendIssueByHand(deps: IssueDeps, actor: Actor, newsletterId: number, issueId: number): Promise<{ issue: NewsletterIssueView; campaignId: number }> {
  authorize(actor, "newsletters.issues");
  const newsletter = await newsletterOr404(deps.db, newsletterId);
  const issue = await issueOr404(deps.db, newsletterId, issueId);
  if (issue.status !== "prepared") throw conflict(`issue ${issueId} is ${issue.status}; only a prepared issue can be sent`);
  const campaign = await campaigns.create(deps, actor, issueCampaignDefinition(newsletter, issue));
  const now = deps.clock.now();
  const updated = await deps.db.$transaction(async (tx) => {
    const changed = await tx.newsletterIssue.updateMany({ where: { id: issueId, status: "prepared" }, data: { status: "sent", campaignId: campaign.id, updatedAt: now } });
    if (changed.count === 0) throw conflict(`issue ${issueId} was sent or cancelled meanwhile; campaign ${campaign.id} is a draft nobody needs`);
    await recordAudit(tx, actor, now, { action: "newsletters.issue_send", targetType: "newsletter", targetId: newsletterId, details: { issueId, campaignId: campaign.id } });
    return tx.newsletterIssue.findUniqueOrThrow({ where: { id: issueId } });
  });
  return { issue: issueView(updated), campaignId: campaign.id };
}

export interface SkippedSlot {
  newsletterId: number;
  newsletterName: string;
  slotAt: string;
  reason: NewsletterSkipReason;
}

/**
 * Newsletters whose latest schedule slot sent nothing, with why: what the overview and the
 * newsletter's page say until the next slot sends an issue.
 */
export async function latestSkippedSlots(db: Db, newsletterIds?: readonly number[]): Promise<SkippedSlot[]> {
  const rows = await db.$queryRawUnsafe<Array<{ newsletter_id: number; name: string; slot_at: Date; status: string; reason: string | null }>>(
    `SELECT DISTINCT ON (i.newsletter_id) i.newsletter_id, n.name, i.slot_at, i.status::text AS status, i.reason
     FROM newsletter_issue i JOIN newsletter n ON n.id = i.newsletter_id
     WHERE i.slot_at IS NOT NULL AND n.schedule_cron IS NOT NULL ${newsletterIds ? "AND i.newsletter_id = ANY($1::int[])" : ""}
     ORDER BY i.newsletter_id, i.slot_at DESC`,
    ...(newsletterIds ? [[...newsletterIds]] : []),
  );
  return rows
    .filter((r) => r.status === "skipped")
    .map((r) => ({ newsletterId: r.newsletter_id, newsletterName: r.name, slotAt: r.slot_at.toISOString(), reason: (r.reason ?? "no_prepared_issue") as NewsletterSkipReason }));
}
