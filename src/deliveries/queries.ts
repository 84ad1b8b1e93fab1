// Reading deliveries for staff views, exports and the demo. Every query goes through the
// campaign's prefix of the unique (campaign_id, member_id, channel) index, or member_id's index.
import type { Db } from "../db/client.ts";

export const DELIVERY_STATUSES = ["pending", "sending", "sent", "delivered", "failed", "skipped", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryCount {
  channel: string;
  status: DeliveryStatus;
  reason: string | null;
  n: number;
}

/** One row per (channel, status, reason), grouped in the database whatever the campaign size. */
export async function deliveryCounts(db: Db, campaignId: number): Promise<DeliveryCount[]> {
  const rows = await db.$queryRawUnsafe<Array<{ channel: string; status: DeliveryStatus; reason: string | null; n: bigint }>>(
    `SELECT channel, status::text AS status, reason, count(*) AS n FROM delivery WHERE campaign_id = $1 GROUP BY 1, 2, 3`,
    campaignId,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Messages recorded as sent since an instant (for the rate over the last minute). */
export async function sentSince(db: Db, campaignId: number, since: Date): Promise<number> {
  const [row] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*) AS n FROM delivery WHERE campaign_id = $1 AND status IN ('sent', 'delivered') AND sent_at > $2`,
    campaignId, since,
  );
  return Number(row?.n ?? 0);
}

export interface DeliveryListItem {
  memberNumber: string;
  channel: string;
  status: string;
  reason: string | null;
  attempts: number;
  providerId: string | null;
}

export function listDeliveries(db: Db, campaignId: number): Promise<DeliveryListItem[]> {
  return db.$queryRawUnsafe<DeliveryListItem[]>(
    `SELECT m.member_number AS "memberNumber", d.channel, d.status::text AS status, d.reason, d.attempts, d.provider_id AS "providerId"
     FROM delivery d JOIN member m ON m.id = d.member_id WHERE d.campaign_id = $1 ORDER BY m.member_number, d.channel`,
    campaignId,
  );
}

export interface MemberDelivery {
  campaignId: number;
  channel: string;
  status: string;
  reason: string | null;
  attempts: number;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  createdAt: Date;
}

/** Every delivery to one member, oldest first (for the member's own export, GDPR art. 15). */
export function deliveriesOfMember(db: Db, memberId: number): Promise<MemberDelivery[]> {
  return db.$queryRawUnsafe<MemberDelivery[]>(
    `SELECT campaign_id AS "campaignId", channel, status::text AS status, reason, attempts,
            sent_at AS "sentAt", delivered_at AS "deliveredAt", failed_at AS "failedAt", created_at AS "createdAt"
     FROM delivery WHERE member_id = $1 ORDER BY created_at, id`,
    memberId,
  );
}

/** The member with the lowest id who was sent the campaign on a channel, if any. */
export async function firstRecipient(db: Db, campaignId: number, channel: string): Promise<number | null> {
  const [row] = await db.$queryRawUnsafe<Array<{ member_id: number }>>(
    `SELECT member_id FROM delivery WHERE campaign_id = $1 AND channel = $2 AND status IN ('sent', 'delivered') ORDER BY member_id LIMIT 1`,
    campaignId, channel,
  );
  return row?.member_id ?? null;
}
