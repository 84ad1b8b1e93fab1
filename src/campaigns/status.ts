// What staff see: state, counts per channel and status (skips and failures by reason), and
// while sending, the rate over the last minute and an ETA.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { getCampaign } from "./store.ts";

export const DELIVERY_STATUSES = ["pending", "sending", "sent", "delivered", "failed", "skipped", "cancelled"] as const;

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

export async function campaignStatus(db: Db, id: number, clock: Clock): Promise<CampaignStatus> {
  const campaign = await getCampaign(db, id);
  // Grouped in the database: one row per (channel, status, reason), whatever the campaign size.
  const rows = await db.$queryRawUnsafe<Array<{ channel: string; status: string; reason: string | null; n: bigint }>>(
    `SELECT channel, status::text AS status, reason, count(*) AS n FROM delivery WHERE campaign_id = $1 GROUP BY 1, 2, 3`,
    id,
  );
  const channels: Record<string, ChannelCounts> = Object.fromEntries(campaign.channels.map((c) => [c, emptyCounts()]));
  for (const row of rows) {
    const counts = (channels[row.channel] ??= emptyCounts());
    const n = Number(row.n);
    counts.total += n;
    counts[row.status as (typeof DELIVERY_STATUSES)[number]] += n;
    if (row.status === "skipped") counts.skippedByReason[row.reason ?? "unknown"] = (counts.skippedByReason[row.reason ?? "unknown"] ?? 0) + n;
    if (row.status === "failed") counts.failedByReason[row.reason ?? "unknown"] = (counts.failedByReason[row.reason ?? "unknown"] ?? 0) + n;
  }
  let ratePerSecond: number | null = null;
  let etaSeconds: number | null = null;
  if (campaign.state === "sending") {
    const [recent] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*) AS n FROM delivery WHERE campaign_id = $1 AND status IN ('sent', 'delivered') AND sent_at > $2`,
      id, new Date(clock.now().getTime() - 60_000),
    );
    ratePerSecond = Number(recent?.n ?? 0) / 60;
    const left = Object.values(channels).reduce((s, c) => s + c.pending + c.sending, 0);
    etaSeconds = ratePerSecond > 0 ? Math.round(left / ratePerSecond) : null;
  }
  return {
    id: campaign.id, name: campaign.name, purpose: campaign.purpose, state: campaign.state, stateReason: campaign.stateReason,
    sendAt: campaign.sendAt?.toISOString() ?? null, sendAtOslo: campaign.sendAt ? osloTime(campaign.sendAt) : null,
    channels, ratePerSecond: ratePerSecond === null ? null : Math.round(ratePerSecond * 10) / 10, etaSeconds,
  };
}

export interface DeliveryListItem {
  memberNumber: string;
  channel: string;
  status: string;
  reason: string | null;
  attempts: number;
  providerId: string | null;
}

export async function listDeliveries(db: Db, id: number): Promise<DeliveryListItem[]> {
  await getCampaign(db, id);
  return db.$queryRawUnsafe<DeliveryListItem[]>(
    `SELECT m.member_number AS "memberNumber", d.channel, d.status::text AS status, d.reason, d.attempts, d.provider_id AS "providerId"
     FROM delivery d JOIN member m ON m.id = d.member_id WHERE d.campaign_id = $1 ORDER BY m.member_number, d.channel`,
    id,
  );
}
