// Reducing old campaigns to their counts (RETENTION_DELIVERIES_DAYS). A campaign that ended
// (completed, or cancelled) before the cutoff is first *marked*: one statement sets
// campaign.deliveries_reduced_at and writes its deliveries' counts by channel, status and reason
// into delivery_aggregate, so from that commit on every reader takes the counts from there. Its
// per-member rows (deliveries with their status reports, provider events, letter pieces, batches)
// are then deleted in chunks, each chunk its own short transaction. A run that stops anywhere
// (a crash, a deploy) leaves a marked campaign with rows left, which the next run finishes;
// nothing is ever counted twice or lost from the counts.
import type { Sql } from "../db/sql.ts";
import { removeLetterFile } from "../letters/files.ts";

export interface CampaignRetentionCounts {
  /** Campaigns reduced to counts by this run (not those finished after an interrupted run). */
  campaigns: number;
  deliveries: number;
  deliveryReports: number;
  /** Provider events that named one of these campaigns (summed into provider_event_aggregate by kind). */
  providerEvents: number;
  letterPieces: number;
  deliveryBatches: number;
}

export const emptyCampaignCounts = (): CampaignRetentionCounts => ({
  campaigns: 0, deliveries: 0, deliveryReports: 0, providerEvents: 0, letterPieces: 0, deliveryBatches: 0,
});

// Campaigns with work to do: ended before the cutoff and not marked yet, or marked with rows
// left by an interrupted run. The campaign table is small; each EXISTS is one probe of the
// campaign_id prefix of an index (delivery's unique key, provider_event_campaign_idx,
// letter_piece's and delivery_batch's keys).
const DUE_CAMPAIGNS = `
  SELECT c.id, c.deliveries_reduced_at IS NOT NULL AS reduced FROM campaign c
  WHERE (c.deliveries_reduced_at IS NULL AND c.state IN ('completed', 'cancelled') AND coalesce(c.completed_at, c.updated_at) < $1)
     OR (c.deliveries_reduced_at IS NOT NULL AND (
           EXISTS (SELECT 1 FROM delivery d WHERE d.campaign_id = c.id)
        OR EXISTS (SELECT 1 FROM provider_event p WHERE p.campaign_id = c.id)
        OR EXISTS (SELECT 1 FROM letter_piece l WHERE l.campaign_id = c.id)
        OR EXISTS (SELECT 1 FROM delivery_batch b WHERE b.campaign_id = c.id)))`;

export interface DueCampaign {
  id: number;
  /** Marked by an earlier run that did not finish deleting. */
  reduced: boolean;
}

export function dueCampaigns(sql: Sql, cutoff: Date): Promise<DueCampaign[]> {
  return sql.$queryRawUnsafe<DueCampaign[]>(`${DUE_CAMPAIGNS} ORDER BY c.id`, cutoff);
}

/** What a run at this cutoff would reduce and delete: the same sets `reduceCampaign` works through. */
export async function countCampaignRows(sql: Sql, cutoff: Date): Promise<CampaignRetentionCounts> {
  const [row] = await sql.$queryRawUnsafe<CampaignRetentionCounts[]>(
    `WITH due AS (${DUE_CAMPAIGNS})
     SELECT (SELECT count(*) FROM due WHERE NOT reduced)::int AS campaigns,
            (SELECT count(*) FROM delivery d WHERE d.campaign_id IN (SELECT id FROM due))::int AS deliveries,
            (SELECT count(*) FROM delivery_report r JOIN delivery d ON d.id = r.delivery_id
              WHERE d.campaign_id IN (SELECT id FROM due))::int AS "deliveryReports",
            (SELECT count(*) FROM provider_event p WHERE p.campaign_id IN (SELECT id FROM due))::int AS "providerEvents",
            (SELECT count(*) FROM letter_piece l WHERE l.campaign_id IN (SELECT id FROM due))::int AS "letterPieces",
            (SELECT count(*) FROM delivery_batch b WHERE b.campaign_id IN (SELECT id FROM due))::int AS "deliveryBatches"`,
    cutoff,
  );
  return row ?? emptyCampaignCounts();
}

// Marks the campaign and writes its counts in one statement, so readers switch from the rows to
// the aggregate at one commit. The guard re-checks the cutoff and the marker under the row lock:
// of two runs at once, one marks and the other finds nothing to do.
const MARK_AND_AGGREGATE = `
  WITH marked AS (
    UPDATE campaign SET deliveries_reduced_at = $3
    WHERE id = $1 AND deliveries_reduced_at IS NULL AND state IN ('completed', 'cancelled') AND coalesce(completed_at, updated_at) < $2
    RETURNING id),
  counted AS (
    INSERT INTO delivery_aggregate (campaign_id, channel, status, reason, count)
    SELECT d.campaign_id, d.channel, d.status, d.reason, count(*)::int FROM delivery d JOIN marked ON marked.id = d.campaign_id
    GROUP BY d.campaign_id, d.channel, d.status, d.reason
    RETURNING 1)
  SELECT (SELECT count(*) FROM marked)::int AS n`;

// A chunk of deliveries and their status reports (delivery_report_delivery_id_idx), picked
// through the campaign_id prefix of the unique index.
const DELETE_DELIVERY_CHUNK = `
  WITH doomed AS (SELECT id FROM delivery WHERE campaign_id = $1 LIMIT $2),
  reports AS (DELETE FROM delivery_report r USING doomed WHERE r.delivery_id = doomed.id RETURNING 1),
  gone AS (DELETE FROM delivery d USING doomed WHERE d.id = doomed.id RETURNING 1)
  SELECT (SELECT count(*) FROM gone)::int AS deliveries, (SELECT count(*) FROM reports)::int AS reports`;

