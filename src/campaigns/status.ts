// What staff see: state, counts per channel and status (skips and failures by reason), and
// while sending, the rate over the last minute and an ETA.
import type { Scope } from "../auth/actor.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { deliveryCounts, listDeliveries as listCampaignDeliveries, reducedDeliveryCounts, sentSince, type DeliveryListItem } from "../deliveries/queries.ts";
import { getCampaign } from "./store.ts";

export { DELIVERY_STATUSES } from "../deliveries/queries.ts";
export type { DeliveryListItem } from "../deliveries/queries.ts";

export interface ChannelCounts {
  total: number;
  pending: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  cancelled: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  failedByReason: Record<string, number>;
  bounced: number;
  bouncedByReason: Record<string, number>;
  rendered: number;
}

export interface ComplaintRate {
  count: number;
  rate: number | null;
  level: "ok" | "warn" | "pause";
  warnAbove: number;
  pauseAbove: number;
}

export interface ComplaintThresholds {
  COMPLAINT_WARN_RATE: number;
  COMPLAINT_PAUSE_RATE: number;
}

/** Gmail's and Yahoo's published limits, the defaults of COMPLAINT_WARN_RATE and COMPLAINT_PAUSE_RATE. */
export const DEFAULT_COMPLAINT_THRESHOLDS: ComplaintThresholds = { COMPLAINT_WARN_RATE: 0.001, COMPLAINT_PAUSE_RATE: 0.003 };

export interface CampaignStatus {
  id: number;
  name: string;
  purpose: string;
  state: string;
  stateReason: string | null;
  /** ISO 8601 in UTC and as Europe/Oslo wall time. */
  sendAt: string | null;
  sendAtOslo: string | null;
  channels: Record<string, ChannelCounts>;
  channelMode: "all" | "first-available";
  /** With first-available: members whose one message went out on each channel so far (letters once rendered). */
  split: Record<string, number> | null;
  /** Messages per second over the last minute, while sending. */
  ratePerSecond: number | null;
  /** Estimated seconds left at that rate. */
  etaSeconds: number | null;
  complaints: ComplaintRate;
  /** Set when retention reduced the campaign to its counts: the per-member deliveries are gone. */
  deliveriesReducedAt: string | null;
}

const emptyCounts = (): ChannelCounts => ({
  total: 0, pending: 0, sending: 0, sent: 0, delivered: 0, failed: 0, cancelled: 0, skipped: 0, skippedByReason: {}, failedByReason: {},
  bounced: 0, bouncedByReason: {}, rendered: 0,
});

/** The level of a complaint rate: "pause" above the pause rate, "warn" above the warning rate. */
export function complaintLevel(count: number, sent: number, thresholds: ComplaintThresholds): ComplaintRate {
  const rate = sent > 0 ? count / sent : null;
  const level = rate === null || count === 0 ? "ok" : rate > thresholds.COMPLAINT_PAUSE_RATE ? "pause" : rate > thresholds.COMPLAINT_WARN_RATE ? "warn" : "ok";
  return { count, rate, level, warnAbove: thresholds.COMPLAINT_WARN_RATE, pauseAbove: thresholds.COMPLAINT_PAUSE_RATE };
}

/**
 * Emails that left (sent, delivered or bounced later) and the complaints about them. `emailsSent`
 * when the caller has counted the whole campaign already (the status does, every second while
 * sending); otherwise they are counted here.
 */
export async function complaintRate(db: Db, campaignId: number, thresholds: ComplaintThresholds, emailsSent?: number): Promise<ComplaintRate> {
  const [row] = await db.$queryRawUnsafe<Array<{ complaints: number; sent: number | null }>>(
    // Retention moves old events into provider_event_aggregate chunk by chunk (each chunk's rows
    // and its sum in one statement), so the two together always count each complaint once; a
    // reduced campaign's emails are counted from delivery_aggregate.
    `SELECT ((SELECT count(*) FROM provider_event WHERE campaign_id = $1 AND kind = 'complaint')
             + (SELECT coalesce(sum(count), 0) FROM provider_event_aggregate WHERE campaign_id = $1 AND kind = 'complaint'))::int AS complaints,
            CASE WHEN $2::boolean THEN NULL
                 WHEN (SELECT deliveries_reduced_at FROM campaign WHERE id = $1) IS NOT NULL THEN
                   (SELECT coalesce(sum(count), 0) FROM delivery_aggregate
                     WHERE campaign_id = $1 AND channel = 'email' AND status IN ('sent', 'delivered', 'bounced'))::int
                 ELSE
              (SELECT count(*) FROM delivery WHERE campaign_id = $1 AND channel = 'email' AND status IN ('sent', 'delivered', 'bounced'))::int END AS sent`,
    campaignId, emailsSent !== undefined,
  );
  return complaintLevel(row?.complaints ?? 0, emailsSent ?? row?.sent ?? 0, thresholds);
}

