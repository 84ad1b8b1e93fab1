// Scheduling and steering a campaign as an actor: schedule (with the approval requirement),
// pause, resume, cancel, retry-failed. The lifecycle (src/campaigns/lifecycle.ts) does the work.
//
// The approval requirement binds users. System actors (the CLI without --as, the demo, the
// workers, the test harness) act as the operator, who holds the database credentials and could
// change anything anyway, so they may schedule straight from draft; the launch's drift check
// still applies to every campaign that was approved.
import type { Root } from "../app/root.ts";
import type { Actor } from "../auth/actor.ts";
import type { CampaignView } from "../contracts/campaigns.ts";
import { conflict, invalid } from "../errors.ts";
import type { CampaignState } from "../generated/prisma/client.ts";
import { writableCampaign } from "./access.ts";
import { approvalReasons, audienceCount, describeReasons } from "./approval.ts";
import {
  cancelCampaign, lifecycleDeps, pauseCampaign, resumeCampaign, retryFailed as retryFailedDeliveries, scheduleCampaign, SCHEDULABLE,
} from "./lifecycle.ts";
import { campaignView } from "./view.ts";
import { assertUploadsReady } from "./uploads.ts";

export type OperationDeps = Pick<Root, "db" | "clock" | "config" | "queues">;

export { lifecycleDeps } from "./lifecycle.ts";

/** How far in the past a send time may be (clock skew between a browser and the server). */
const PAST_TOLERANCE_MS = 5 * 60_000;

export interface ScheduleInput {
  /** When to send; now if omitted. */
  at?: Date;
}

/**
 * Schedules a campaign. A user may schedule a campaign that needs approval (more recipients than
 * APPROVAL_THRESHOLD, bargaining, a steward's) only once it is approved.
 */
export async function schedule(deps: OperationDeps, actor: Actor, id: number, input: ScheduleInput = {}): Promise<CampaignView> {
  const current = await writableCampaign(deps.db, actor, id);
  await assertUploadsReady(deps.db, current); // ── merge data and uploaded audiences: what the template and audience need is attached ──
  const now = deps.clock.now();
  if (input.at && input.at.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw invalid(`the send time ${input.at.toISOString()} is in the past`, [{ path: "at", message: "is in the past; omit it to send now" }]);
  }
  let from: readonly CampaignState[] = SCHEDULABLE;
  let details: Record<string, unknown> = {};
  if (actor.kind === "user" && (current.state === "draft" || (current.state === "scheduled" && current.approvedAt === null))) {
    const count = await audienceCount(deps.db, current, deps.clock);
    const reasons = approvalReasons(current, count, { threshold: deps.config.APPROVAL_THRESHOLD });
    if (reasons.length > 0) {
      throw conflict(`campaign ${id} needs approval (${describeReasons(reasons, count, deps.config.APPROVAL_THRESHOLD)}): it must be submitted for approval and approved before it is scheduled`);
    }
    from = [current.state];
    details = { count, approvalNeeded: false };
  } else if (actor.kind === "user" && current.state === "approved") {
    from = ["approved"];
  }
  return campaignView(await scheduleCampaign(lifecycleDeps(deps, actor), id, input.at, { from, details, unchangedSince: current.updatedAt }));
}

export async function pause(deps: OperationDeps, actor: Actor, id: number, reason?: string): Promise<CampaignView> {
  await writableCampaign(deps.db, actor, id);
  return campaignView(await pauseCampaign(lifecycleDeps(deps, actor), id, reason?.trim() || "paused by staff"));
}

export async function resume(deps: OperationDeps, actor: Actor, id: number): Promise<CampaignView> {
  await writableCampaign(deps.db, actor, id);
  return campaignView(await resumeCampaign(lifecycleDeps(deps, actor), id));
}

export async function cancel(deps: OperationDeps, actor: Actor, id: number): Promise<{ campaign: CampaignView; cancelledDeliveries: number }> {
  await writableCampaign(deps.db, actor, id);
  const { campaign, cancelled } = await cancelCampaign(lifecycleDeps(deps, actor), id);
  return { campaign: campaignView(campaign), cancelledDeliveries: cancelled };
}

export interface RetryFailedInput {
  /** Also resume a paused campaign. */
  resume?: boolean;
}

export async function retryFailed(deps: OperationDeps, actor: Actor, id: number, input: RetryFailedInput = {}): Promise<{ campaign: CampaignView; reset: number; state: CampaignState }> {
  await writableCampaign(deps.db, actor, id);
  const { reset, state } = await retryFailedDeliveries(lifecycleDeps(deps, actor), id, { resume: input.resume });
  const campaign = await deps.db.campaign.findUniqueOrThrow({ where: { id } });
  return { campaign: campaignView(campaign), reset, state };
}
