// Campaigns and their statuses for the component tests of the campaign screens and the
// overview, typed by the contracts: every count zero and no complaints unless a test says otherwise.
import type { Campaign, CampaignStatus, ChannelCounts } from "./types.ts";

/** Campaign 7, an email campaign sending since 2 December 2026. */
export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: 7, name: "Medlemsmøte", purpose: "information", channels: ["email"], channelMode: "all", state: "sending", stateReason: null,
    sendAt: "2026-12-02T09:00:00Z", templateVersionId: 3, segmentVersionId: null, audienceRules: {}, audienceScope: null,
    newsletterId: null, createdBy: 5, scheduleVersion: 1,
    approval: {
      reasons: [], submittedCount: null, approvedBy: null, approvedAt: null, approvedCount: null,
      approvedTemplateVersionId: null, approvedSegmentVersionId: null, driftCount: null, reviewComment: null,
    },
    definition: {}, launchedAt: "2026-12-02T09:00:01Z", completedAt: null, createdAt: "2026-12-01T12:00:00Z", updatedAt: "2026-12-02T09:00:01Z",
    ...overrides,
  };
}

export function counts(c: Partial<ChannelCounts>): ChannelCounts {
  return {
    total: 0, pending: 0, sending: 0, rendered: 0, sent: 0, delivered: 0, failed: 0, bounced: 0, cancelled: 0, skipped: 0,
    skippedByReason: {}, failedByReason: {}, bouncedByReason: {}, ...c,
  };
}

/** Campaign 7's status: one email channel with these counts. */
export function status(state: string, c: Partial<ChannelCounts>, overrides: Partial<CampaignStatus> = {}): CampaignStatus {
  return {
    id: 7, name: "Medlemsmøte", purpose: "information", state, stateReason: null, sendAt: null, sendAtOslo: null,
    channels: { email: counts(c) }, ratePerSecond: state === "sending" ? 25 : null, etaSeconds: state === "sending" ? 30 : null,
    complaints: { count: 0, rate: c.sent ? 0 : null, level: "ok", warnAbove: 0.001, pauseAbove: 0.003 },
    channelMode: "all", split: null,
    ...overrides,
  };
}
