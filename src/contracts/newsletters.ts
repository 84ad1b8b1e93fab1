// Newsletters: settings (template, sender name, schedule, segment), issues, schedule slots and
// subscription invitations. Shared by the API, the CLI and the admin UI.
import { z } from "zod";
import { NewsletterSlug } from "./admin.ts";

/** Why a schedule slot sent nothing (stored with the slot, shown on the newsletter's page and the overview). */
export const NEWSLETTER_SKIP_REASONS = ["no_prepared_issue", "no_template"] as const;
export const NewsletterSkipReasonSchema = z.enum(NEWSLETTER_SKIP_REASONS);
export type NewsletterSkipReason = z.infer<typeof NewsletterSkipReasonSchema>;

export const NEWSLETTER_ISSUE_STATUSES = ["prepared", "sent", "skipped", "cancelled"] as const;

export const SkippedSlotSchema = z
  .object({
    newsletterId: z.number().int(),
    newsletterName: z.string(),
    slotAt: z.string().describe("The slot's instant (ISO 8601, UTC)"),
    reason: NewsletterSkipReasonSchema,
  })
  .meta({ id: "NewsletterSkippedSlot" });

export const NewsletterDetailSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string(),
    createdAt: z.string(),
    templateId: z.number().int().nullable().describe("A template of purpose newsletter with email content"),
    senderName: z.string().nullable(),
    scheduleCron: z.string().nullable().describe("Five-field cron pattern in Europe/Oslo time; null: sent by hand"),
    timezone: z.literal("Europe/Oslo"),
    segmentId: z.number().int().nullable().describe("Only subscribers also in this segment get the issues"),
    nextSlotAt: z.string().nullable().describe("The next schedule slot (ISO 8601, UTC), if scheduled"),
    subscribers: z.number().int().describe("Confirmed subscribers (the consent ledger)"),
    pendingConfirmations: z.number().int().describe("Subscriptions waiting for their emailed confirmation, not expired"),
    preparedIssues: z.number().int(),
    lastSkippedSlot: SkippedSlotSchema.nullable().describe("The most recent slot that sent nothing, if it is the latest slot"),
  })
  .meta({ id: "NewsletterDetail" });

export const NewsletterDetailList = z.object({ items: z.array(NewsletterDetailSchema) });

export const CreateNewsletterDetailBody = z.object({ slug: NewsletterSlug, name: z.string().trim().min(1).max(200) });

/** Every field optional: only what is given changes. `null` clears template, sender, schedule or segment. */
export const UpdateNewsletterBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  templateId: z.number().int().positive().nullable().optional(),
  senderName: z.string().trim().min(1).max(100).nullable().optional(),
  scheduleCron: z.string().trim().min(1).max(100).nullable().optional(),
  segmentId: z.number().int().positive().nullable().optional(),
});
export type UpdateNewsletterInput = z.infer<typeof UpdateNewsletterBody>;

export const NewsletterIssueSchema = z
  .object({
    id: z.number().int(),
    newsletterId: z.number().int(),
    subject: z.string(),
    content: z.string(),
    status: z.enum(NEWSLETTER_ISSUE_STATUSES),
    slotAt: z.string().nullable(),
    campaignId: z.number().int().nullable(),
    reason: z.string().nullable().describe("For a skipped slot: one of the skip reasons"),
    createdBy: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "NewsletterIssue" });
export type NewsletterIssueView = z.infer<typeof NewsletterIssueSchema>;

export const NewsletterIssueList = z.object({ items: z.array(NewsletterIssueSchema) });

export const IssueBody = z.object({
  subject: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(100_000).describe("Plain text; blank lines separate paragraphs"),
});
export type IssueInput = z.infer<typeof IssueBody>;

export const IssueParams = z.object({ id: z.coerce.number().int().positive(), issueId: z.coerce.number().int().positive() });

export const SentIssue = z.object({ issue: NewsletterIssueSchema, campaignId: z.number().int() });

export const InviteBody = z.object({ memberNumber: z.string().trim().min(1).max(40) });
export const InviteResult = z.object({
  outcome: z.enum(["confirmation_sent", "already_subscribed"]).describe("A confirmation email is queued, or the member is subscribed already"),
});

export const SkippedSlotList = z.object({ items: z.array(SkippedSlotSchema) });
