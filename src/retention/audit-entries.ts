// Audit entries older than RETENTION_AUDIT_DAYS. audit_log is append-only: its trigger lets a
// DELETE through only for entries older than the cutoff that the deleting transaction itself
// declares (budstikke.audit_retention_cutoff, transaction-local), so nothing else in the product
// can remove an entry by mistake, and this code cannot remove a newer one.
import type { Db } from "../db/client.ts";

export const AUDIT_CUTOFF_SETTING = "budstikke.audit_retention_cutoff";

export async function countAuditEntries(db: Pick<Db, "$queryRawUnsafe">, cutoff: Date): Promise<number> {
  const [row] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM audit_log WHERE at < $1`, cutoff);
  return row?.n ?? 0;
}

/** Deletes in chunks, each in its own transaction (audit_log_at_idx picks the chunk). */
export async function deleteAuditEntries(db: Pick<Db, "$transaction">, cutoff: Date, chunkSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`SELECT set_config('${AUDIT_CUTOFF_SETTING}', $1, true)`, cutoff.toISOString());
      return tx.$executeRawUnsafe(`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 LIMIT $2)`, cutoff, chunkSize);
    });
    total += n;
    if (n < chunkSize) return total;
  }
}
