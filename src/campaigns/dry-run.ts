// The review of a campaign before it is sent: a dry run of the launch that writes nothing but
// its audit row. The audience is resolved as the launch snapshot resolves it (the same rule, the
// same audience scope, the same Europe/Oslo evaluation date), and each member goes through the
// send-time consent decision (decideBatch) per channel, so the counts are what a launch now
// would send and skip. Also: which approval rule applies and whether the caller may approve.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize, can } from "../auth/permissions.ts";
import { isQuietTime, quietHoursFromConfig } from "../channels/quiet-hours.ts";
import { decideBatch } from "../consent/decide.ts";
import type { Purpose } from "../consent/purposes.ts";
import type { ApprovalQueueItem, ApprovalReason, ApprovalRefusal, CampaignReview } from "../contracts/campaigns.ts";
import type { Db } from "../db/client.ts";
import type { Campaign, CampaignState } from "../generated/prisma/client.ts";
import { evaluationDate } from "../segments/age.ts";
import { matchingMemberIds } from "../segments/preview.ts";
import { subscriberAudienceIds } from "../segments/snapshot.ts";
import { subscribersAudienceOf } from "./definition.ts";
import { refuseWithoutMergeData } from "./merge-data.ts";
import { listAudienceIds } from "./audience-list.ts";
import { templateMergeColumns, uploadsProblem } from "./uploads.ts";
import { readableCampaign, visibleCampaigns } from "./access.ts";
import { approvalReasons, audienceRule, audienceScopeOf, describeReasons } from "./approval.ts";
import { osloTime } from "./status.ts";
import { campaignView } from "./view.ts";
import { expectedSplit, firstAvailable, letterEstimate } from "./channel-split.ts";

export type DryRunDeps = Pick<Root, "db" | "clock" | "config" | "pseudonyms">;

/** Members per decideBatch call: two statements each, whatever the size (see decide.ts). */
const DECIDE_CHUNK = 5000;

const REVIEWABLE: readonly CampaignState[] = ["awaiting_approval", "needs_reapproval"];
const REVIEW_CHANNELS = ["email", "sms", "letter"] as const;
type ReviewChannel = (typeof REVIEW_CHANNELS)[number];
type ChannelReview = NonNullable<CampaignReview["channels"][ReviewChannel]>;

/**
 * The dry run of campaign `id` at the clock's now. An aggregate (no member numbers), but it reads
 * every audience member's consent and contact points to compute, so it is audited.
 */
