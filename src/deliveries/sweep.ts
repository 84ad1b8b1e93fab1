// The sweeper's share of the deliveries: an open batch whose job is gone (Redis lost its data,
// the job was removed) or finished (it failed for good, e.g. while the database was down) would
// never be worked on again; it goes back to the queue under the same job id. Rows in `sending`
// whose lease ran out are claimable again by that job. Batches whose job is waiting, delayed
// (quiet hours) or active are left alone.
import { batchJobId, jobLiveness, type Queues } from "../queues/queues.ts";
import { openBatches, readyBatches, type BatchOrder, type BatchRange } from "./batches.ts";
import { enqueueBatches } from "./enqueue.ts";
import type { Sql } from "./sql.ts";

export interface RequeueDeps {
  db: Sql;
  queues: Queues;
  maxAttempts: number;
}

export interface RequeueResult {
  open: number;
  requeued: number;
}

export async function requeueLostBatches(deps: RequeueDeps, campaign: { id: number; createdAt: Date } & BatchOrder): Promise<RequeueResult> {
  const open = await openBatches(deps.db, campaign.id);
  // A batch held back (fallback, collation) has no job yet, and must not get one before its turn.
  const batches = readyBatches(open, campaign);
  const lost: BatchRange[] = [];
  for (const channel of new Set(batches.map((b) => b.channel))) {
    const queue = deps.queues.delivery[channel];
    const ofChannel = batches.filter((b) => b.channel === channel);
    const ids = ofChannel.map((b) => batchJobId(campaign, b));
    const liveness = await jobLiveness(deps.queues.connection, queue, ids);
    for (const [i, batch] of ofChannel.entries()) {
      const state = liveness.get(ids[i]!);
      if (state === "live") continue;
      // A finished job keeps its id until it is removed; remove it so the id can be used again.
      if (state === "finished") await queue.remove(ids[i]!);
      lost.push(batch);
    }
  }
  if (lost.length > 0) await enqueueBatches(deps, campaign, lost);
  return { open: open.length, requeued: lost.length };
}
