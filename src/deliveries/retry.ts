// retry-failed: the failed rows go back to pending with fresh attempts (except, with channel
// fallback, those whose member moved on to the next channel), and the batches they
// belong to are reopened under a new round (new job ids). One statement, run by the caller inside
// the transaction that also changes the campaign's state.
import type { BatchRange } from "./batches.ts";
import type { Sql } from "./sql.ts";

export interface ResetResult {
  reset: number;
  batches: BatchRange[];
}

const RESET_SQL = `
  WITH reset AS (
    UPDATE delivery SET status = 'pending', attempts = 0, reason = NULL, failed_at = NULL, lease_until = NULL, updated_at = now()
    WHERE campaign_id = $1 AND status = 'failed'
      -- With channel fallback, a member already moved on to the next channel keeps that one:
      -- retrying the failed channel too would reach them twice.
      AND NOT EXISTS (
        SELECT 1 FROM delivery n JOIN campaign c ON c.id = n.campaign_id AND c.channel_mode = 'first_available'
        WHERE n.campaign_id = $1 AND n.member_id = delivery.member_id AND n.channel <> delivery.channel)
    RETURNING channel, batch_no),
  touched AS (SELECT DISTINCT channel, batch_no FROM reset),
  reopened AS (
    UPDATE delivery_batch b SET closed_at = NULL, round = $2
    FROM touched t WHERE b.campaign_id = $1 AND b.channel = t.channel AND b.batch_no = t.batch_no
    RETURNING b.channel, b.batch_no AS "batchNo", b.round, b.first_member_id AS "firstMemberId", b.last_member_id AS "lastMemberId")
  SELECT (SELECT count(*) FROM reset)::int AS reset, COALESCE((SELECT json_agg(reopened) FROM reopened), '[]'::json) AS batches`;

export async function resetFailedDeliveries(tx: Sql, campaignId: number, round: number): Promise<ResetResult> {
  const [row] = await tx.$queryRawUnsafe<Array<{ reset: number; batches: Array<Omit<BatchRange, "campaignId">> }>>(RESET_SQL, campaignId, round);
  const batches = (row?.batches ?? []).map((b) => ({ campaignId, ...b })).sort((a, b) => a.channel.localeCompare(b.channel) || a.batchNo - b.batchNo);
  return { reset: row?.reset ?? 0, batches };
}
