// Campaigns: the definition staff submit (the campaign JSON format), the campaign as the API
// shows it, the state-changing bodies, status, and delivery lists.
import { z } from "zod";
import { CHANNELS } from "../channels/names.ts";
import { PURPOSES } from "../consent/purposes.ts";
import { CampaignDefinitionSchema } from "../campaigns/definition.ts";
import { DELIVERY_STATUSES } from "../deliveries/queries.ts";
import type { CampaignState } from "../generated/prisma/client.ts";
import { PageQuery, pageOf } from "./common.ts";

export const CAMPAIGN_STATES = [
  "draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled", "launching", "sending", "paused", "completed", "cancelled",
] as const satisfies readonly CampaignState[];
export const CampaignStateSchema = z.enum(CAMPAIGN_STATES);

/** Why a campaign needs a second person's approval: more recipients than APPROVAL_THRESHOLD, a bargaining purpose, a steward author, or its author asked. */
export const APPROVAL_REASONS = ["threshold", "bargaining", "steward", "requested"] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

/** The campaign JSON format (the file `budstikke campaign create --file` reads). */
export const CampaignDefinitionBody = CampaignDefinitionSchema.meta({ id: "CampaignDefinition" });

const Instant = z.string().describe("ISO 8601 in UTC");

export const CampaignApprovalSchema = z
  .object({
    reasons: z.array(z.enum(APPROVAL_REASONS)).describe("Why four-eyes approval applies, as found at submission"),
    submittedCount: z.number().int().nullable().describe("Recipients when submitted"),
    approvedBy: z.number().int().nullable(),
    approvedAt: Instant.nullable(),
    approvedCount: z.number().int().nullable().describe("Recipients the approver saw; a launch that finds more than APPROVAL_DRIFT_SHARE away stops"),
    approvedTemplateVersionId: z.number().int().nullable(),
    approvedSegmentVersionId: z.number().int().nullable(),
    driftCount: z.number().int().nullable().describe("Recipients a launch found when it stopped for re-approval"),
    reviewComment: z.string().nullable(),
  })
  .meta({ id: "CampaignApproval" });

export const CampaignSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    purpose: z.enum(PURPOSES),
    channels: z.array(z.enum(CHANNELS)),
    channelMode: z.enum(["all", "first-available"]).describe("first-available: one message per member, on the first channel that works, in the order of channels"),
    state: CampaignStateSchema,
    stateReason: z.string().nullable().describe("Why it is paused, cancelled, waiting or stopped, in words staff can act on"),
    sendAt: Instant.nullable(),
    templateVersionId: z.number().int(),
    segmentVersionId: z.number().int().nullable(),
    audienceRules: z.unknown().describe("The campaign's own segment rules, when it has no segment"),
    audienceScope: z.object({ employers: z.array(z.string()), branches: z.array(z.string()) }).nullable()
      .describe("A steward's campaign reaches only members inside this scope"),
    newsletterId: z.number().int().nullable(),
    createdBy: z.number().int().nullable().describe("The staff user who created it; null for the system operator"),
    scheduleVersion: z.number().int(),
    approval: CampaignApprovalSchema,
    definition: z.unknown().describe("The campaign JSON as last submitted"),
    launchedAt: Instant.nullable(),
    completedAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: "Campaign" });
export type CampaignView = z.infer<typeof CampaignSchema>;

export const CampaignListQuery = PageQuery.extend({ state: CampaignStateSchema.optional() });
export const CampaignPage = pageOf(CampaignSchema).meta({ id: "CampaignPage" });

// Bodies of the state changes. Each may be omitted entirely where every field is optional.
export const ScheduleBody = z
  .object({ at: z.iso.datetime({ offset: true }).optional().describe("When to send, ISO 8601 with an offset; now if omitted") })
  .strict()
  .default({});
