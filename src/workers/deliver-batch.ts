// Processes one batch job: for each sub-batch, claim → decide consent now → render → send →
// record each outcome the moment the provider answers. See README "Exactly once".
import { DelayedError, type Job } from "bullmq";
import { isQuietTime, nextSendTime } from "../channels/quiet-hours.ts";
import type { Channels } from "../channels/factory.ts";
import type { SendOutcome } from "../channels/types.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { decideBatch } from "../consent/decide.ts";
import type { Pseudonyms } from "../consent/pseudonyms.ts";
import type { Purpose } from "../consent/purposes.ts";
import { suppressAddress } from "../consent/suppressions.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { BatchJob, SendChannel } from "../queues/queues.ts";
import type { CompiledTemplate } from "../templates/compiled.ts";
import { loadRenderContexts } from "../templates/load-contexts.ts";
import { loadCompiledTemplate } from "../templates/store.ts";
import { composeEmail, composeSms } from "./compose.ts";
import {
  claimRows, failUnfinishedInBatch, markFailed, markRetry, markSentMany, markSkipped, skipRows, unfinishedInBatch, type ClaimedRow,
} from "./delivery-rows.ts";
import type { ErrorBudget } from "./error-budget.ts";
import type { Pacer } from "./pacer.ts";
import type { PipelineSettings } from "./settings.ts";

export interface DeliveryDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  channels: Pick<Channels, "email" | "sms">;
  pseudonyms: Pseudonyms;
  budget: ErrorBudget;
  pacers: Record<SendChannel, Pacer>;
  settings: PipelineSettings;
  /** Backs the whole queue off after a provider 429 (BullMQ worker.rateLimit). */
  rateLimitQueue(channel: SendChannel, ms: number): Promise<void>;
  /** Called when the error budget is exceeded. */
  pauseCampaign(campaignId: number, reason: string): Promise<void>;
}

/** Thrown to make BullMQ retry the batch later with backoff (only unfinished rows are redone). */
export class BatchIncompleteError extends Error {
  override name = "BatchIncompleteError";
}

/** Thrown after a provider 429: the job goes back to the queue, which is rate-limited. */
export class ProviderRateLimitedError extends Error {
  override name = "ProviderRateLimitedError";
  constructor(readonly waitMs: number) {
    super(`provider rate limit: waiting ${waitMs} ms`);
  }
}

interface CampaignForSend {
  id: number;
  name: string;
  state: string;
  purpose: Purpose;
  templateVersionId: number;
  newsletterId: number | null;
  data: Record<string, unknown>;
}

/** Messages the provider accepted in this sub-batch, recorded together. */
interface SentBatch {
  ids: bigint[];
  providerIds: string[];
}

export type BatchResult = { outcome: "done" | "cancelled"; sent: number; skipped: number; failed: number };