export async function reviewCampaign(deps: DryRunDeps, actor: Actor, id: number): Promise<CampaignReview> {
  const campaign = await readableCampaign(deps.db, actor, id);
  const at = deps.clock.now();
  // ── newsletters: a subscribers audience is resolved as its snapshot source resolves it ──
  const subscribers = subscribersAudienceOf(campaign.definition);
  const ids = campaign.audienceList // ── uploaded audience ──
    ? await listAudienceIds(deps.db, campaign.id, audienceScopeOf(campaign))
    : subscribers
    ? await subscriberAudienceIds(deps.db, { subscribersOf: subscribers.newsletterId, segmentVersionId: campaign.segmentVersionId }, evaluationDate(deps.clock), audienceScopeOf(campaign))
    : await matchingMemberIds(deps.db, await audienceRule(deps.db, campaign), evaluationDate(deps.clock), audienceScopeOf(campaign));
  // ── end newsletters ──
  const channels: CampaignReview["channels"] = {};
  const sent = REVIEW_CHANNELS.filter((c) => campaign.channels.includes(c));
  const results = await Promise.all(sent.map((channel) => decideChannel(deps, campaign, channel, ids, at)));
  sent.forEach((channel, i) => (channels[channel] = results[i]!.review));
  // ── channel fallback and letters: from the same decisions ──
  const allowed = new Map(sent.map((channel, i) => [channel as string, results[i]!.allowed]));
  const first = firstAvailable(campaign.channels, allowed);
  const split = campaign.channelMode === "first_available" ? expectedSplit(campaign.channels, ids, first) : null;
  const getsLetter = (id: number) => (split ? first(id) === "letter" : Boolean(allowed.get("letter")?.has(id)));
  const letters = campaign.channels.includes("letter")
    ? await letterEstimate(deps, campaign, ids.find(getsLetter), split ? (split.channels.letter ?? 0) : (channels.letter?.recipients ?? 0), at)
    : null;
  // ── end channel fallback and letters ──

  const threshold = deps.config.APPROVAL_THRESHOLD;
  const reasons = reasonsNow(campaign, ids.length, threshold);
  const refusal = await approvalRefusal(deps.db, actor, campaign);
  const [template, segment] = await Promise.all([templateOf(deps.db, campaign.templateVersionId), segmentOf(deps.db, campaign.segmentVersionId)]);
  const quiet = quietHoursFromConfig(deps.config);

  await recordAudit(deps.db, actor, at, {
    action: "campaign.review", targetType: "campaign", targetId: id,
    details: { audience: ids.length, recipients: Object.fromEntries(sent.map((c, i) => [c, results[i]!.review.recipients])) },
  });
  return {
    campaignId: id,
    name: campaign.name,
    purpose: campaign.purpose as CampaignReview["purpose"],
    evaluatedAt: at.toISOString(),
    audience: ids.length,
    channels,
    channelMode: campaign.channelMode === "first_available" ? "first-available" : "all",
    split,
    letters,
    approval: {
      required: reasons.length > 0,
      reasons,
      threshold,
      description: describeReasons(reasons, ids.length, threshold),
      state: campaign.state,
      canApprove: refusal === null,
      refusal,
      submittedCount: campaign.submittedCount,
      approvedCount: campaign.approvedCount,
      driftCount: campaign.driftCount,
    },
    schedule: {
      sendAt: campaign.sendAt?.toISOString() ?? null,
      sendAtOslo: campaign.sendAt ? osloTime(campaign.sendAt) : null,
      smsQuietHours: { start: quiet.start, end: quiet.end },
      sendAtInQuietHours: campaign.sendAt ? isQuietTime(campaign.sendAt, quiet) : null,
    },
    template,
    segmentVersionId: campaign.segmentVersionId,
    segment,
    // ── merge data and uploaded audiences ──
    uploads: {
      mergeColumns: campaign.mergeColumns,
      templateMergeColumns: await templateMergeColumns(deps.db, campaign.templateVersionId),
      audienceList: campaign.audienceList,
      problem: await uploadsProblem(deps.db, campaign),
    },
  };
}

/** The send-time decision for every audience member on one channel, a chunk at a time: counts, and who is let through. */
async function decideChannel(
  deps: DryRunDeps, campaign: Campaign, channel: ReviewChannel, ids: readonly number[], at: Date,
): Promise<{ review: ChannelReview; allowed: Set<number> }> {
  const review: ChannelReview = { recipients: 0, skipped: 0, skippedByReason: {} };
  // Who may get it on this channel: the channel split and the letter estimate read these too.
  const allowed = new Set<number>();
  for (let start = 0; start < ids.length; start += DECIDE_CHUNK) {
    const decisions = await decideBatch(deps.db, ids.slice(start, start + DECIDE_CHUNK), campaign.purpose as Purpose, channel, at, {
      pseudonyms: deps.pseudonyms,
      newsletterId: campaign.newsletterId ?? undefined,
    });
    // ── merge data: members without their row are skipped no_merge_data, as at send time ──
    await refuseWithoutMergeData(deps.db, campaign.id, decisions);
    for (const [memberId, decision] of decisions) {
      if (decision.allowed) {
        review.recipients += 1;
        allowed.add(memberId);
      } else {
        review.skipped += 1;
        review.skippedByReason[decision.reason] = (review.skippedByReason[decision.reason] ?? 0) + 1;
      }
    }
  }
  return { review, allowed };
}

/**
 * The reasons approval applies now. While it waits for a reviewer, an author's own request for
 * review still counts (it is on record from the submission, not derived from the campaign).
 */
function reasonsNow(campaign: Campaign, count: number, threshold: number): ApprovalReason[] {
  const reasons = approvalReasons(campaign, count, { threshold });
  if (REVIEWABLE.includes(campaign.state) && campaign.approvalReasons.includes("requested") && !reasons.includes("requested")) reasons.push("requested");
  return reasons;
}

/**
 * Why the actor may not approve or reject the campaign now (null: they may). The same rules
 * review.ts enforces when they try; this only answers the question, so the UI can say it first.
 */
