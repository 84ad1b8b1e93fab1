// Campaign state changes: draft → scheduled → launching → sending → completed | cancelled,
// with paused beside sending, and the four-eyes detour draft → awaiting_approval → approved
// (src/campaigns/review.ts). Each change locks the campaign's row, checks the state, updates
// it and writes the audit row in one transaction, so two staff members, or a worker and a
// person, can never both win a race, and no change goes unrecorded.
//
// These functions apply no permission or approval rule: they are the mechanism. The services
// (src/campaigns/operations.ts) decide who may call them, and with which starting states.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { systemActor, type Actor } from "../auth/actor.ts";
import { DomainError } from "../errors.ts";
import { readyBatches, startRound } from "../deliveries/batches.ts";
import { cancelPendingDeliveries } from "../deliveries/cancel.ts";
import { enqueueBatches, enqueueReady } from "../deliveries/enqueue.ts";
import { resetFailedDeliveries } from "../deliveries/retry.ts";
import type { Campaign, CampaignState, Prisma } from "../generated/prisma/client.ts";
import type { Queues } from "../queues/queues.ts";
import { launchJobId, RETENTION } from "../queues/queues.ts";
import { discardUncollatedPieceFiles } from "../letters/collate.ts";
import { completeIfDone } from "./launch.ts";
import { discardUploads } from "./upload-rows.ts";
import { CampaignNotFoundError, getCampaign } from "./store.ts";
import type { IdentityConfig } from "../organisation/identity.ts";

export interface LifecycleDeps extends Pick<Root, "db" | "queues" | "clock"> {
  /** Rows per batch job (DELIVERY_BATCH_SIZE). */
  batchSize: number;
  /** MAX_ATTEMPTS: the batch jobs' attempts follow from it. */
  maxAttempts: number;
  /**
   * Who acts, for the audit trail. A plain string names a system actor (the workers pass
   * "worker"); the services pass the user or system actor of the request.
   * @defaultValue the system actor "cli"
   */
  actor?: Actor | string;
  /** The ORG_* settings: the first organisation settings when none were saved yet (a launch pins the current ones). */
  organisation?: IdentityConfig;
  /** APPROVAL_THRESHOLD, for the launch's check of campaigns that were never approved. @defaultValue 500 */
  approvalThreshold?: number;
  /** APPROVAL_DRIFT_SHARE, for the launch's check of approved campaigns. @defaultValue 0.1 */
  approvalDriftShare?: number;
  /** LETTER_DIR: a cancel removes the letters rendered but not collated. Unset: they stay until retention. */
  letterDir?: string;
}

/**
 * The lifecycle's dependencies from the configuration, acting as `actor`. `batches` overrides
 * the batch size and attempts (the pipeline's settings, which tests shrink).
 */
export function lifecycleDeps(
  deps: Pick<Root, "db" | "clock" | "config" | "queues">,
  actor: Actor,
  batches: { batchSize: number; maxAttempts: number } = { batchSize: deps.config.DELIVERY_BATCH_SIZE, maxAttempts: deps.config.MAX_ATTEMPTS },
): LifecycleDeps {
  return {
    db: deps.db, queues: deps.queues, clock: deps.clock, actor, batchSize: batches.batchSize, maxAttempts: batches.maxAttempts,
    approvalThreshold: deps.config.APPROVAL_THRESHOLD, approvalDriftShare: deps.config.APPROVAL_DRIFT_SHARE,
    letterDir: deps.config.LETTER_DIR, organisation: deps.config,
  };
}

/** The actor named by the deps (see LifecycleDeps.actor). */
export function actorOfDeps(deps: { actor?: Actor | string }): Actor {
  if (deps.actor === undefined) return systemActor("cli");
  return typeof deps.actor === "string" ? systemActor(deps.actor) : deps.actor;
}

export class CampaignStateError extends DomainError {
  override name = "CampaignStateError";
  constructor(message: string) {
    super("conflict", message);
  }
}

export { launchJobId } from "../queues/queues.ts";

export type TransitionData = Omit<Prisma.CampaignUpdateInput, "state" | "updatedAt"> & { state: CampaignState };

export interface TransitionOptions {
  /** How the allowed states read in the error ("draft or scheduled"); defaults to listing them. */
  needs?: string;
  /** A specific refusal for some states, e.g. "must be approved first" for awaiting_approval. */
  refuse?: Partial<Record<CampaignState, string>>;
  /** Audit details besides from/to/reason (counts, ids; never personal data). */
  details?: Record<string, unknown>;
  /**
   * The campaign's updatedAt when the caller checked its rules (counted its audience, say): a
   * campaign changed since then is refused, so no decision is applied to content it did not see.
   */
  unchangedSince?: Date;
}

/**
 * Locks the campaign's row, checks that its state is one of `from`, applies `data` and records
 * `campaign.<action>`. Returns the campaign as it was and as it is.
 */
