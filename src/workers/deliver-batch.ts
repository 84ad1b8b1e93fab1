// Processes one batch job: walks the batch's member-id range in sub-batches (claim → decide →
// send → record, in send-claimed.ts), then looks at what is left. See README, "Exactly once".
//
// A job leaves the queue when its campaign is paused or cancelled (resume enqueues the open
// batches again), waits as a delayed job through quiet hours and provider throttles (no
// attempt counted), and retries with backoff only when rows of its own failed retryably.
import { DelayedError, type Job } from "bullmq";
import { isQuietTime, nextSendTime } from "../channels/quiet-hours.ts";
import { CHANNEL_TRAITS } from "../channels/registry.ts";
import type { Purpose } from "../consent/purposes.ts";
import type { Sql } from "../db/sql.ts";
import { COLLATE_BATCH_NO, failPendingInBatch, finishBatch, type BatchRange } from "../deliveries/batches.ts";
import { claimNext } from "../deliveries/claims.ts";
import type { BatchJob } from "../queues/queues.ts";
import { LeaseKeeper } from "./lease-keeper.ts";
import { renderClaimedLetters } from "./render-letters.ts";
import { sendClaimed, type CampaignForSend, type JobState, type SendDeps, type Tally } from "./send-claimed.ts";

export interface DeliveryDeps extends SendDeps {
  /** Pauses the campaign (error budget, a provider refusing our sender). Never throws for a campaign that is not sending. */
  pauseCampaign(campaignId: number, reason: string): Promise<void>;
  /** Completes the campaign if none of its batches is open. */
  completeCampaign(campaignId: number): Promise<void>;
  /** A batch closed: enqueue what waited for it (the next channel's batch with fallback, a letter collation). */
  batchClosed(campaign: CampaignForSend, batch: BatchRange): Promise<void>;
  /** Collates the campaign's rendered letters into print batches (the collation batch's work). */
  collateLetters(campaignId: number): Promise<void>;
}

/** Thrown to make BullMQ retry the batch later with backoff (only unfinished rows are redone). */
export class BatchIncompleteError extends Error {
  override name = "BatchIncompleteError";
}

export type BatchResult = Tally & { outcome: "done" | "paused" | "cancelled" };

export async function deliverBatch(deps: DeliveryDeps, job: Job<BatchJob>, token: string | undefined): Promise<BatchResult> {
  const batch: BatchRange = job.data;
  const state: JobState = {
    tally: { sent: 0, skipped: 0, failed: 0 },
    lease: new LeaseKeeper(deps.sql, deps.settings.claimLeaseMs, deps.logger),
    records: [],
  };
  const finish = async (outcome: BatchResult["outcome"]): Promise<BatchResult> => {
    // The tally counts recorded sends; and nothing leaves this job with an acceptance unwritten.
    await Promise.allSettled(state.records);
    return { outcome, ...state.tally };
  };
  try {
    let cursor = batch.firstMemberId - 1;
    let campaign: CampaignForSend | null = null;
    for (;;) {
      // Read per sub-batch, so pausing takes effect within one; cancelling marks every pending
      // row cancelled, so claims come back empty at once.
      campaign = await loadCampaign(deps.sql, batch.campaignId);
      // A completed campaign has an open batch only when a late failure moved members to the
      // next channel (src/deliveries/fallback.ts): that follow-up is sent like the rest.
      if (!campaign || !["sending", "launching", "paused", "completed"].includes(campaign.state)) return await finish("cancelled");
      if (campaign.state === "paused") return await finish("paused");
      if (batch.batchNo === COLLATE_BATCH_NO) {
        await deps.collateLetters(campaign.id);
        break;
      }
      const waitMs = await mustWait(deps, batch);
      if (waitMs > 0) {
        await Promise.allSettled(state.records);
        return await delay(job, token, waitMs);
      }
      const claim = await claimNext(deps.sql, batch, cursor, deps.settings.subBatchSize, deps.settings.claimLeaseMs);
      if (claim.rows.length === 0) break;
      cursor = claim.rows[claim.rows.length - 1]!.memberId;
      state.lease.hold(claim);
      const stop = CHANNEL_TRAITS[batch.channel].mode === "batch"
        ? await renderClaimedLetters(deps, campaign, claim, state)
        : await sendClaimed(deps, campaign, batch.channel, claim, state);
      if (stop?.kind === "sender_refused") {
        await deps.pauseCampaign(campaign.id, `the provider refused our sender (${stop.reason}); no recipient is at fault and nothing was suppressed. Fix the sending setup, then resume`);
        return await finish("paused");
      }
      if (stop?.kind === "throttled") {
        await deps.limiter.block(batch.channel, stop.waitMs);
        deps.logger.warn({ campaignId: campaign.id, channel: batch.channel, code: stop.code, waitMs: stop.waitMs }, "provider throttled the channel");
        await Promise.allSettled(state.records);
        return await delay(job, token, stop.waitMs);
      }
      if (await pausedByBudget(deps, campaign.id)) return await finish("paused");
    }
    await Promise.allSettled(state.records);
    // The loop leaves only after reading the campaign (its channels and mode do not change).
    const read = campaign!;
    return await settleBatch(deps, job, token, batch, () => finish("done"), () => deps.batchClosed(read, batch));
  } finally {
    state.lease.stop();
  }
}

