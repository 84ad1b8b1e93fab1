// Launch: snapshot the recipients (one INSERT … SELECT, inside the campaign's audience scope),
// check the count against what was approved, create the deliveries and their batches
// (src/deliveries), then enqueue one job per batch. Re-entrant: a launch that crashed half-way
// is simply run again (the sweeper re-adds its job), and the approval check runs again on the
// same snapshot, so it gives the same answer.
import type { LifecycleDeps } from "./lifecycle.ts";
import { recordAudit } from "../audit/record.ts";
import { systemActor } from "../auth/actor.ts";
import type { Clock } from "../clock.ts";
import type { ChannelName } from "../channels/names.ts";
import type { Db } from "../db/client.ts";
import { hasOpenBatches } from "../deliveries/batches.ts";
import { cancelPendingDeliveries } from "../deliveries/cancel.ts";
import { enqueueReady } from "../deliveries/enqueue.ts";
import { createDeliveries } from "../deliveries/launch.ts";
import { snapshotRecipients } from "../segments/snapshot.ts";
import type { Campaign } from "../generated/prisma/client.ts";
import { audienceScopeOf, DEFAULT_APPROVAL, launchVerdict, VOIDED_APPROVAL } from "./approval.ts";
import { getCampaign } from "./store.ts";
import { currentIdentity } from "../organisation/identity.ts";
import { subscribersAudienceOf } from "./definition.ts";
import { discardUploads } from "./upload-rows.ts";

/** What a launch needs: the lifecycle's dependencies (its actor names a stopped launch's audit row; default the system actor "launcher"). */
export type LaunchDeps = LifecycleDeps;

export type LaunchResult =
  | { launched: false; why: string; needsReapproval?: { approvedCount: number | null; snapshotCount: number } }
  | { launched: true; recipients: number; deliveries: number; jobs: number };

export async function launchCampaign(deps: LaunchDeps, campaignId: number, scheduleVersion: number): Promise<LaunchResult> {
  const { db, clock } = deps;
  // The organisation settings as they are at launch go with the campaign: its messages keep them
  // when the settings change later (src/templates/builds.ts). A re-entered launch keeps its pin.
  const identity = await currentIdentity(db, deps.organisation ?? {}, clock.now());
  const claimed = await db.campaign.updateMany({
    where: { id: campaignId, state: "scheduled", scheduleVersion },
    data: { state: "launching", launchedAt: clock.now(), updatedAt: clock.now(), organisationProfileId: identity.profileId },
  });
  let campaign = await getCampaign(db, campaignId);
  if (claimed.count === 0 && !(campaign.state === "launching" && campaign.scheduleVersion === scheduleVersion)) {
    return { launched: false, why: `campaign is ${campaign.state} (schedule ${campaign.scheduleVersion}); this launch job was for schedule ${scheduleVersion}` };
  }
  let snapshotCount: number;
  if (campaign.snapshotId === null) {
    // ── newsletters: a subscribers audience snapshots the newsletter's confirmed subscribers ──
    const subscribers = subscribersAudienceOf(campaign.definition);
    // ── end newsletters ──
    const snapshot = await snapshotRecipients(
      db,
      campaign.audienceList ? { listOfCampaign: campaign.id } : // ── uploaded audience ──
      subscribers ? { subscribersOf: subscribers.newsletterId, segmentVersionId: campaign.segmentVersionId } :
      campaign.segmentVersionId !== null ? { segmentVersionId: campaign.segmentVersionId } : { rules: campaign.audienceRules },
      clock,
      // A steward's campaign reaches only the steward's scope: intersected inside the INSERT … SELECT.
      { scope: audienceScopeOf(campaign) },
    );
    campaign = await db.campaign.update({ where: { id: campaignId }, data: { snapshotId: snapshot.snapshotId } });
    snapshotCount = snapshot.count;
  } else {
    snapshotCount = (await db.segmentSnapshot.findUniqueOrThrow({ where: { id: campaign.snapshotId }, select: { memberCount: true } })).memberCount;
  }
  const verdict = launchVerdict(campaign, snapshotCount, {
    scheduledByUser: campaign.approvedCount === null && (await scheduledByUser(db, campaignId)),
    settings: { threshold: deps.approvalThreshold ?? DEFAULT_APPROVAL.threshold, driftShare: deps.approvalDriftShare ?? DEFAULT_APPROVAL.driftShare },
  });
  if (!verdict.go) {
    await stopForReapproval(deps, campaign, snapshotCount, verdict);
    return { launched: false, why: verdict.reason, needsReapproval: { approvedCount: campaign.approvedCount, snapshotCount } };
  }
  const created = await createDeliveries(db, {
    campaignId, snapshotId: campaign.snapshotId!, channels: campaign.channels as ChannelName[], batchSize: deps.batchSize,
    channelMode: campaign.channelMode,
  });
  const jobs = await enqueueReady({ ...deps, db }, campaign);
  const started = await db.campaign.updateMany({ where: { id: campaignId, state: "launching" }, data: { state: "sending", updatedAt: clock.now() } });
  if (started.count === 0) await cancelPendingDeliveries(db, campaignId); // cancelled while launching
  else await completeIfDone(db, campaignId, clock); // an empty audience completes at once
  return { launched: true, recipients: snapshotCount, deliveries: created.deliveries, jobs };
}

