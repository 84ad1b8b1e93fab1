// Channel fallback after a failure (channelMode first-available): a message that failed for good
// after it left (a hard bounce, a number the provider calls invalid) within
// FALLBACK_AFTER_FAILURE_HOURS of being sent moves the member to the next channel. The next
// channel's row is added, its batch reopened under a new round (and a letter campaign's
// collation with it), all in the caller's transaction; the sweeper enqueues the reopened batches,
// also of a campaign that completed meanwhile. Failures at send time are passed over by the worker
// itself (settleRows with passOver), so this only handles verdicts that arrive later.
import { COLLATE_BATCH_NO } from "./batches.ts";
import type { Sql } from "./sql.ts";

const FALL_BACK_SQL = `
  WITH failed AS (
    SELECT d.campaign_id, d.member_id, d.batch_no,
           c.channels[array_position(c.channels, d.channel) + 1] AS next_channel
    FROM delivery d JOIN campaign c ON c.id = d.campaign_id
    WHERE d.id = $1 AND c.channel_mode = 'first_available' AND c.state IN ('sending', 'paused', 'completed')
      AND d.status IN ('bounced', 'failed') AND d.sent_at IS NOT NULL
      AND d.sent_at > $2::timestamptz - make_interval(hours => $3)),
  added AS (
    INSERT INTO delivery (campaign_id, member_id, channel, status, batch_no)
    SELECT campaign_id, member_id, next_channel, 'pending', batch_no FROM failed WHERE next_channel IS NOT NULL
    ON CONFLICT (campaign_id, member_id, channel) DO NOTHING
    RETURNING campaign_id, channel, batch_no),
  round AS (
    UPDATE campaign c SET round = c.round + 1 FROM added WHERE c.id = added.campaign_id RETURNING c.round)
  UPDATE delivery_batch b SET closed_at = NULL, round = (SELECT round FROM round)
  FROM added
  WHERE b.campaign_id = added.campaign_id AND b.channel = added.channel AND b.batch_no IN (added.batch_no, $4)
  RETURNING b.channel, b.batch_no`;

/** Returns the next channel the member was moved to, or null when there is none (or it does not apply). */
export async function fallBackAfterFailure(tx: Sql, deliveryId: bigint, at: Date, windowHours: number): Promise<string | null> {
  const rows = await tx.$queryRawUnsafe<Array<{ channel: string; batch_no: number }>>(FALL_BACK_SQL, deliveryId, at, windowHours, COLLATE_BATCH_NO);
  return rows.find((r) => r.batch_no !== COLLATE_BATCH_NO)?.channel ?? null;
}
