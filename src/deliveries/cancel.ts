// Cancelling: every row not yet claimed is cancelled at once, and every letter rendered but not
// yet in a print batch (it will never be printed); rows in flight settle as usual.
// Both by the campaign's prefix of the unique (campaign_id, member_id, channel) index.
import type { Sql } from "./sql.ts";

export async function cancelPendingDeliveries(db: Sql, campaignId: number): Promise<number> {
  const cancelled = await db.$executeRawUnsafe(
    `UPDATE delivery SET status = 'cancelled', reason = 'campaign_cancelled', lease_until = NULL, updated_at = now()
     WHERE campaign_id = $1 AND status IN ('pending', 'rendered')`,
    campaignId,
  );
  // Nothing of a cancelled campaign waits for a job any more.
  await db.$executeRawUnsafe(`UPDATE delivery_batch SET closed_at = now() WHERE campaign_id = $1 AND closed_at IS NULL`, campaignId);
  return cancelled;
}