export const PauseBody = z.object({ reason: z.string().trim().min(1, "must not be empty").max(500).optional() }).strict().default({});
export const ApproveBody = z.object({ comment: z.string().trim().max(2000).optional() }).strict().default({});
export const RejectBody = z.object({ comment: z.string().trim().min(1, "say what must change").max(2000) }).strict();
export const RetryFailedBody = z.object({ resume: z.boolean().optional().describe("Also resume a paused campaign") }).strict().default({});

export const CancelResultSchema = z.object({ campaign: CampaignSchema, cancelledDeliveries: z.number().int() }).meta({ id: "CancelResult" });
export const RetryFailedResultSchema = z
  .object({ campaign: CampaignSchema, reset: z.number().int().describe("Failed deliveries put back in the queue") })
  .meta({ id: "RetryFailedResult" });

export const ChannelCountsSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  skipped: z.number().int(),
  skippedByReason: z.record(z.string(), z.number().int()),
  failedByReason: z.record(z.string(), z.number().int()),
  bounced: z.number().int().describe("Sent, then bounced for good (a DSN or NDR came back)"),
  bouncedByReason: z.record(z.string(), z.number().int()),
  rendered: z.number().int().describe("Letters rendered, waiting to be collated into a print batch"),
});

export const ComplaintRateSchema = z.object({
  count: z.number().int().describe("Spam complaints (ARF reports) about this campaign's emails"),
  rate: z.number().nullable().describe("Complaints per email sent; null before any is sent"),
  level: z.enum(["ok", "warn", "pause"]).describe("warn above warnAbove, pause above pauseAbove"),
  warnAbove: z.number().describe("COMPLAINT_WARN_RATE (0.001 by default)"),
  pauseAbove: z.number().describe("COMPLAINT_PAUSE_RATE (0.003 by default): above it the campaign pauses itself"),
});

export const CampaignStatusSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    purpose: z.string(),
    state: z.string(),
    stateReason: z.string().nullable(),
    sendAt: Instant.nullable(),
    sendAtOslo: z.string().nullable().describe("The send time as Europe/Oslo wall time"),
    channels: z.record(z.string(), ChannelCountsSchema),
    ratePerSecond: z.number().nullable().describe("Messages per second over the last minute, while sending"),
    etaSeconds: z.number().int().nullable().describe("Estimated seconds left at that rate"),
    complaints: ComplaintRateSchema,
    deliveriesReducedAt: Instant.nullable().optional()
      .describe("When retention reduced the campaign to its counts (RETENTION_DELIVERIES_DAYS): its per-member deliveries are gone"),
    channelMode: z.enum(["all", "first-available"]),
    split: z.record(z.string(), z.number().int()).nullable()
      .describe("With channelMode first-available: members whose one message went out on each channel so far; null otherwise"),
  })
  .meta({ id: "CampaignStatus" });

export const DeliveriesQuery = PageQuery.extend({
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  reason: z.string().trim().min(1).max(100).optional().describe("Exact skip or failure reason, e.g. resigned"),
  format: z.enum(["json", "csv"]).default("json").describe("csv streams every matching row (no paging)"),
});

export const DeliverySchema = z
  .object({
    memberNumber: z.string(),
    channel: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    reason: z.string().nullable(),
    attempts: z.number().int(),
    providerId: z.string().nullable(),
    sentAt: Instant.nullable(),
    deliveredAt: Instant.nullable(),
    failedAt: Instant.nullable(),
  })
  .meta({ id: "Delivery" });
export const DeliveryPageSchema = pageOf(DeliverySchema).meta({ id: "DeliveryPage" });

/** The columns of the CSV export, in order. */
export const DELIVERY_CSV_COLUMNS = ["member_number", "channel", "status", "reason", "attempts", "provider_id", "sent_at", "delivered_at", "failed_at"] as const;

/** Why this actor may not approve (or reject) the campaign now; null when they may. */
export const APPROVAL_REFUSALS = ["not_approver", "not_a_person", "not_waiting", "own_campaign", "edited_or_submitted"] as const;
export type ApprovalRefusal = (typeof APPROVAL_REFUSALS)[number];

