// Batches: the unit of queueing and of completion. A batch is the deliveries of a contiguous
// member-id range of one campaign and channel; it is open until all its rows are finished, and a
// campaign is complete when none of its batches is open. Each batch knows the round of the job
// responsible for it, so its job id can be derived (queues.batchJobId) and checked by the sweeper.
import type { ChannelName } from "../channels/names.ts";
import type { BatchJob } from "../queues/queues.ts";
import { UNFINISHED, type Sql } from "./sql.ts";

/** One delivery_batch: a contiguous member-id range of one campaign and channel; its job's payload is exactly this. */
export type BatchRange = BatchJob;

/**
 * The batch number of a letter campaign's collation: a delivery_batch with no rows of its own,
 * open until the campaign's letters are collated into print batches. Being a batch, it holds the
 * campaign open, is re-enqueued by the sweeper if its job is lost, and needs no machinery of its own.
 */
export const COLLATE_BATCH_NO = -1;

/** What decides whether an open batch may be worked on now. */
export interface BatchOrder {
  channels: readonly string[];
  channelMode: "all" | "first_available";
}

/**
 * The open batches that may be enqueued now. A collation waits until it is the campaign's only
 * open batch (every letter rendered, and with fallback, every earlier channel settled). With
 * channel fallback, a batch waits until the same batch number of every earlier channel is
 * closed: only then is it known who was passed over to it.
 */
export function readyBatches<B extends Pick<BatchRange, "channel" | "batchNo">>(open: readonly B[], order: BatchOrder): B[] {
  const rank = (channel: string) => order.channels.indexOf(channel);
  return open.filter((b) => {
    if (b.batchNo === COLLATE_BATCH_NO) return open.every((o) => o === b);
    if (order.channelMode !== "first_available") return true;
    return !open.some((o) => o.batchNo === b.batchNo && rank(o.channel) < rank(b.channel));
  });
}

export interface BatchProgress {
  /** Rows waiting for a later attempt. */
  pending: number;
  /** Rows claimed by a live claim (this or another worker); they settle themselves. */
  leased: number;
  /** Milliseconds until the earliest of those leases runs out (null when none is leased). */
  leaseEndsInMs: number | null;
  /** True when the batch had nothing unfinished and this call closed it. */
  closed: boolean;
}

/**
 * Counts what is left of a batch and closes it when nothing is, in one statement. The close is
 * guarded by the round: a job from an earlier round cannot close a batch that retry-failed has
 * reopened meanwhile (its UPDATE re-checks the round after waiting for the reopening's lock).
 * Shape: equality on (campaign_id, channel, batch_no) of delivery_campaign_id_channel_batch_no_member_id_idx,
 * plus the batch's primary key.
 */
export const FINISH_SQL = `
  WITH left_over AS (
    SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'sending')::int AS leased,
           min(lease_until) FILTER (WHERE status = 'sending') AS lease_ends
    FROM delivery
    WHERE campaign_id = $1 AND channel = $2 AND batch_no = $3 AND status IN ${UNFINISHED}),
  closed AS (
    UPDATE delivery_batch SET closed_at = now()
    WHERE campaign_id = $1 AND channel = $2 AND batch_no = $3 AND round = $4 AND closed_at IS NULL
      AND (SELECT pending + leased FROM left_over) = 0
    RETURNING 1)
  SELECT pending, leased,
         CASE WHEN lease_ends IS NULL THEN NULL ELSE greatest(0, extract(epoch FROM lease_ends - now()) * 1000)::float8 END AS "leaseEndsInMs",
         EXISTS (SELECT 1 FROM closed) AS closed
  FROM left_over`;

export async function finishBatch(db: Sql, batch: BatchRange): Promise<BatchProgress> {
  const [row] = await db.$queryRawUnsafe<BatchProgress[]>(FINISH_SQL, batch.campaignId, batch.channel, batch.batchNo, batch.round);
  return row ?? { pending: 0, leased: 0, leaseEndsInMs: null, closed: false };
}

/** After a batch's last attempt, what still waits fails for good instead of waiting forever. Same index as above. */
export function failPendingInBatch(db: Sql, batch: BatchRange, reason: string): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE delivery SET status = 'failed', reason = CASE WHEN reason IS NULL THEN $4 ELSE reason || ' (' || $4 || ')' END,
            failed_at = now(), lease_until = NULL, updated_at = now()
     WHERE campaign_id = $1 AND channel = $2 AND batch_no = $3 AND status = 'pending'`,
    batch.campaignId, batch.channel, batch.batchNo, reason,
  );
}

interface BatchRow {
  channel: ChannelName;
  batchNo: number;
  round: number;
  firstMemberId: number;
  lastMemberId: number;
}

const BATCH_COLUMNS = `channel, batch_no AS "batchNo", round, first_member_id AS "firstMemberId", last_member_id AS "lastMemberId"`;

/** The campaign's open batches (partial index delivery_batch_open_idx). */
export async function openBatches(db: Sql, campaignId: number): Promise<BatchRange[]> {
  const rows = await db.$queryRawUnsafe<BatchRow[]>(
    `SELECT ${BATCH_COLUMNS} FROM delivery_batch WHERE campaign_id = $1 AND closed_at IS NULL ORDER BY channel, batch_no`,
    campaignId,
  );
  return rows.map((r) => ({ campaignId, ...r }));
}

/** True while any batch of the campaign is open (partial index delivery_batch_open_idx). */
export async function hasOpenBatches(db: Sql, campaignId: number): Promise<boolean> {
  const [row] = await db.$queryRawUnsafe<Array<{ open: boolean }>>(
    `SELECT EXISTS (SELECT 1 FROM delivery_batch WHERE campaign_id = $1 AND closed_at IS NULL) AS open`,
    campaignId,
  );
  return Boolean(row?.open);
}

/** Hands every open batch of the campaign to a new round (resume): they are enqueued again under new job ids. */
export async function startRound(db: Sql, campaignId: number, round: number): Promise<BatchRange[]> {
  const rows = await db.$queryRawUnsafe<BatchRow[]>(
    `UPDATE delivery_batch SET round = $2 WHERE campaign_id = $1 AND closed_at IS NULL RETURNING ${BATCH_COLUMNS}`,
    campaignId, round,
  );
  return rows.map((r) => ({ campaignId, ...r })).sort((a, b) => a.channel.localeCompare(b.channel) || a.batchNo - b.batchNo);
}
