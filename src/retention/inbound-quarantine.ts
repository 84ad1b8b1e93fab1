// Quarantined inbound mail older than INBOUND_QUARANTINE_DAYS (it holds third parties' text).
// `inbound serve` purges it hourly while it runs; the daily retention run makes sure it goes also
// where no inbound receiver runs.
import type { Sql } from "../db/sql.ts";

export async function countQuarantined(sql: Sql, cutoff: Date): Promise<number> {
  const [row] = await sql.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM inbound_quarantine WHERE received_at < $1`, cutoff);
  return row?.n ?? 0;
}

/** Whole messages (up to INBOUND_MAX_BYTES each) per row: chunks are kept smaller than elsewhere. */
const MAX_CHUNK = 500;

/** Deletes in chunks (inbound_quarantine_received_at_idx picks each). */
export async function deleteQuarantined(sql: Sql, cutoff: Date, chunkSize: number): Promise<number> {
  const limit = Math.min(chunkSize, MAX_CHUNK);
  let total = 0;
  for (;;) {
    const n = await sql.$executeRawUnsafe(
      `DELETE FROM inbound_quarantine WHERE id IN (SELECT id FROM inbound_quarantine WHERE received_at < $1 LIMIT $2)`,
      cutoff, limit,
    );
    total += n;
    if (n < limit) return total;
  }
}
