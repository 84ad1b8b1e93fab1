// What staff see: state, counts per channel and status (skips and failures by reason), and
// while sending, the rate over the last minute and an ETA.
import type { Scope } from "../auth/actor.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { deliveryCounts, listDeliveries as listCampaignDeliveries, sentSince, type DeliveryListItem } from "../deliveries/queries.ts";
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
}

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
  /** Messages per second over the last minute, while sending. */
  ratePerSecond: number | null;
  /** Estimated seconds left at that rate. */
  etaSeconds: number | null;
}

const emptyCounts = (): ChannelCounts => ({
  total: 0, pending: 0, sending: 0, sent: 0, delivered: 0, failed: 0, cancelled: 0, skipped: 0, skippedByReason: {}, failedByReason: {},
});

export function osloTime(at: Date): string {
  return new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", dateStyle: "short", timeStyle: "short" }).format(at);
}

/** The campaign's status; a scoped reader's counts include only members inside the scope. */
export async function campaignStatus(db: Db, id: number, clock: Clock, scope: Scope | null = null): Promise<CampaignStatus> {
  const campaign = await getCampaign(db, id);
  const rows = await deliveryCounts(db, id, scope);
  const channels: Record<string, ChannelCounts> = Object.fromEntries(campaign.channels.map((c) => [c, emptyCounts()]));
  for (const row of rows) {
    const counts = (channels[row.channel] ??= emptyCounts());
    const n = row.n;
    counts.total += n;
    counts[row.status] += n;
    if (row.status === "skipped") counts.skippedByReason[row.reason ?? "unknown"] = (counts.skippedByReason[row.reason ?? "unknown"] ?? 0) + n;
    if (row.status === "failed") counts.failedByReason[row.reason ?? "unknown"] = (counts.failedByReason[row.reason ?? "unknown"] ?? 0) + n;
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
  };
}

/** Every delivery of the campaign (after checking that it exists). */
export async function listDeliveries(db: Db, id: number): Promise<DeliveryListItem[]> {
  await getCampaign(db, id);
  return listCampaignDeliveries(db, id);
}