export async function deliverBatch(deps: DeliveryDeps, job: Job<BatchJob>, token: string | undefined): Promise<BatchResult> {
  const { campaignId, channel, memberIds } = job.data;
  const result: BatchResult = { outcome: "done", sent: 0, skipped: 0, failed: 0 };
  let rateLimitedMs = 0;

  for (let i = 0; i < memberIds.length; i += deps.settings.subBatchSize) {
    // The state is read per sub-batch, so pausing (error budget, staff) takes effect within
    // one sub-batch; cancelling marks all pending rows cancelled, so their claims fail at once.
    const campaign = await loadCampaign(deps.db, campaignId);
    if (!campaign || campaign.state === "cancelled" || campaign.state === "completed") {
      return { ...result, outcome: "cancelled" };
    }
    // `launching` still enqueues later batches; this one's rows exist, so it may go ahead.
    if (campaign.state === "paused" || campaign.state === "draft" || campaign.state === "scheduled") {
      await delay(job, token, deps.clock.now().getTime() + deps.settings.pausedRecheckMs, deps.clock);
    }
    if (channel === "sms" && deps.settings.quietHours && isQuietTime(deps.clock.now(), deps.settings.quietHours)) {
      // Deferred, not dropped: the job sleeps until quiet hours end in Europe/Oslo.
      await delay(job, token, nextSendTime(deps.clock.now(), deps.settings.quietHours).getTime(), deps.clock);
    }
    const sub = memberIds.slice(i, i + deps.settings.subBatchSize);
    const claimed = await claimRows(deps.db, campaignId, channel, sub, deps.settings.claimLeaseMs);
    if (claimed.length === 0) continue;
    const wait = await sendClaimed(deps, campaign, channel, claimed, result);
    rateLimitedMs = Math.max(rateLimitedMs, wait);
    if (rateLimitedMs > 0) break;
  }

  if (rateLimitedMs > 0) {
    await deps.rateLimitQueue(channel, rateLimitedMs);
    throw new ProviderRateLimitedError(rateLimitedMs);
  }
  const unfinished = await unfinishedInBatch(deps.db, campaignId, channel, memberIds);
  if (unfinished > 0) {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (lastAttempt) {
      result.failed += await failUnfinishedInBatch(deps.db, campaignId, channel, memberIds, "retries_exhausted");
      return result;
    }
    throw new BatchIncompleteError(`${unfinished} deliveries of the batch wait for a retry`);
  }
  return result;
}

async function delay(job: Job<BatchJob>, token: string | undefined, untilClockMs: number, clock: Clock): Promise<never> {
  // The injected clock says how long to wait; BullMQ schedules in real time.
  const waitMs = Math.max(1000, untilClockMs - clock.now().getTime());
  await job.moveToDelayed(Date.now() + waitMs, token);
  throw new DelayedError();
}

async function sendClaimed(
  deps: DeliveryDeps,
  campaign: CampaignForSend,
  channel: SendChannel,
  claimed: ClaimedRow[],
  result: BatchResult,
): Promise<number> {
  const ids = claimed.map((r) => r.member_id);
  // Consent is decided after the claim: a row still `pending` has not been decided yet, so an
  // opt-out recorded before its claim is always honoured.
  const decisions = await decideBatch(deps.db, ids, campaign.purpose, channel, deps.clock.now(), {
    pseudonyms: deps.pseudonyms,
    newsletterId: campaign.newsletterId ?? undefined,
  });
  const skipped: ClaimedRow[] = [];
  const reasons: string[] = [];
  const allowed: Array<{ row: ClaimedRow; address: string }> = [];
  for (const row of claimed) {
    const decision = decisions.get(row.member_id) ?? { allowed: false as const, reason: "member_not_found" as const };
    if (decision.allowed) allowed.push({ row, address: decision.address });
    else {
      skipped.push(row);
      reasons.push(decision.reason);
    }
  }
  result.skipped += await skipRows(deps.db, skipped.map((r) => r.id), reasons);
  if (allowed.length === 0) return 0;

  const template = await loadCompiledTemplate(deps.db, campaign.templateVersionId);
  const contexts = await loadRenderContexts(deps.db, allowed.map((a) => a.row.member_id), {
    campaignName: campaign.name,
    data: campaign.data,
    purpose: campaign.purpose,
    channel,
    campaignId: campaign.id,
    newsletterId: campaign.newsletterId,
    config: deps.config,
  });
  const accepted: SentBatch = { ids: [], providerIds: [] };
  let waits: number[];
  try {
    waits = await Promise.all(
      allowed.map(async ({ row, address }) => {
        const loaded = contexts.get(row.member_id);
        if (!loaded) {
          await markFailed(deps.db, row.id, "member_not_found");
          return 0;
        }
        return sendOne(deps, campaign, channel, template, row, address, loaded.context, result, accepted);
      }),
    );
  } finally {
    // Accepted messages are recorded together once the sub-batch's sends have all answered:
    // one statement instead of one per message (see README, "Exactly once").
    result.sent += await markSentMany(deps.db, accepted.ids, accepted.providerIds);
  }
  const verdict = deps.budget.exceeded(campaign.id);
  if (verdict) {
    const percent = Math.round((100 * verdict.failed) / verdict.total);
    await deps.pauseCampaign(
      campaign.id,
      `error budget exceeded: ${verdict.failed} of the last ${verdict.total} sends failed (${percent}%), mostly ${verdict.topReason}`,
    );
  }
  return Math.max(0, ...waits);
}

