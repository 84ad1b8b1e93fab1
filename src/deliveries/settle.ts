// Settling claimed rows that were not sent: skipped (consent said no, or the recipient told the
// provider STOP), failed for good, or back to pending for a later attempt. Every statement is
// fenced by the claim token. Sent rows are recorded by the AcceptanceRecorder (recorder.ts).
import type { ChannelName } from "../channels/names.ts";
import type { HeldRow } from "./claims.ts";
import type { Sql } from "./sql.ts";

export interface Settlement extends HeldRow {
  status: "skipped" | "failed" | "pending";
  reason: string;
  /**
   * The claim counted an attempt; give it back when nothing was attempted at the provider's
   * expense of the row (a consent skip, a throttled or refused sender), so attempts count sends
   * that could have reached the recipient.
   */
  giveBackAttempt: boolean;
  /** Channel fallback: the member is passed over to the next channel (see `PassOver`). */
  passOver?: boolean;
}

/**
 * Channel fallback (channelMode first-available): rows settled with `passOver` get a pending row
 * on the next channel, in the same batch number, in the same statement, so a crash can never
 * leave a member passed over without the next channel's row.
 */
export interface PassOver {
  campaignId: number;
  channel: ChannelName;
  batchNo: number;
}

/** Settles any number of rows in one statement, by primary key and claim token. Returns how many moved. */
export async function settleRows(db: Sql, rows: readonly Settlement[], passOver?: PassOver | null): Promise<number> {
  if (rows.length === 0) return 0;
  const params = [
    rows.map((r) => r.id), rows.map((r) => r.token), rows.map((r) => r.status), rows.map((r) => r.reason),
    rows.map((r) => r.giveBackAttempt), rows.map((r) => Boolean(passOver && r.passOver)),
  ];
  const settle = `
    UPDATE delivery d
    SET status = s.status::"DeliveryStatus", reason = s.reason, attempts = d.attempts - s.give_back::int,
        lease_until = NULL, updated_at = now(),
        failed_at = CASE WHEN s.status = 'failed' THEN now() ELSE d.failed_at END
    FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::bool[], $6::bool[]) AS s(id, token, status, reason, give_back, pass_over)
    WHERE d.id = s.id AND d.claim_token = s.token AND d.status = 'sending'
    RETURNING d.member_id, s.pass_over`;
  if (!passOver || !rows.some((r) => r.passOver)) return db.$executeRawUnsafe(settle, ...params);
  const [row] = await db.$queryRawUnsafe<Array<{ settled: number }>>(
    `WITH settled AS (${settle}),
     next AS (
       INSERT INTO delivery (campaign_id, member_id, channel, status, batch_no)
       SELECT $7, member_id, $8, 'pending', $9 FROM settled WHERE pass_over
       ON CONFLICT (campaign_id, member_id, channel) DO NOTHING)
     SELECT count(*)::int AS settled FROM settled`,
    ...params, passOver.campaignId, passOver.channel, passOver.batchNo,
  );
  return row?.settled ?? 0;
}
