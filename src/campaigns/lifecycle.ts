// Campaign state changes: draft → scheduled → launching → sending → completed | cancelled,
// with paused beside sending. Each change is one guarded UPDATE (… WHERE state IN (…)), so
// two staff members or a worker and a person can never both win a race.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { CampaignState } from "../generated/prisma/client.ts";
import type { Queues } from "../queues/queues.ts";
import { launchJobId, RETENTION } from "../queues/queues.ts";
import { cancelPending } from "../workers/delivery-rows.ts";
import { enqueueBatches } from "./launch.ts";
import { getCampaign } from "./store.ts";

export interface LifecycleDeps {
  db: Db;
  queues: Queues;
  clock: Clock;
  batchSize: number;
  actor?: string;
}

export class CampaignStateError extends Error {
  override name = "CampaignStateError";
}

export { launchJobId } from "../queues/queues.ts";

async function transition(
  deps: LifecycleDeps,
  id: number,
  from: CampaignState[],
  data: { state: CampaignState; stateReason?: string | null; sendAt?: Date; scheduleVersion?: { increment: number }; completedAt?: Date },
  action: string,
) {
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

/** Schedules (or reschedules) a campaign to launch at `at` (default: now). */
export async function scheduleCampaign(deps: LifecycleDeps, id: number, at?: Date) {
  const before = await getCampaign(deps.db, id);
  const sendAt = at ?? deps.clock.now();
  const campaign = await transition(deps, id, ["draft", "scheduled"], { state: "scheduled", sendAt, scheduleVersion: { increment: 1 } }, "schedule");
  // The previous delayed launch job, if any, is removed; were it to survive, its stale
  // schedule version makes the launcher ignore it anyway.
  if (before.state === "scheduled") await deps.queues.launch.remove(launchJobId(before, before.scheduleVersion)).catch(() => 0);
  await deps.queues.launch.add(
    "launch",
    { campaignId: id, scheduleVersion: campaign.scheduleVersion },
    {
      jobId: launchJobId(campaign, campaign.scheduleVersion),
      delay: Math.max(0, sendAt.getTime() - deps.clock.now().getTime()),
      attempts: 5,
      backoff: { type: "exponential", delay: 5000 },
      ...RETENTION,
    },
  );
  return campaign;
}

/** Cancels before the start, or while sending: whatever was not yet claimed is marked cancelled. */
export async function cancelCampaign(deps: LifecycleDeps, id: number) {
  const before = await getCampaign(deps.db, id);
  const campaign = await transition(deps, id, ["draft", "scheduled", "launching", "sending", "paused"], { state: "cancelled", stateReason: "cancelled by staff" }, "cancel");
  if (before.state === "scheduled") await deps.queues.launch.remove(launchJobId(before, before.scheduleVersion)).catch(() => 0);
  const cancelled = await cancelPending(deps.db, id);
  return { campaign, cancelled };
}

export function pauseCampaign(deps: LifecycleDeps, id: number, reason: string) {
  return transition(deps, id, ["sending"], { state: "paused", stateReason: reason }, "pause");
}

export function resumeCampaign(deps: LifecycleDeps, id: number) {
  return transition(deps, id, ["paused"], { state: "sending", stateReason: null }, "resume");
}

/** Puts the failed deliveries back in the queue (after staff fixed the cause). */
export async function retryFailed(deps: LifecycleDeps, id: number) {
  const campaign = await getCampaign(deps.db, id);
  if (!["sending", "paused", "completed"].includes(campaign.state)) {
    throw new CampaignStateError(`campaign ${id} is ${campaign.state}; only a launched campaign has failed deliveries to retry`);
  }
  const reset = await deps.db.$executeRawUnsafe(
    `UPDATE delivery SET status = 'pending', attempts = 0, reason = NULL, failed_at = NULL, updated_at = now()
     WHERE campaign_id = $1 AND status = 'failed'`,
    id,
  );
  if (reset > 0) {
    await transition(deps, id, ["sending", "paused", "completed"], { state: "sending", stateReason: null }, "retry_failed");
    await enqueueBatches(deps, campaign, campaign.channels as Array<"email" | "sms">, `retry-${Date.now()}`);
  }
  return { reset };
}