const ChannelReviewSchema = z.object({
  recipients: z.number().int().describe("Members the send-time decision lets through on this channel now"),
  skipped: z.number().int(),
  skippedByReason: z.record(z.string(), z.number().int()).describe("Skips per reason (SKIP_REASONS in src/consent/evaluate.ts)"),
});

export const CampaignReviewSchema = z
  .object({
    campaignId: z.number().int(),
    name: z.string(),
    purpose: z.enum(PURPOSES),
    evaluatedAt: Instant.describe("The instant the audience and the send-time decision were evaluated at"),
    audience: z.number().int().describe("Members the launch snapshot would hold now (inside the campaign's audience scope)"),
    channels: z
      .object({ email: ChannelReviewSchema.optional(), sms: ChannelReviewSchema.optional(), letter: ChannelReviewSchema.optional() })
      .describe("Per channel of the campaign, each on its own: recipients + skipped = audience"),
    channelMode: z.enum(["all", "first-available"]),
    split: z
      .object({
        channels: z.record(z.string(), z.number().int()).describe("Members whose message goes on this channel (the first one that works for them)"),
        none: z.number().int().describe("Members no channel reaches"),
      })
      .nullable()
      .describe("With channelMode first-available: the expected split of the audience over the channels; null otherwise"),
    letters: z
      .object({
        letters: z.number().int(),
        pagesPerLetter: z.number().int().describe("Pages of the letter rendered for a first recipient (letters vary little)"),
        pages: z.number().int(),
        sheets: z.number().int(),
        postage: z.number().describe("Estimated postage in NOK (LETTER_POSTAGE)"),
        printBatches: z.number().int(),
        bulkMinimum: z.number().int().describe("LETTER_BULK_MINIMUM: bulk postage needs at least this many letters per batch"),
        belowBulkMinimum: z.boolean().describe("A print batch would hold fewer letters than bulk postage needs"),
      })
      .nullable()
      .describe("For a campaign with letters: what would be printed and posted; null without letters"),
    approval: z.object({
      required: z.boolean().describe("Whether a person must approve it before it can be scheduled"),
      reasons: z.array(z.enum(APPROVAL_REASONS)),
      threshold: z.number().int().describe("APPROVAL_THRESHOLD: more recipients than this need approval"),
      description: z.string().describe("The reasons in words (English)"),
      state: CampaignStateSchema,
      canApprove: z.boolean().describe("Whether the calling user may approve or reject it now"),
      refusal: z.enum(APPROVAL_REFUSALS).nullable().describe("Why the calling user may not approve it; null when they may"),
      submittedCount: z.number().int().nullable(),
      approvedCount: z.number().int().nullable(),
      driftCount: z.number().int().nullable(),
    }),
    schedule: z.object({
      sendAt: Instant.nullable().describe("The planned send time; null: as soon as it is scheduled"),
      sendAtOslo: z.string().nullable().describe("The send time as Europe/Oslo wall time"),
      smsQuietHours: z.object({ start: z.string(), end: z.string() }).describe("SMS_QUIET_START / SMS_QUIET_END, Europe/Oslo: SMS waits until the end"),
      sendAtInQuietHours: z.boolean().nullable().describe("Whether the send time falls in the SMS quiet hours; null without a send time"),
    }),
    template: z.object({ templateVersionId: z.number().int(), templateId: z.number().int(), name: z.string(), version: z.number().int() }),
    segmentVersionId: z.number().int().nullable(),
    segment: z
      .object({ id: z.number().int(), name: z.string(), version: z.number().int() })
      .nullable()
      .describe("The saved segment the audience comes from; null for the campaign's own rules"),
    // ── merge data and uploaded audiences ──
    uploads: z
      .object({
        mergeColumns: z.array(z.string()).describe("Columns of the attached merge data"),
        templateMergeColumns: z.array(z.string()).describe("Merge columns the template reads"),
        audienceList: z.boolean().describe("The audience is an uploaded list of member numbers"),
        problem: z.string().nullable().describe("Why the campaign cannot be sent yet for want of an upload; null when nothing is missing"),
      })
      .optional(),
  })
  .meta({ id: "CampaignReview" });
