// Putting batches on their channel's queue. Job ids are derived from (campaign, channel, batch,
// round), so enqueueing the same batches again adds nothing while their jobs exist; and if a job
// ran twice anyway, the claim makes the second run harmless.
import type { Root } from "../app/root.ts";
import { batchJobId, batchJobOptions, type BatchJob } from "../queues/queues.ts";
import { COLLATE_BATCH_NO, openBatches, readyBatches, type BatchOrder, type BatchRange } from "./batches.ts";
import type { Sql } from "./sql.ts";

export interface EnqueueDeps extends Pick<Root, "queues"> {
  /** MAX_ATTEMPTS: sends per row at most (see batchJobOptions). */
  maxAttempts: number;
}

/** Adds one job per batch, in bulk. Returns the number of jobs given to BullMQ. */
export async function enqueueBatches(deps: EnqueueDeps, campaign: { id: number; createdAt: Date }, batches: readonly BatchRange[]): Promise<number> {
  const options = batchJobOptions(deps.maxAttempts);
  const CHUNK = 1000;
  for (let i = 0; i < batches.length; i += CHUNK) {
    const chunk = batches.slice(i, i + CHUNK);
    const byChannel = new Map<BatchRange["channel"], Array<{ name: string; data: BatchJob; opts: typeof options }>>();
    for (const b of chunk) {
      const data: BatchJob = {
        campaignId: b.campaignId, channel: b.channel, batchNo: b.batchNo, round: b.round,
        firstMemberId: b.firstMemberId, lastMemberId: b.lastMemberId,
      };
      const list = byChannel.get(b.channel) ?? [];
      list.push({ name: "batch", data, opts: { ...options, jobId: batchJobId(campaign, b) } });
      byChannel.set(b.channel, list);
    }
    for (const [channel, jobs] of byChannel) await deps.queues.delivery[channel].addBulk(jobs);
  }
  return batches.length;
}

type CampaignForQueue = { id: number; createdAt: Date } & BatchOrder;

/** Enqueues every open batch of the campaign that may run now (see readyBatches). */
export async function enqueueReady(deps: EnqueueDeps & { db: Sql }, campaign: CampaignForQueue): Promise<number> {
  return enqueueBatches(deps, campaign, readyBatches(await openBatches(deps.db, campaign.id), campaign));
}

/**
 * After a batch closed: enqueues what it was holding back, looking only where that can be (the
 * next channel's batch of the same number, and the collation once it is the only open batch),
 * so a campaign of thousands of batches does not read them all at every close.
 */
export async function enqueueReleased(deps: EnqueueDeps & { db: Sql }, campaign: CampaignForQueue, closed: Pick<BatchRange, "channel" | "batchNo">): Promise<number> {
  const hasCollation = campaign.channels.some((c) => c === "letter");
  if (campaign.channelMode !== "first_available" && !hasCollation) return 0;
  const rows = await deps.db.$queryRawUnsafe<Array<Omit<BatchRange, "campaignId"> & { others: number }>>(
    `SELECT channel, batch_no AS "batchNo", round, first_member_id AS "firstMemberId", last_member_id AS "lastMemberId",
            (SELECT count(*)::int FROM (SELECT 1 FROM delivery_batch o WHERE o.campaign_id = $1 AND o.closed_at IS NULL LIMIT 2) x) AS others
     FROM delivery_batch WHERE campaign_id = $1 AND closed_at IS NULL AND batch_no IN ($2, $3)`,
    campaign.id, closed.batchNo, COLLATE_BATCH_NO,
  );
  const open = rows.map(({ others: _o, ...b }) => ({ campaignId: campaign.id, ...b }));
  const onlyOpen = rows[0]?.others === 1;
  const ready = readyBatches(open, campaign).filter((b) => b.batchNo !== COLLATE_BATCH_NO || onlyOpen);
  return ready.length > 0 ? enqueueBatches(deps, campaign, ready) : 0;
}
