// The hot SQL of delivery, named, each with the reason for its shape. Every statement is
// set-based or by primary key; values are always parameters.
import type { Db } from "../db/client.ts";

type Sql = Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe">;

export interface ClaimedRow {
  id: bigint;
  member_id: number;
  attempts: number;
}

/**
 * Claims the rows of one sub-batch before anything is decided or sent: pending rows, and rows
 * left in `sending` by a worker that died (its claim is older than the lease). Once claimed,
 * no other worker can send them; a row that is not `pending` any more (sent, skipped,
 * cancelled, failed) is never claimed again, which is what makes a re-run batch idempotent.
 * Index: delivery_campaign_id_member_id_channel_key (unique).
 */
export function claimRows(db: Sql, campaignId: number, channel: string, memberIds: number[], leaseMs: number): Promise<ClaimedRow[]> {
  return db.$queryRawUnsafe<ClaimedRow[]>(
    `UPDATE delivery SET status = 'sending', attempts = attempts + 1, claimed_at = now(), updated_at = now()
     WHERE campaign_id = $1 AND channel = $2 AND member_id = ANY($3::int[])
       AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $4::float8 / 1000)))
     RETURNING id, member_id, attempts`,
    campaignId, channel, memberIds, leaseMs,
  );
}

/**
 * Marks claimed rows skipped with their consent reason, in one statement. The claim counted an
 * attempt; nothing was attempted, so it is given back (attempts count sends tried).
 */
export function skipRows(db: Sql, ids: bigint[], reasons: string[]): Promise<number> {
  if (ids.length === 0) return Promise.resolve(0);
  return db.$executeRawUnsafe(
    `UPDATE delivery d SET status = 'skipped', reason = r.reason, attempts = d.attempts - 1, claimed_at = NULL, updated_at = now()
     FROM unnest($1::bigint[], $2::text[]) AS r(id, reason)
     WHERE d.id = r.id AND d.status = 'sending'`,
    ids, reasons,
  );
}

/**
 * Records the messages a provider accepted, in one statement per sub-batch. The time between a
 * provider accepting a message and this write is the only window in which a crash can cause a
 * duplicate (see README, "Exactly once").
 */
export function markSentMany(db: Sql, ids: bigint[], providerIds: string[]): Promise<number> {
  if (ids.length === 0) return Promise.resolve(0);
  return db.$executeRawUnsafe(
    `UPDATE delivery d SET status = 'sent', provider_id = s.provider_id, reason = NULL, sent_at = now(), claimed_at = NULL, updated_at = now()
     FROM unnest($1::bigint[], $2::text[]) AS s(id, provider_id)
     WHERE d.id = s.id AND d.status = 'sending'`,
    ids, providerIds,
  );
}

/**
 * Settles one claimed row that was not sent. Failures, skips and retries are rare, so they are
 * written one row at a time, by primary key.
 */
function settleRow(db: Sql, id: bigint, status: "skipped" | "failed" | "pending", reason: string): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE delivery SET status = $3::"DeliveryStatus", reason = $2, claimed_at = NULL, updated_at = now(),
            failed_at = CASE WHEN $3 = 'failed' THEN now() ELSE failed_at END
     WHERE id = $1 AND status = 'sending'`,
    id, reason, status,
  );
}

/** The provider said the recipient refused (SMS STOP): not a failure of ours, a skip. */
export const markSkipped = (db: Sql, id: bigint, reason: string) => settleRow(db, id, "skipped", reason);

export const markFailed = (db: Sql, id: bigint, reason: string) => settleRow(db, id, "failed", reason);

/** A retryable failure: back to pending for the batch's next attempt; the reason says why it waits. */
export const markRetry = (db: Sql, id: bigint, reason: string) => settleRow(db, id, "pending", reason);

/** Rows of a batch that still need work (pending, or claimed by someone else). */
export async function unfinishedInBatch(db: Sql, campaignId: number, channel: string, memberIds: number[]): Promise<number> {
  const [row] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*) AS n FROM delivery
     WHERE campaign_id = $1 AND channel = $2 AND member_id = ANY($3::int[]) AND status IN ('pending', 'sending')`,
    campaignId, channel, memberIds,
  );
  return Number(row?.n ?? 0);
}

/** When a batch has used all its attempts, what is left fails for good rather than waiting forever. */
export function failUnfinishedInBatch(db: Sql, campaignId: number, channel: string, memberIds: number[], reason: string): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE delivery SET status = 'failed', reason = COALESCE(reason, '') || CASE WHEN reason IS NULL THEN $4 ELSE ' (' || $4 || ')' END,
            failed_at = now(), claimed_at = NULL, updated_at = now()
     WHERE campaign_id = $1 AND channel = $2 AND member_id = ANY($3::int[]) AND status = 'pending'`,
    campaignId, channel, memberIds, reason,
  );
}

/** Cancelling: everything not yet claimed is marked cancelled at once. */
export function cancelPending(db: Sql, campaignId: number, memberIds?: number[]): Promise<number> {
  return memberIds
    ? db.$executeRawUnsafe(
        `UPDATE delivery SET status = 'cancelled', reason = 'campaign_cancelled', updated_at = now()
         WHERE campaign_id = $1 AND member_id = ANY($2::int[]) AND status = 'pending'`,
        campaignId, memberIds,
      )
    : db.$executeRawUnsafe(
        `UPDATE delivery SET status = 'cancelled', reason = 'campaign_cancelled', updated_at = now()
         WHERE campaign_id = $1 AND status = 'pending'`,
        campaignId,
      );
}

/** True when no row of the campaign waits or is in flight. Index: (campaign_id, channel, status). */
export async function campaignHasUnfinished(db: Sql, campaignId: number): Promise<boolean> {
  const [row] = await db.$queryRawUnsafe<Array<{ busy: boolean }>>(
    `SELECT EXISTS (SELECT 1 FROM delivery WHERE campaign_id = $1 AND status IN ('pending', 'sending')) AS busy`,
    campaignId,
  );
  return Boolean(row?.busy);
}