export async function approvalRefusal(db: Db, actor: Actor, campaign: Campaign): Promise<ApprovalRefusal | null> {
  return (await refusals(db, actor, [campaign])).get(campaign.id) ?? null;
}

async function refusals(db: Db, actor: Actor, campaigns: readonly Campaign[]): Promise<Map<number, ApprovalRefusal | null>> {
  const result = new Map<number, ApprovalRefusal | null>();
  const open: Campaign[] = [];
  for (const c of campaigns) {
    if (!can(actor, "campaigns.approve")) result.set(c.id, "not_approver");
    else if (actor.kind !== "user") result.set(c.id, "not_a_person");
    else if (!REVIEWABLE.includes(c.state)) result.set(c.id, "not_waiting");
    else if (c.createdBy === actor.id) result.set(c.id, "own_campaign");
    else open.push(c);
  }
  if (open.length === 0 || actor.kind !== "user") return result;
  const authors = await lastEditorsAndSubmitters(db, open.map((c) => c.id));
  for (const c of open) result.set(c.id, authors.get(c.id)?.has(actor.id) ? "edited_or_submitted" : null);
  return result;
}

/**
 * Per campaign, who made its last edit and who submitted it last (review.ts refuses both as
 * reviewers: an edit replaces the whole definition, so earlier editors no longer wrote it).
 * One statement for a whole list; index audit_log_entity_entity_id_idx.
 */
async function lastEditorsAndSubmitters(db: Db, campaignIds: readonly number[]): Promise<Map<number, Set<number>>> {
  const rows = await db.$queryRawUnsafe<Array<{ entity_id: string; actor_id: number | null }>>(
    `SELECT DISTINCT ON (entity_id, action) entity_id, actor_id
     FROM audit_log
     WHERE entity = 'campaign' AND entity_id = ANY($1::text[]) AND action IN ('campaign.update', 'campaign.submit')
     ORDER BY entity_id, action, id DESC`,
    campaignIds.map(String),
  );
  const byCampaign = new Map<number, Set<number>>();
  for (const row of rows) {
    if (row.actor_id === null) continue;
    const id = Number(row.entity_id);
    (byCampaign.get(id) ?? byCampaign.set(id, new Set()).get(id)!).add(row.actor_id);
  }
  return byCampaign;
}

async function templateOf(db: Db, templateVersionId: number): Promise<CampaignReview["template"]> {
  const version = await db.templateVersion.findUniqueOrThrow({ where: { id: templateVersionId }, select: { templateId: true, version: true, name: true } });
  return { templateVersionId, templateId: version.templateId, name: version.name, version: version.version };
}

async function segmentOf(db: Db, segmentVersionId: number | null): Promise<CampaignReview["segment"]> {
  if (segmentVersionId === null) return null;
  const version = await db.segmentVersion.findUniqueOrThrow({ where: { id: segmentVersionId }, select: { segmentId: true, version: true, segment: { select: { name: true } } } });
  return { id: version.segmentId, name: version.segment.name, version: version.version };
}

/** At most this many campaigns in the approvals inbox (the oldest waiting ones drop off first). */
const QUEUE_LIMIT = 200;

/**
 * The approvals inbox: campaigns waiting for a reviewer (awaiting_approval, needs_reapproval),
 * newest first, each with its author and whether the caller may approve it. No personal data
 * of members is read, so nothing is audited.
 */
export async function approvalQueue(deps: Pick<DryRunDeps, "db">, actor: Actor): Promise<{ items: ApprovalQueueItem[] }> {
  authorize(actor, "campaigns.approve");
  const rows = await deps.db.campaign.findMany({
    where: { ...visibleCampaigns(actor), state: { in: [...REVIEWABLE] } },
    orderBy: { id: "desc" },
    take: QUEUE_LIMIT,
  });
  const authorIds = [...new Set(rows.map((c) => c.createdBy).filter((id): id is number => id !== null))];
  const [users, refused] = await Promise.all([
    deps.db.staffUser.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } }),
    refusals(deps.db, actor, rows),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  return {
    items: rows.map((c) => {
      const refusal = refused.get(c.id) ?? null;
      return {
        campaign: campaignView(c),
        author: c.createdBy === null ? null : { id: c.createdBy, name: names.get(c.createdBy) ?? "" },
        canApprove: refusal === null,
        refusal,
      };
    }),
  };
}