export type CampaignReview = z.infer<typeof CampaignReviewSchema>;

export const ApprovalQueueItemSchema = z
  .object({
    campaign: CampaignSchema,
    author: z.object({ id: z.number().int(), name: z.string() }).nullable().describe("Who created it; null for the system operator"),
    canApprove: z.boolean().describe("Whether the calling user may approve or reject it"),
    refusal: z.enum(APPROVAL_REFUSALS).nullable(),
  })
  .meta({ id: "ApprovalQueueItem" });
export const ApprovalQueueSchema = z.object({ items: z.array(ApprovalQueueItemSchema) }).meta({ id: "ApprovalQueue" });
export type ApprovalQueueItem = z.infer<typeof ApprovalQueueItemSchema>;

// ── merge data and uploaded audiences (src/campaigns/merge-data.ts, audience-list.ts) ──
const LineProblemSchema = z.object({
  line: z.number().int().describe("Line of the file (1-based, the header is line 1)"),
  memberNumber: z.string(),
  problem: z.string(),
});

/** What every upload reports: what was taken, and what was not and why (lists capped at 1,000, counts exact). */
const uploadOutcome = {
  campaignId: z.number().int(),
  rows: z.number().int().describe("Data rows in the file"),
  accepted: z.number().int().describe("Rows stored: one per member"),
  unknownCount: z.number().int().describe("Rows whose member number names no member (for a steward: none inside the scope)"),
  unknownMemberNumbers: z.array(z.string()).describe("The first 1,000 unknown member numbers"),
  duplicateCount: z.number().int().describe("Later rows of a member number seen before (the first row is taken)"),
  duplicates: z.array(LineProblemSchema),
  rejectedCount: z.number().int().describe("Rows refused (wrong field count, empty member number, for merge data an empty cell)"),
  rejected: z.array(LineProblemSchema),
  warnings: z.array(z.string()),
  state: CampaignStateSchema.describe("The campaign's state afterwards: replacing an upload takes a submitted or approved campaign back to draft"),
  approvalVoided: z.boolean(),
  unscheduled: z.boolean(),
};

export const MergeDataReportSchema = z
  .object({
    ...uploadOutcome,
    columns: z.array(z.string()).describe("The merge columns (templates read merge.<column>)"),
    templateColumnsMissing: z.array(z.string()).describe("Merge columns the campaign's template reads that this file lacks: scheduling is refused until they are there"),
  })
  .meta({ id: "MergeDataReport" });
export type MergeDataReport = z.infer<typeof MergeDataReportSchema>;

export const AudienceListReportSchema = z.object(uploadOutcome).meta({ id: "AudienceListReport" });
export type AudienceListReport = z.infer<typeof AudienceListReportSchema>;

export const MergeDataSummarySchema = z
  .object({
    columns: z.array(z.string()).describe("Columns of the attached merge data; empty when none is attached"),
    rows: z.number().int().describe("Members with a row (0 once discarded)"),
    templateColumns: z.array(z.string()).describe("Merge columns the campaign's template reads"),
    discarded: z.boolean().describe("The campaign is over and its merge data was deleted"),
  })
  .meta({ id: "MergeDataSummary" });
export type MergeDataSummary = z.infer<typeof MergeDataSummarySchema>;

export const AudienceListSummarySchema = z
  .object({
    audienceList: z.boolean().describe("Whether the campaign's audience is an uploaded list"),
    members: z.number().int().describe("Listed members inside the campaign's scope (0 once discarded)"),
    discarded: z.boolean().describe("The campaign is over and its list was deleted"),
  })
  .meta({ id: "AudienceListSummary" });
export type AudienceListSummary = z.infer<typeof AudienceListSummarySchema>;
// ── end merge data ──