/** After the walk: complete, retry with backoff, or wait for leases held by others. */
async function settleBatch(
  deps: DeliveryDeps, job: Job<BatchJob>, token: string | undefined, batch: BatchRange, done: () => Promise<BatchResult>,
  closed: () => Promise<void>,
): Promise<BatchResult> {
  let progress = await finishBatch(deps.sql, batch);
  if (progress.pending > 0) {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!lastAttempt) throw new BatchIncompleteError(`${progress.pending} deliveries of the batch wait for a retry`);
    await failPendingInBatch(deps.sql, batch, "retries_exhausted");
    progress = await finishBatch(deps.sql, batch);
  }
  if (progress.closed) {
    await closed();
    await deps.completeCampaign(batch.campaignId);
    return done();
  }
  // Rows claimed by another worker (or a dead one, until its lease runs out): look again when
  // the earliest lease ends. A delay, not a retry: no attempt is counted.
  if (progress.leased > 0) return delay(job, token, Math.max(200, (progress.leaseEndsInMs ?? 0) + 100));
  return done();
}

/** Milliseconds the batch must wait before sending: quiet hours, or a provider's throttle. */
async function mustWait(deps: DeliveryDeps, batch: BatchRange): Promise<number> {
  const now = deps.clock.now();
  const quiet = deps.settings.quietHours;
  if (CHANNEL_TRAITS[batch.channel].quietHours && quiet && isQuietTime(now, quiet)) {
    // Deferred, not dropped: the job sleeps until quiet hours end in Europe/Oslo.
    return nextSendTime(now, quiet).getTime() - now.getTime();
  }
  const blocked = await deps.limiter.blockedFor(batch.channel);
  // A short block is waited out by the rate limiter's own slots; a long one should not hold claims.
  return blocked > 1000 ? blocked : 0;
}

async function pausedByBudget(deps: DeliveryDeps, campaignId: number): Promise<boolean> {
  const verdict = deps.budget.exceeded(campaignId);
  if (!verdict) return false;
  const percent = Math.round((100 * verdict.failed) / verdict.total);
  await deps.pauseCampaign(
    campaignId,
    `error budget exceeded: ${verdict.failed} of the last ${verdict.total} sends failed (${percent}%), mostly ${verdict.topReason}`,
  );
  return true;
}

async function delay(job: Job<BatchJob>, token: string | undefined, waitMs: number): Promise<never> {
  // The wait is measured on the injected clock; BullMQ schedules in real time.
  await job.moveToDelayed(Date.now() + Math.max(100, waitMs), token);
  throw new DelayedError();
}

/** Read per sub-batch (by primary key; raw, since it runs a thousand times in a large campaign). */
export async function loadCampaign(db: Sql, id: number): Promise<CampaignForSend | null> {
  const [c] = await db.$queryRawUnsafe<Array<Omit<CampaignForSend, "purpose"> & { purpose: string }>>(
    `SELECT id, name, state::text AS state, purpose, template_version_id AS "templateVersionId", organisation_profile_id AS "organisationProfileId", newsletter_id AS "newsletterId", data,
            created_at AS "createdAt", channels, channel_mode::text AS "channelMode"
     FROM campaign WHERE id = $1`,
    id,
  );
  if (!c) return null;
  return { ...c, purpose: c.purpose as Purpose, data: (c.data ?? {}) as Record<string, unknown> };
}

