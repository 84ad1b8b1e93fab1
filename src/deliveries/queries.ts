// Reading deliveries for staff views, exports and the demo. Every query goes through the
// campaign's prefix of the unique (campaign_id, member_id, channel) index, or member_id's index.
// A scoped actor's (a steward's) reads AND the scope into the same statement, so rows and
// counts of members outside the scope are never read.
import type { Scope } from "../auth/actor.ts";
import { scopeCondition } from "../auth/scope.ts";
import type { Db } from "../db/client.ts";

type Queryable = Pick<Db, "$queryRawUnsafe">;

/** `JOIN member m … AND <scope>` for a scoped read, numbered from `firstParam`; nothing when unscoped. */
function scopeJoin(scope: Scope | null | undefined, firstParam: number): { join: string; where: string; params: unknown[] } {
  if (!scope) return { join: "", where: "", params: [] };
  const condition = scopeCondition(scope, { memberAlias: "m", firstParam });
  return { join: "JOIN member m ON m.id = d.member_id", where: ` AND ${condition.sql}`, params: condition.params };
}

export const DELIVERY_STATUSES = ["pending", "sending", "sent", "delivered", "failed", "skipped", "cancelled", "bounced", "rendered"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryCount {
  channel: string;
  status: DeliveryStatus;
  reason: string | null;
  n: number;
}

/** One row per (channel, status, reason), grouped in the database whatever the campaign size. */
export async function deliveryCounts(db: Queryable, campaignId: number, scope?: Scope | null): Promise<DeliveryCount[]> {
  const scoped = scopeJoin(scope, 2);
  const rows = await db.$queryRawUnsafe<Array<{ channel: string; status: DeliveryStatus; reason: string | null; n: bigint }>>(
    `SELECT d.channel, d.status::text AS status, d.reason, count(*) AS n FROM delivery d ${scoped.join}
     WHERE d.campaign_id = $1${scoped.where} GROUP BY 1, 2, 3`,
    campaignId, ...scoped.params,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * A campaign's counts after retention reduced it (campaign.deliveries_reduced_at set): its rows are
 * gone, and delivery_aggregate holds what they were, in the shape of deliveryCounts. The aggregate
 * names no member, so it cannot be scoped: a scoped reader gets nothing from it.
 */
export function reducedDeliveryCounts(db: Queryable, campaignId: number): Promise<DeliveryCount[]> {
  return db.$queryRawUnsafe<DeliveryCount[]>(
    `SELECT channel, status::text AS status, reason, count AS n FROM delivery_aggregate WHERE campaign_id = $1`,
    campaignId,
  );
}

/** Messages recorded as sent since an instant (for the rate over the last minute). */
export async function sentSince(db: Queryable, campaignId: number, since: Date, scope?: Scope | null): Promise<number> {
  const scoped = scopeJoin(scope, 3);
  const [row] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*) AS n FROM delivery d ${scoped.join}
     WHERE d.campaign_id = $1 AND d.status IN ('sent', 'delivered') AND d.sent_at > $2${scoped.where}`,
    campaignId, since, ...scoped.params,
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

export interface DeliveryFilter {
  channel?: string;
  status?: DeliveryStatus;
  /** Exact skip or failure reason, e.g. `resigned`, `hard_bounce`. */
  reason?: string;
}

/** Where a page of deliveries starts: after this (member id, channel) in the unique index's order. */
export interface DeliveryKey {
  memberId: number;
  channel: string;
}

export interface DeliveryRow extends DeliveryListItem {
  memberId: number;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
}

export interface DeliveryPageOptions {
  filter?: DeliveryFilter;
  after?: DeliveryKey;
  limit: number;
  scope?: Scope | null;
}

/**
 * One keyset page of a campaign's deliveries, in (member_id, channel) order: the order of the
 * unique (campaign_id, member_id, channel) index, so each page is an index range scan that
 * starts where the last one ended, however deep the page (no OFFSET).
 */
export function deliveryPage(db: Queryable, campaignId: number, options: DeliveryPageOptions): Promise<DeliveryRow[]> {
  const params: unknown[] = [campaignId];
  const where = ["d.campaign_id = $1"];
  const add = (value: unknown) => `$${params.push(value)}`;
  if (options.filter?.channel !== undefined) where.push(`d.channel = ${add(options.filter.channel)}`);
  if (options.filter?.status !== undefined) where.push(`d.status = ${add(options.filter.status)}::"DeliveryStatus"`);
  if (options.filter?.reason !== undefined) where.push(`d.reason = ${add(options.filter.reason)}`);
  if (options.after) where.push(`(d.member_id, d.channel) > (${add(options.after.memberId)}::int, ${add(options.after.channel)})`);
  if (options.scope) {
    const condition = scopeCondition(options.scope, { memberAlias: "m", firstParam: params.length + 1 });
    where.push(condition.sql);
    params.push(...condition.params);
  }
  return db.$queryRawUnsafe<DeliveryRow[]>(
    `SELECT d.member_id AS "memberId", m.member_number AS "memberNumber", d.channel, d.status::text AS status, d.reason, d.attempts,
            d.provider_id AS "providerId", d.sent_at AS "sentAt", d.delivered_at AS "deliveredAt", d.failed_at AS "failedAt"
     FROM delivery d JOIN member m ON m.id = d.member_id
     WHERE ${where.join(" AND ")}
     ORDER BY d.member_id, d.channel LIMIT ${add(options.limit)}::int`,
    ...params,
  );
}

/** Every delivery matching the filter, page by page: never more than `pageSize` rows in memory. */
export async function* streamDeliveries(
  db: Queryable,
  campaignId: number,
  options: Omit<DeliveryPageOptions, "limit" | "after"> & { pageSize?: number },
): AsyncGenerator<DeliveryRow> {
  const limit = options.pageSize ?? 1000;
  let after: DeliveryKey | undefined;
  for (;;) {
    const page = await deliveryPage(db, campaignId, { ...options, after, limit });
    yield* page;
    if (page.length < limit) return;
    const last = page[page.length - 1]!;
    after = { memberId: last.memberId, channel: last.channel };
  }
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

export interface OpenDeliveryCount {
  campaignId: number;
  state: string;
  channel: string;
  status: string;
  n: number;
}

/**
 * Delivery counts of the campaigns that are not completed or cancelled. Finished campaigns hold
 * almost all delivery rows and never change again, so the scan reaches only the live campaigns'
 * rows, through the campaign_id prefix of delivery's (campaign_id, channel, batch_no, member_id)
 * index; the campaign table itself is small.
 */
export async function openDeliveryCounts(db: Queryable): Promise<OpenDeliveryCount[]> {
  const rows = await db.$queryRawUnsafe<Array<Omit<OpenDeliveryCount, "n"> & { n: bigint }>>(
    `SELECT d.campaign_id AS "campaignId", c.state::text AS state, d.channel, d.status::text AS status, count(*) AS n
       FROM campaign c JOIN delivery d ON d.campaign_id = c.id
      WHERE c.state NOT IN ('completed', 'cancelled')
      GROUP BY 1, 2, 3, 4`,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
