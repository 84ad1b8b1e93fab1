// Settling claimed rows that were not sent: skipped (consent said no, or the recipient told the
// provider STOP), failed for good, or back to pending for a later attempt. Every statement is
// fenced by the claim token. Sent rows are recorded by the AcceptanceRecorder (recorder.ts).
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
}

/** Settles any number of rows in one statement, by primary key and claim token. Returns how many moved. */
export function settleRows(db: Sql, rows: readonly Settlement[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return db.$executeRawUnsafe(
    `UPDATE delivery d
     SET status = s.status::"DeliveryStatus", reason = s.reason, attempts = d.attempts - s.give_back::int,
         lease_until = NULL, updated_at = now(),
         failed_at = CASE WHEN s.status = 'failed' THEN now() ELSE d.failed_at END
     FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::bool[]) AS s(id, token, status, reason, give_back)
     WHERE d.id = s.id AND d.claim_token = s.token AND d.status = 'sending'`,
    rows.map((r) => r.id), rows.map((r) => r.token), rows.map((r) => r.status), rows.map((r) => r.reason),
    rows.map((r) => r.giveBackAttempt),
  );
}
