// Creating a campaign's deliveries at launch: one pending row per recipient and channel, and the
// batches that queue them. Each channel's rows and batches are written in one transaction by
// set-based INSERT … SELECT from the snapshot, so a launch that crashed half-way is simply run
// again (ON CONFLICT DO NOTHING) and finds its rows and batches consistent.
import type { ChannelName } from "../channels/names.ts";
import { CHANNEL_TRAITS } from "../channels/registry.ts";
import type { Db } from "../db/client.ts";
import { COLLATE_BATCH_NO } from "./batches.ts";

export interface CreateDeliveriesInput {
  campaignId: number;
  snapshotId: number;
  channels: readonly ChannelName[];
  /**
   * `first_available`: rows only for the first channel; every channel gets its batches (the
   * same member-id ranges), and a member passed over gets the next channel's row when it is.
   */
  channelMode?: "all" | "first_available";
  /** Rows per batch job (DELIVERY_BATCH_SIZE). */
  batchSize: number;
}

// row_number over the snapshot's member ids numbers the batches: batch b is the (b+1)th run of
// batchSize member ids, the same in both statements, so a row's batch_no names its batch.
const INSERT_DELIVERIES = `
  INSERT INTO delivery (campaign_id, member_id, channel, status, batch_no)
  SELECT $1, member_id, $2, 'pending', ((row_number() OVER (ORDER BY member_id) - 1) / $4)::int
  FROM segment_snapshot_recipient WHERE snapshot_id = $3
  ORDER BY member_id
  ON CONFLICT (campaign_id, member_id, channel) DO NOTHING`;

const INSERT_BATCHES = `
  INSERT INTO delivery_batch (campaign_id, channel, batch_no, first_member_id, last_member_id, size)
  SELECT $1, $2, b, min(member_id), max(member_id), count(*)::int
  FROM (SELECT member_id, ((row_number() OVER (ORDER BY member_id) - 1) / $4)::int AS b
        FROM segment_snapshot_recipient WHERE snapshot_id = $3) numbered
  GROUP BY b
  ON CONFLICT (campaign_id, channel, batch_no) DO NOTHING`;

// A batch channel's collation (see COLLATE_BATCH_NO): no rows, no member range.
const INSERT_COLLATION = `
  INSERT INTO delivery_batch (campaign_id, channel, batch_no, first_member_id, last_member_id, size)
  VALUES ($1, $2, $3, 0, 0, 0)
  ON CONFLICT (campaign_id, channel, batch_no) DO NOTHING`;

export async function createDeliveries(db: Db, input: CreateDeliveriesInput): Promise<{ deliveries: number; batches: number }> {
  let deliveries = 0;
  let batches = 0;
  for (const [i, channel] of input.channels.entries()) {
    await db.$transaction(
      async (tx) => {
        if (input.channelMode !== "first_available" || i === 0) {
          deliveries += await tx.$executeRawUnsafe(INSERT_DELIVERIES, input.campaignId, channel, input.snapshotId, input.batchSize);
        }
        batches += await tx.$executeRawUnsafe(INSERT_BATCHES, input.campaignId, channel, input.snapshotId, input.batchSize);
        if (CHANNEL_TRAITS[channel].mode === "batch") batches += await tx.$executeRawUnsafe(INSERT_COLLATION, input.campaignId, channel, COLLATE_BATCH_NO);
      },
      // A million rows take seconds; the default 5 s interactive-transaction timeout is for web requests.
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
  }
  // The table has just grown by a whole campaign. Plans of the per-batch statements do not
  // depend on statistics (they go through the unique index), but everything else reads better
  // with fresh ones, and autovacuum may be off or lagging.
  if (deliveries > 0) await db.$executeRawUnsafe(`ANALYZE delivery, delivery_batch`);
  return { deliveries, batches };
}