export async function transition(
  deps: Pick<LifecycleDeps, "db" | "clock" | "actor">,
  id: number,
  from: readonly CampaignState[],
  data: TransitionData,
  action: string,
  options: TransitionOptions = {},
): Promise<{ before: Campaign; campaign: Campaign }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRawUnsafe<Array<{ id: number }>>(`SELECT id FROM campaign WHERE id = $1 FOR UPDATE`, id);
    if (!locked) throw new CampaignNotFoundError(id);
    const before = await tx.campaign.findUniqueOrThrow({ where: { id } });
    if (!from.includes(before.state)) {
      const specific = options.refuse?.[before.state];
      throw new CampaignStateError(specific ? `campaign ${id} is ${before.state}; ${specific}` : `campaign ${id} is ${before.state}; ${action.replace("_", "-")} needs it to be ${options.needs ?? from.join(" or ")}`);
    }
    if (options.unchangedSince && before.updatedAt.getTime() !== options.unchangedSince.getTime()) {
      throw new CampaignStateError(`campaign ${id} changed while this ${action.replace("_", "-")} was being checked; look at it again and retry`);
    }
    const campaign = await tx.campaign.update({ where: { id }, data: { ...data, updatedAt: now } });
    await recordAudit(tx, actorOfDeps(deps), now, {
      action: `campaign.${action}`,
      targetType: "campaign",
      targetId: id,
      details: { from: before.state, to: campaign.state, ...(campaign.stateReason && campaign.stateReason !== before.stateReason ? { reason: campaign.stateReason } : {}), ...options.details },
    });
    return { before, campaign };
  });
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

/** Removes the delayed launch job of a schedule that no longer holds (a stale one would be ignored anyway). */
export async function removeLaunchJob(queues: Queues, campaign: { id: number; createdAt: Date; scheduleVersion: number }): Promise<void> {
  await queues.launch.remove(launchJobId(campaign, campaign.scheduleVersion)).catch(() => 0);
}

export const SCHEDULABLE: readonly CampaignState[] = ["draft", "approved", "scheduled"];

export interface ScheduleOptions {
  /** The states the caller checked its rules against (default: every schedulable state). */
  from?: readonly CampaignState[];
  /** Audit details (e.g. the recipient count a user's schedule was allowed on). */
  details?: Record<string, unknown>;
  /** See TransitionOptions.unchangedSince. */
  unchangedSince?: Date;
}

/** Schedules (or reschedules) a campaign to launch at `at` (default: now). */
export async function scheduleCampaign(deps: LifecycleDeps, id: number, at?: Date, options: ScheduleOptions = {}) {
  const sendAt = at ?? deps.clock.now();
  const { before, campaign } = await transition(
    deps, id, options.from ?? SCHEDULABLE,
    { state: "scheduled", stateReason: null, sendAt, scheduleVersion: { increment: 1 } },
    "schedule",
    {
      needs: "draft or scheduled",
      refuse: {
        awaiting_approval: "it must be approved before it is scheduled",
        needs_reapproval: "it must be approved again before it is scheduled",
      },
      details: { sendAt: sendAt.toISOString(), ...options.details },
      unchangedSince: options.unchangedSince,
    },
  );
  // The previous delayed launch job, if any, is removed; were it to survive, its stale
  // schedule version makes the launcher ignore it anyway.
  if (before.state === "scheduled") await removeLaunchJob(deps.queues, before);
  await addLaunchJob(deps.queues, campaign, sendAt.getTime() - deps.clock.now().getTime());
  return campaign;
}

const CANCELLABLE: readonly CampaignState[] = ["draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled", "launching", "sending", "paused"];

/** Cancels before the start, or while sending: whatever was not yet claimed is marked cancelled. */
export async function cancelCampaign(deps: LifecycleDeps, id: number) {
  const { before, campaign } = await transition(deps, id, CANCELLABLE, { state: "cancelled", stateReason: "cancelled by staff" }, "cancel");
  if (before.state === "scheduled") await removeLaunchJob(deps.queues, before);
  const cancelled = await cancelPendingDeliveries(deps.db, id);
  await discardUploads(deps.db, id); // ── merge data and uploaded audiences: kept only until the campaign is over ──
  // Rendered letters of a cancelled campaign will never be printed; their files hold addresses.
  if (deps.letterDir !== undefined) await discardUncollatedPieceFiles({ db: deps.db, config: { LETTER_DIR: deps.letterDir } }, id);
  return { campaign, cancelled };
}

/**
 * Pauses a sending campaign. Its batch jobs leave the queue at their next sub-batch (they end as
 * "paused" and take no rate slots), so a paused campaign never holds up others on its channel.
 */
export async function pauseCampaign(deps: LifecycleDeps, id: number, reason: string) {
  return (await transition(deps, id, ["sending"], { state: "paused", stateReason: reason }, "pause")).campaign;
}

/**
 * Resumes a paused campaign: its open batches go back to the queue in a new round (new job ids).
 * A campaign whose last batch finished while it was paused completes here.
 */
export async function resumeCampaign(deps: LifecycleDeps, id: number) {
  const { campaign } = await transition(deps, id, ["paused"], { state: "sending", stateReason: null, round: { increment: 1 } }, "resume");
  const batches = await startRound(deps.db, id, campaign.round);
  if (batches.length > 0) await enqueueBatches(deps, campaign, readyBatches(batches, campaign));
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
    await recordAudit(tx, actorOfDeps(deps), deps.clock.now(), {
      action: "campaign.retry_failed", targetType: "campaign", targetId: id, details: { reset, from: state, to: next },
    });
    return { reset, state: next, enqueue };
  });
  // Of the reopened batches, those that may run now (with fallback or letters, some wait for others).
  if (outcome.enqueue.length > 0) await enqueueReady(deps, await getCampaign(deps.db, id));
  return { reset: outcome.reset, state: outcome.state };
}
