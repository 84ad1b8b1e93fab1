// A campaign row as the API, the CLI and the admin UI show it (the Campaign contract).
import type { CampaignView } from "../contracts/campaigns.ts";
import { isoInstant } from "../contracts/common.ts";
import type { DeliveryRow, DeliveryStatus } from "../deliveries/queries.ts";
import type { Campaign } from "../generated/prisma/client.ts";
import { audienceScopeOf } from "./approval.ts";

export function campaignView(c: Campaign): CampaignView {
  return {
    id: c.id,
    name: c.name,
    purpose: c.purpose as CampaignView["purpose"],
    channels: c.channels as CampaignView["channels"],
    channelMode: c.channelMode === "first_available" ? "first-available" : "all",
    state: c.state,
    stateReason: c.stateReason,
    sendAt: isoInstant(c.sendAt),
    templateVersionId: c.templateVersionId,
    segmentVersionId: c.segmentVersionId,
    audienceRules: c.audienceRules,
    audienceScope: audienceScopeOf(c),
    newsletterId: c.newsletterId,
    createdBy: c.createdBy,
    scheduleVersion: c.scheduleVersion,
    approval: {
      reasons: c.approvalReasons as CampaignView["approval"]["reasons"],
      submittedCount: c.submittedCount,
      approvedBy: c.approvedBy,
      approvedAt: isoInstant(c.approvedAt),
      approvedCount: c.approvedCount,
      approvedTemplateVersionId: c.approvedTemplateVersionId,
      approvedSegmentVersionId: c.approvedSegmentVersionId,
      driftCount: c.driftCount,
      reviewComment: c.reviewComment,
    },
    definition: c.definition,
    launchedAt: isoInstant(c.launchedAt),
    completedAt: isoInstant(c.completedAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export interface DeliveryView {
  memberNumber: string;
  channel: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  providerId: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

export function deliveryView(d: DeliveryRow): DeliveryView {
  return {
    memberNumber: d.memberNumber, channel: d.channel, status: d.status as DeliveryStatus, reason: d.reason, attempts: d.attempts, providerId: d.providerId,
    sentAt: isoInstant(d.sentAt), deliveredAt: isoInstant(d.deliveredAt), failedAt: isoInstant(d.failedAt),
  };
}