async function sendOne(
  deps: DeliveryDeps,
  campaign: CampaignForSend,
  channel: SendChannel,
  template: CompiledTemplate,
  row: ClaimedRow,
  address: string,
  context: Parameters<CompiledTemplate["renderEmail"]>[0],
  result: BatchResult,
  accepted: SentBatch,
): Promise<number> {
  const input = { deliveryId: row.id, campaignId: campaign.id, memberId: row.member_id, purpose: campaign.purpose, address, context };
  let outcome: SendOutcome;
  try {
    const message = channel === "email" ? composeEmail(template, input, deps.config) : composeSms(template, input, deps.config);
    await deps.pacers[channel].wait();
    outcome = channel === "email"
      ? await deps.channels.email.send(message as ReturnType<typeof composeEmail>)
      : await deps.channels.sms.send(message as ReturnType<typeof composeSms>);
  } catch (error) {
    // A render or programming error: nothing was sent, and retrying would fail the same way.
    deps.logger.error({ campaignId: campaign.id, deliveryId: String(row.id), err: (error as Error).name }, "could not compose or send");
    await markFailed(deps.db, row.id, "render_error");
    result.failed++;
    return 0;
  }
  if (outcome.ok) {
    accepted.ids.push(row.id);
    accepted.providerIds.push(outcome.providerId);
    deps.budget.record(campaign.id, null);
    return 0;
  }
  const { failure } = outcome;
  switch (failure.kind) {
    case "permanent":
      if (failure.suppress) {
        await suppressAddress(deps.db, {
          channel, address, reason: failure.suppress, at: deps.clock.now(), source: failure.code, pseudonyms: deps.pseudonyms,
        });
      }
      if (failure.suppress === "sms_stop") {
        // The recipient said STOP to the provider: suppress and skip, as if consent had said no.
        await markSkipped(deps.db, row.id, "suppressed");
        result.skipped++;
        return 0;
      }
      await markFailed(deps.db, row.id, failure.code);
      if (failure.invalidAddress) await markAddressInvalid(deps.db, row.member_id, channel, deps.clock.now());
      deps.budget.record(campaign.id, failure.code);
      result.failed++;
      return 0;
    case "retryable":
      if (row.attempts >= deps.settings.maxAttempts) {
        await markFailed(deps.db, row.id, `${failure.code} (gave up after ${row.attempts} attempts)`);
        deps.budget.record(campaign.id, failure.code);
        result.failed++;
      } else {
        await markRetry(deps.db, row.id, failure.code);
      }
      return 0;
    case "rate_limited":
      // Counted like any retry, so a provider that answers 429 for good cannot keep a row forever.
      if (row.attempts >= deps.settings.maxAttempts) {
        await markFailed(deps.db, row.id, `${failure.code} (gave up after ${row.attempts} attempts)`);
        result.failed++;
        return 0;
      }
      await markRetry(deps.db, row.id, failure.code);
      return failure.retryAfterMs ?? 5000;
  }
}

async function markAddressInvalid(db: Db, memberId: number, channel: SendChannel, at: Date): Promise<void> {
  // Marked, not deleted: the member registry may send a corrected number later.
  if (channel === "sms") await db.member.update({ where: { id: memberId }, data: { mobileInvalidAt: at } });
  else await db.member.update({ where: { id: memberId }, data: { emailInvalidAt: at } });
}

async function loadCampaign(db: Db, id: number): Promise<CampaignForSend | null> {
  const c = await db.campaign.findUnique({
    where: { id },
    select: { id: true, name: true, state: true, purpose: true, templateVersionId: true, newsletterId: true, data: true },
  });
  if (!c) return null;
  return { ...c, purpose: c.purpose as Purpose, data: (c.data ?? {}) as Record<string, unknown> };
}
