// The four-eyes rules as functions of a campaign: why it needs approval, how many it reaches
// now (inside its audience scope), and whether a launch may go ahead on what was approved.
import { z } from "zod";
import type { Scope } from "../auth/actor.ts";
import type { Clock } from "../clock.ts";
import type { ApprovalReason } from "../contracts/campaigns.ts";
import type { Db } from "../db/client.ts";
import { Prisma, type Campaign } from "../generated/prisma/client.ts";
import { evaluationDate } from "../segments/age.ts";
import { countMatching } from "../segments/preview.ts";
import { parseRule, type Rule } from "../segments/rules.ts";
import { subscriberAudienceIds } from "../segments/snapshot.ts";
import { subscribersAudienceOf } from "./definition.ts";
import { listAudienceCount } from "./upload-rows.ts";

export { APPROVAL_REASONS, type ApprovalReason } from "../contracts/campaigns.ts";

export interface ApprovalSettings {
  /** APPROVAL_THRESHOLD: more recipients than this need approval. */
  threshold: number;
  /** APPROVAL_DRIFT_SHARE: a launch stops when the count moved more than this share of the approved count. */
  driftShare: number;
}

/** The defaults of APPROVAL_THRESHOLD and APPROVAL_DRIFT_SHARE (src/config.ts), for callers without a config. */
export const DEFAULT_APPROVAL: ApprovalSettings = { threshold: 500, driftShare: 0.1 };

const ScopeJson = z.object({ employers: z.array(z.string()), branches: z.array(z.string()) });

/** The steward scope a campaign was created in, or null for an unrestricted campaign. */
export function audienceScopeOf(campaign: Pick<Campaign, "audienceScope">): Scope | null {
  if (campaign.audienceScope === null || campaign.audienceScope === undefined) return null;
  // A malformed scope must never widen the audience: it reaches nobody.
  const parsed = ScopeJson.safeParse(campaign.audienceScope);
  return parsed.success ? parsed.data : { employers: [], branches: [] };
}

/** The rule a campaign targets: its segment version's rules, or its own. */
export async function audienceRule(db: Pick<Db, "segmentVersion">, campaign: Pick<Campaign, "segmentVersionId" | "audienceRules">): Promise<Rule> {
  if (campaign.segmentVersionId !== null) {
    const version = await db.segmentVersion.findUniqueOrThrow({ where: { id: campaign.segmentVersionId } });
    return parseRule(version.rules);
  }
  return parseRule(campaign.audienceRules);
}

/** How many members the campaign reaches now: the same rule and scope the launch snapshot uses. */
export async function audienceCount(db: Db, campaign: Campaign, clock: Clock): Promise<number> {
  // ── uploaded audience: the listed members inside the scope (src/campaigns/audience-list.ts) ──
  if (campaign.audienceList) return listAudienceCount(db, campaign.id, audienceScopeOf(campaign));
  // ── newsletters: a newsletter's subscribers (∩ segment), as the launch snapshot takes them ──
  const subscribers = subscribersAudienceOf(campaign.definition);
  if (subscribers) {
    const source = { subscribersOf: subscribers.newsletterId, segmentVersionId: campaign.segmentVersionId };
    return (await subscriberAudienceIds(db, source, evaluationDate(clock), audienceScopeOf(campaign))).length;
  }
  // ── end newsletters ──
  return countMatching(db, await audienceRule(db, campaign), evaluationDate(clock), audienceScopeOf(campaign));
}

/** Why this campaign needs approval (empty: it does not), given its recipient count now. */
export function approvalReasons(campaign: Pick<Campaign, "purpose" | "audienceScope">, count: number, settings: Pick<ApprovalSettings, "threshold">): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (count > settings.threshold) reasons.push("threshold");
  if (campaign.purpose === "bargaining") reasons.push("bargaining");
  // A stored scope means a steward created it (stable even if that user's role changes later).
  if (audienceScopeOf(campaign) !== null) reasons.push("steward");
  return reasons;
}

export function describeReasons(reasons: readonly string[], count: number, threshold: number): string {
  const words: Record<string, string> = {
    threshold: `${count} recipients is above the approval threshold of ${threshold}`,
    bargaining: "bargaining campaigns always need approval",
    steward: "a steward's campaigns always need approval",
    requested: "its author asked for a review",
  };
  return reasons.map((r) => words[r] ?? r).join("; ");
}

/** Whether the launch snapshot may be sent, judged against what was approved. */
export type LaunchVerdict =
  | { go: true }
  | { go: false; kind: "drift" | "unapproved" | "changed"; reason: string };

/**
 * The launch's check, after the snapshot. An approved campaign stops when the snapshot count
 * moved more than `driftShare` of the approved count, or when what it sends is no longer what
 * was approved. A campaign that was never approved but was scheduled by a user stops when the
 * audience grew above the threshold after scheduling. System actors (the operator's CLI, the
 * demo, tests) are not subject to approval, so their unapproved campaigns go ahead.
 */
export function launchVerdict(
  campaign: Campaign,
  snapshotCount: number,
  context: { scheduledByUser: boolean; settings: ApprovalSettings },
): LaunchVerdict {
  const { threshold, driftShare } = context.settings;
  if (campaign.approvedCount !== null) {
    if (!samePins(campaign)) {
      return { go: false, kind: "changed", reason: `what the campaign sends is no longer what was approved; it reaches ${snapshotCount} recipients: approve it again` };
    }
    const approved = campaign.approvedCount;
    if (Math.abs(snapshotCount - approved) > driftShare * approved) {
      return {
        go: false, kind: "drift",
        reason: `the audience is now ${snapshotCount} recipients, but ${approved} were approved (more than ${formatShare(driftShare)} apart): approve it again`,
      };
    }
    return { go: true };
  }
  if (context.scheduledByUser && snapshotCount > threshold) {
    return {
      go: false, kind: "unapproved",
      reason: `the audience is now ${snapshotCount} recipients, above the approval threshold of ${threshold}, and it was never approved: it needs approval`,
    };
  }
  return { go: true };
}

function samePins(campaign: Campaign): boolean {
  return (
    campaign.approvedTemplateVersionId === campaign.templateVersionId &&
    campaign.approvedSegmentVersionId === campaign.segmentVersionId &&
    (campaign.segmentVersionId !== null || JSON.stringify(campaign.approvedRules) === JSON.stringify(campaign.audienceRules))
  );
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** The approval fields of a campaign that is back in draft (an edit, a rejection). */
export const VOIDED_APPROVAL = {
  approvalReasons: [],
  submittedCount: null,
  approvedBy: null,
  approvedAt: null,
  approvedCount: null,
  approvedTemplateVersionId: null,
  approvedSegmentVersionId: null,
  approvedRules: Prisma.DbNull,
  driftCount: null,
} satisfies Prisma.CampaignUpdateInput;
