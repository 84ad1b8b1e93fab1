// Claiming rows before anything is decided or sent, and keeping the claim while the messages
// are in flight. A claim is fenced: it carries a fresh token, every settle statement checks it,
// so a worker whose lease expired can neither record nor give back a row another worker has
// claimed since. See README, "Exactly once".
import { randomUUID } from "node:crypto";
import type { BatchRange } from "./batches.ts";
import type { Sql } from "./sql.ts";

export interface ClaimedRow {
  id: bigint;
  memberId: number;
  /** Sends tried, this one included. */
  attempts: number;
}

export interface Claim {
  token: string;
  /** The batch the rows belong to (a member passed over to the next channel stays in this batch number). */
  batchNo: number;
  rows: ClaimedRow[];
}

/** A claimed row and the token that fences it. */
export interface HeldRow {
  id: bigint;
  token: string;
}

/**
 * Claims the next `limit` rows of a batch after member id `after`: pending rows, and rows whose
 * claim lease ran out (their worker died or hung). Rows locked by a concurrent claim are skipped,
 * not waited for. A row that is not pending any more (sent, skipped, failed, cancelled) is never
 * claimed again, which makes a re-run batch idempotent.
 * Shape: equality on (campaign_id, channel, batch_no) and the cursor on member_id, all in
 * delivery_campaign_id_channel_batch_no_member_id_idx, so it touches only the batch's rows whatever
 * the campaign size and whatever the statistics say.
 */
export const CLAIM_SQL = `
  WITH next AS (
    SELECT id FROM delivery
    WHERE campaign_id = $1 AND channel = $2 AND batch_no = $3 AND member_id > $4
      AND (status = 'pending' OR (status = 'sending' AND lease_until < now()))
    ORDER BY member_id
    LIMIT $5
    FOR UPDATE SKIP LOCKED)
  UPDATE delivery d
  SET status = 'sending', attempts = d.attempts + 1, claim_token = $6::uuid,
      lease_until = now() + make_interval(secs => $7::float8 / 1000), updated_at = now()
  FROM next WHERE d.id = next.id
  RETURNING d.id, d.member_id AS "memberId", d.attempts`;

export async function claimNext(db: Sql, batch: BatchRange, after: number, limit: number, leaseMs: number): Promise<Claim> {
  const token = randomUUID();
  const rows = await db.$queryRawUnsafe<ClaimedRow[]>(CLAIM_SQL, batch.campaignId, batch.channel, batch.batchNo, after, limit, token, leaseMs);
  // RETURNING does not keep the CTE's order.
  rows.sort((a, b) => a.memberId - b.memberId);
  return { token, batchNo: batch.batchNo, rows };
}

/**
 * The heartbeat: extends the lease of rows still in flight, so a slow relay does not hand them
 * to a second sender. By primary key; rows settled meanwhile (or re-claimed by someone else
 * after all) are left alone.
 */
export const RENEW_SQL = `
  UPDATE delivery d SET lease_until = now() + make_interval(secs => $3::float8 / 1000)
  FROM unnest($1::bigint[], $2::uuid[]) AS h(id, token)
  WHERE d.id = h.id AND d.claim_token = h.token AND d.status = 'sending'`;

export function renewLeases(db: Sql, held: readonly HeldRow[], leaseMs: number): Promise<number> {
  if (held.length === 0) return Promise.resolve(0);
  return db.$executeRawUnsafe(RENEW_SQL, held.map((h) => h.id), held.map((h) => h.token), leaseMs);
}