/**
 * A chunk of provider events, summed by channel and kind into provider_event_aggregate in the
 * same statement: the aggregate always holds exactly the events that are gone, wherever a run
 * stops. `$1` is the campaign (null: events that named none), `$2` the chunk size, `$3` the run's
 * instant; `where` picks the events (provider_event_campaign_idx serves both: its leading
 * campaign_id, null included).
 */
const DELETE_PROVIDER_EVENT_CHUNK = (where: string) => `
  WITH gone AS (
    DELETE FROM provider_event WHERE id IN (SELECT id FROM provider_event WHERE ${where} LIMIT $2)
    RETURNING channel, kind, at),
  summed AS (
    INSERT INTO provider_event_aggregate (campaign_id, channel, kind, count, first_at, last_at, reduced_at)
    SELECT $1::int, channel, kind, count(*)::int, min(at), max(at), $3 FROM gone GROUP BY channel, kind
    RETURNING count)
  SELECT coalesce(sum(count), 0)::int AS n FROM summed`;

const deleteCampaignProviderEventChunk = (sql: Sql, campaignId: number, chunkSize: number, now: Date) =>
  scalar(sql, DELETE_PROVIDER_EVENT_CHUNK("campaign_id = $1"), campaignId, chunkSize, now);

/** Provider events that named no campaign (an unmatched STOP, a manual suppression), older than the cutoff. */
export const deleteOrphanProviderEventChunk = (sql: Sql, cutoff: Date, chunkSize: number, now: Date) =>
  scalar(sql, DELETE_PROVIDER_EVENT_CHUNK("campaign_id IS NULL AND at < $4"), null, chunkSize, now, cutoff);

export async function countOrphanProviderEvents(sql: Sql, cutoff: Date): Promise<number> {
  return scalar(sql, `SELECT count(*)::int AS n FROM provider_event WHERE campaign_id IS NULL AND at < $1`, cutoff);
}

async function scalar(sql: Sql, query: string, ...params: unknown[]): Promise<number> {
  const [row] = await sql.$queryRawUnsafe<Array<{ n: number }>>(query, ...params);
  return row?.n ?? 0;
}

export interface ReduceOptions {
  chunkSize: number;
  letterDir: string;
  /** Told about a letter file that could not be removed (ids only). */
  onFileProblem?: (problem: { campaignId: number; error: string }) => void;
}

/**
 * Reduces one due campaign: marks it (unless an earlier run did), then deletes its per-member
 * rows chunk by chunk. Adds what it did to `counts`.
 */
export async function reduceCampaign(
  sql: Sql, campaign: DueCampaign, cutoff: Date, now: Date, options: ReduceOptions, counts: CampaignRetentionCounts,
): Promise<void> {
  if (!campaign.reduced) {
    const marked = await scalar(sql, MARK_AND_AGGREGATE, campaign.id, cutoff, now);
    // Another run marked it a moment ago (it finishes the rows), or it no longer qualifies.
    if (marked === 0) return;
    counts.campaigns += 1;
  }
  for (;;) {
    const [row] = await sql.$queryRawUnsafe<Array<{ deliveries: number; reports: number }>>(DELETE_DELIVERY_CHUNK, campaign.id, options.chunkSize);
    counts.deliveries += row?.deliveries ?? 0;
    counts.deliveryReports += row?.reports ?? 0;
    if ((row?.deliveries ?? 0) < options.chunkSize) break;
  }
  for (;;) {
    const n = await deleteCampaignProviderEventChunk(sql, campaign.id, options.chunkSize, now);
    counts.providerEvents += n;
    if (n < options.chunkSize) break;
  }
  for (;;) {
    const n = await deleteLetterPieceChunk(sql, campaign.id, options);
    counts.letterPieces += n;
    if (n < options.chunkSize) break;
  }
  for (;;) {
    const n = await sql.$executeRawUnsafe(
      `DELETE FROM delivery_batch WHERE (campaign_id, channel, batch_no) IN
         (SELECT campaign_id, channel, batch_no FROM delivery_batch WHERE campaign_id = $1 LIMIT $2)`,
      campaign.id, options.chunkSize,
    );
    counts.deliveryBatches += n;
    if (n < options.chunkSize) break;
  }
}

/**
 * A chunk of letter pieces. A piece's own PDF is normally gone once its print batch is written;
 * one still on disk is removed first (a file already missing is fine), then the rows.
 */
async function deleteLetterPieceChunk(sql: Sql, campaignId: number, options: ReduceOptions): Promise<number> {
  const pieces = await sql.$queryRawUnsafe<Array<{ delivery_id: bigint; file: string | null }>>(
    `SELECT delivery_id, file FROM letter_piece WHERE campaign_id = $1 ORDER BY delivery_id LIMIT $2`,
    campaignId, options.chunkSize,
  );
  if (pieces.length === 0) return 0;
  for (const piece of pieces) {
    if (piece.file === null) continue;
    await removeLetterFile(options.letterDir, piece.file).catch((error: unknown) => options.onFileProblem?.({ campaignId, error: (error as Error).message }));
  }
  return sql.$executeRawUnsafe(`DELETE FROM letter_piece WHERE delivery_id = ANY($1::bigint[])`, pieces.map((p) => p.delivery_id));
}
