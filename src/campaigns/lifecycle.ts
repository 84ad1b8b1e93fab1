// Campaign state changes: draft → scheduled → launching → sending → completed | cancelled,
// with paused beside sending. Each change is one guarded UPDATE (… WHERE state IN (…)), so
// two staff members or a worker and a person can never both win a race.
import { DomainError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { startRound } from "../deliveries/batches.ts";
import { cancelPendingDeliveries } from "../deliveries/cancel.ts";
import { enqueueBatches } from "../deliveries/enqueue.ts";
import { resetFailedDeliveries } from "../deliveries/retry.ts";
import type { CampaignState } from "../generated/prisma/client.ts";
import type { Queues } from "../queues/queues.ts";
import { launchJobId, RETENTION } from "../queues/queues.ts";
import { completeIfDone } from "./launch.ts";
import { CampaignNotFoundError, getCampaign } from "./store.ts";

export interface LifecycleDeps {
  db: Db;
  queues: Queues;
  clock: Clock;
  /** Rows per batch job (DELIVERY_BATCH_SIZE). */
  batchSize: number;
  /** MAX_ATTEMPTS: the batch jobs' attempts follow from it. */
  maxAttempts: number;
  actor?: string;
}

export class CampaignStateError extends DomainError {
  override name = "CampaignStateError";
  constructor(message: string) {
    super("conflict", message);
  }
}

export { launchJobId } from "../queues/queues.ts";

type TransitionData = {
  state: CampaignState;
  stateReason?: string | null;
  sendAt?: Date;
  scheduleVersion?: { increment: number };
  round?: { increment: number };
};

async function transition(deps: LifecycleDeps, id: number, from: CampaignState[], data: TransitionData, action: string) {
  const { count } = await deps.db.campaign.updateMany({ where: { id, state: { in: from } }, data: { ...data, updatedAt: deps.clock.now() } });
  if (count === 0) {
    const campaign = await getCampaign(deps.db, id);
    throw new CampaignStateError(`campaign ${id} is ${campaign.state}; ${action} needs it to be ${from.join(" or ")}`);
  }
  await deps.db.auditLog.create({
    data: { actor: deps.actor ?? "cli", action: `campaign.${action}`, entity: "campaign", entityId: String(id), at: deps.clock.now(), details: { state: data.state, reason: data.stateReason ?? null } },
  });
  return getCampaign(deps.db, id);
}

/**
 * The delayed launch job of a schedule. Its id is derived from the schedule version, so adding
 * it again (the sweeper does, for a due campaign whose job Redis lost) is harmless.
 */
export function addLaunchJob(queues: Queues, campaign: { id: number; createdAt: Date; scheduleVersion: number }, delayMs: number) {
  return queues.launch.add(
    "launch",
    { campaignId: campaign.id, scheduleVersion: campaign.scheduleVersion },
    { jobId: launchJobId(campaign, campaign.scheduleVersion), delay: Math.max(0, delayMs), attempts: 5, backoff: { type: "exponential", delay: 5000 }, ...RETENTION },
  );
}

/** Schedules (or reschedules) a campaign to launch at `at` (default: now). */
export async function scheduleCampaign(deps: LifecycleDeps, id: number, at?: Date) {
  const before = await getCampaign(deps.db, id);
  const sendAt = at ?? deps.clock.now();
  const campaign = await transition(deps, id, ["draft", "scheduled"], { state: "scheduled", sendAt, scheduleVersion: { increment: 1 } }, "schedule");
  // The previous delayed launch job, if any, is removed; were it to survive, its stale
  // schedule version makes the launcher ignore it anyway.
  if (before.state === "scheduled") await deps.queues.launch.remove(launchJobId(before, before.scheduleVersion)).catch(() => 0);
  await addLaunchJob(deps.queues, campaign, sendAt.getTime() - deps.clock.now().getTime());
  return campaign;
}

/** Cancels before the start, or while sending: whatever was not yet claimed is marked cancelled. */
export async function cancelCampaign(deps: LifecycleDeps, id: number) {
  const before = await getCampaign(deps.db, id);
  const campaign = await transition(deps, id, ["draft", "scheduled", "launching", "sending", "paused"], { state: "cancelled", stateReason: "cancelled by staff" }, "cancel");
  if (before.state === "scheduled") await deps.queues.launch.remove(launchJobId(before, before.scheduleVersion)).catch(() => 0);
  const cancelled = await cancelPendingDeliveries(deps.db, id);
  return { campaign, cancelled };
}

/**
 * Pauses a sending campaign. Its batch jobs leave the queue at their next sub-batch (they end as
 * "paused" and take no rate slots), so a paused campaign never holds up others on its channel.
 */
export function pauseCampaign(deps: LifecycleDeps, id: number, reason: string) {
  return transition(deps, id, ["sending"], { state: "paused", stateReason: reason }, "pause");
}

/**
 * Resumes a paused campaign: its open batches go back to the queue in a new round (new job ids).
 * A campaign whose last batch finished while it was paused completes here.
 */
export async function resumeCampaign(deps: LifecycleDeps, id: number) {
  const campaign = await transition(deps, id, ["paused"], { state: "sending", stateReason: null, round: { increment: 1 } }, "resume");
  const batches = await startRound(deps.db, id, campaign.round);
  if (batches.length > 0) await enqueueBatches(deps, campaign, batches);
  else await completeIfDone(deps.db, id, deps.clock);
  return getCampaign(deps.db, id);
}

export interface RetryFailedOptions {
  /** Also resume a paused campaign (otherwise it stays paused, and resume sends the retried rows). */
  resume?: boolean;
}

/**
 * Puts the failed deliveries back in the queue (after staff fixed the cause), each with fresh
 * attempts (MAX_ATTEMPTS). The reset, the reopened batches and the campaign's state change are one
 * transaction under the campaign's row lock; the jobs are added after it commits (were that to
 * be lost in a crash, the sweeper adds them).
 */
export async function retryFailed(deps: LifecycleDeps, id: number, options: RetryFailedOptions = {}) {
  const outcome = await deps.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRawUnsafe<Array<{ state: CampaignState; round: number }>>(
      `SELECT state, round FROM campaign WHERE id = $1 FOR UPDATE`, id,
    );
    if (!locked) throw new CampaignNotFoundError(id);
    const { state } = locked;
    if (!["sending", "paused", "completed"].includes(state)) {
      throw new CampaignStateError(`campaign ${id} is ${state}; only a launched campaign has failed deliveries to retry`);
    }
    const round = locked.round + 1;
    const { reset, batches } = await resetFailedDeliveries(tx, id, round);
    if (reset === 0) return { reset, state, enqueue: [] };
    const resume = state === "paused" && options.resume === true;
    const next: CampaignState = state === "paused" && !resume ? "paused" : "sending";
    // Resuming sends every open batch again, not only the reopened ones.
    const enqueue = next === "paused" ? [] : resume ? await startRound(tx, id, round) : batches;
    await tx.campaign.update({
      where: { id },
      data: { state: next, round, updatedAt: deps.clock.now(), ...(next === "sending" ? { stateReason: null } : {}) },
    });
    await tx.auditLog.create({
      data: { actor: deps.actor ?? "cli", action: "campaign.retry_failed", entity: "campaign", entityId: String(id), at: deps.clock.now(), details: { reset, from: state, to: next } },
    });
    return { reset, state: next, enqueue };
  });
  if (outcome.enqueue.length > 0) await enqueueBatches(deps, await getCampaign(deps.db, id), outcome.enqueue);
  return { reset: outcome.reset, state: outcome.state };
}