const emailsLeft = (email: ChannelCounts | undefined): number => (email ? email.sent + email.delivered + email.bounced : 0);

export function osloTime(at: Date): string {
  return new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", dateStyle: "short", timeStyle: "short" }).format(at);
}

/** The campaign's status; a scoped reader's counts include only members inside the scope. */
export async function campaignStatus(
  db: Db, id: number, clock: Clock, scope: Scope | null = null, thresholds: ComplaintThresholds = DEFAULT_COMPLAINT_THRESHOLDS,
): Promise<CampaignStatus> {
  const campaign = await getCampaign(db, id);
  // Retention leaves a reduced campaign only its counts, which name no member: none for a scoped reader.
  const rows = campaign.deliveriesReducedAt === null ? await deliveryCounts(db, id, scope) : scope ? [] : await reducedDeliveryCounts(db, id);
  const channels: Record<string, ChannelCounts> = Object.fromEntries(campaign.channels.map((c) => [c, emptyCounts()]));
  for (const row of rows) {
    const counts = (channels[row.channel] ??= emptyCounts());
    const n = row.n;
    counts.total += n;
    counts[row.status] += n;
    if (row.status === "skipped") counts.skippedByReason[row.reason ?? "unknown"] = (counts.skippedByReason[row.reason ?? "unknown"] ?? 0) + n;
    if (row.status === "failed") counts.failedByReason[row.reason ?? "unknown"] = (counts.failedByReason[row.reason ?? "unknown"] ?? 0) + n;
    if (row.status === "bounced") counts.bouncedByReason[row.reason ?? "unknown"] = (counts.bouncedByReason[row.reason ?? "unknown"] ?? 0) + n;
  }
  let ratePerSecond: number | null = null;
  let etaSeconds: number | null = null;
  if (campaign.state === "sending") {
    ratePerSecond = (await sentSince(db, id, new Date(clock.now().getTime() - 60_000), scope)) / 60;
    const left = Object.values(channels).reduce((s, c) => s + c.pending + c.sending, 0);
    etaSeconds = ratePerSecond > 0 ? Math.round(left / ratePerSecond) : null;
  }
  return {
    id: campaign.id, name: campaign.name, purpose: campaign.purpose, state: campaign.state, stateReason: campaign.stateReason,
    sendAt: campaign.sendAt?.toISOString() ?? null, sendAtOslo: campaign.sendAt ? osloTime(campaign.sendAt) : null,
    channels, ratePerSecond: ratePerSecond === null ? null : Math.round(ratePerSecond * 10) / 10, etaSeconds,
    channelMode: campaign.channelMode === "first_available" ? "first-available" : "all",
    split: campaign.channelMode === "first_available"
      ? Object.fromEntries(Object.entries(channels).map(([c, n]) => [c, n.sent + n.delivered + n.bounced + n.rendered]))
      : null,
    // For the whole campaign, also for a scoped reader: a rate over part of the audience means nothing.
    // Unscoped, the counts above are the whole campaign's, so the emails sent need no second count.
    complaints: await complaintRate(db, id, thresholds, scope ? undefined : emailsLeft(channels.email)),
    deliveriesReducedAt: campaign.deliveriesReducedAt?.toISOString() ?? null,
  };
}

/** Every delivery of the campaign (after checking that it exists). */
export async function listDeliveries(db: Db, id: number): Promise<DeliveryListItem[]> {
  await getCampaign(db, id);
  return listCampaignDeliveries(db, id);
}