/** Whether the latest schedule of the campaign was a user's (the audit trail is the record of who did what). */
async function scheduledByUser(db: Db, campaignId: number): Promise<boolean> {
  const row = await db.auditLog.findFirst({
    where: { entity: "campaign", entityId: String(campaignId), action: "campaign.schedule" },
    orderBy: { id: "desc" },
    select: { actorId: true },
  });
  return row?.actorId != null;
}

/**
 * Stops a launch before anything is sent: the campaign waits in needs_reapproval with both
 * numbers, and its snapshot is dropped (a re-approved launch takes a fresh one; the list of
 * who would have got it is not kept). Nothing was created for it yet: no deliveries, no jobs.
 */
async function stopForReapproval(deps: LaunchDeps, campaign: Campaign, snapshotCount: number, verdict: { kind: string; reason: string }) {
  const now = deps.clock.now();
  const actor = deps.actor === undefined ? systemActor("launcher") : typeof deps.actor === "string" ? systemActor(deps.actor) : deps.actor;
  await deps.db.$transaction(async (tx) => {
    const stopped = await tx.campaign.updateMany({
      where: { id: campaign.id, state: "launching" },
      data: {
        state: "needs_reapproval", stateReason: verdict.reason, driftCount: snapshotCount, snapshotId: null, updatedAt: now,
        // An approval that no longer matches what would be sent is void; a count that drifted keeps
        // its approval on record, so the approver sees both numbers when looking again.
        ...(verdict.kind === "changed" ? { ...VOIDED_APPROVAL, driftCount: snapshotCount } : {}),
      },
    });
    if (stopped.count === 0) return; // cancelled while launching: nothing to stop
    if (campaign.snapshotId !== null) await tx.segmentSnapshot.delete({ where: { id: campaign.snapshotId } });
    await recordAudit(tx, actor, now, {
      action: "campaign.needs_reapproval", targetType: "campaign", targetId: campaign.id,
      details: { from: "launching", to: "needs_reapproval", check: verdict.kind, approvedCount: campaign.approvedCount, snapshotCount },
    });
  });
}

/**
 * Completes a sending campaign that has no open batch. Under the campaign's row lock, so it
 * cannot interleave with retry-failed reopening batches (which takes the same lock): the check
 * runs after the lock is granted and sees what retry-failed committed.
 */
export async function completeIfDone(db: Db, campaignId: number, clock: Clock): Promise<boolean> {
  // Every finished batch asks; while others are open (almost always), the answer needs no lock,
  // and taking one per batch made the workers queue behind each other on the campaign's row.
  if (await hasOpenBatches(db, campaignId)) return false;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state::text AS state FROM campaign WHERE id = $1 FOR UPDATE`, campaignId);
    if (row?.state !== "sending" || (await hasOpenBatches(tx, campaignId))) return false;
    await tx.campaign.update({ where: { id: campaignId }, data: { state: "completed", completedAt: clock.now(), updatedAt: clock.now() } });
    // ── merge data and uploaded audiences: kept only until the campaign is over ──
    await discardUploads(tx, campaignId);
    return true;
  });
}
