// Putting batches on their channel's queue. Job ids are derived from (campaign, channel, batch,
// round), so enqueueing the same batches again adds nothing while their jobs exist; and if a job
// ran twice anyway, the claim makes the second run harmless.
import type { Root } from "../app/root.ts";
import { batchJobId, batchJobOptions, type BatchJob } from "../queues/queues.ts";
import type { BatchRange } from "./batches.ts";

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
