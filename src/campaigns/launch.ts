// Launch: snapshot the recipients (one INSERT … SELECT), create the deliveries and their batches
// (src/deliveries), then enqueue one job per batch. Re-entrant: a launch that crashed half-way
// is simply run again (the sweeper re-adds its job).
import type { Clock } from "../clock.ts";
import type { ChannelName } from "../channels/names.ts";
import type { Db } from "../db/client.ts";
import { hasOpenBatches, openBatches } from "../deliveries/batches.ts";
import { cancelPendingDeliveries } from "../deliveries/cancel.ts";
import { enqueueBatches } from "../deliveries/enqueue.ts";
import { createDeliveries } from "../deliveries/launch.ts";
import type { Queues } from "../queues/queues.ts";
import { snapshotRecipients } from "../segments/snapshot.ts";
import { getCampaign } from "./store.ts";

export interface LaunchDeps {
  db: Db;
  queues: Queues;
  clock: Clock;
  /** Rows per batch job (DELIVERY_BATCH_SIZE). */
  batchSize: number;
  /** MAX_ATTEMPTS: the batch jobs' attempts follow from it. */
  maxAttempts: number;
}

export type LaunchResult = { launched: false; why: string } | { launched: true; recipients: number; deliveries: number; jobs: number };

export async function launchCampaign(deps: LaunchDeps, campaignId: number, scheduleVersion: number): Promise<LaunchResult> {
  const { db, clock } = deps;
  const claimed = await db.campaign.updateMany({
    where: { id: campaignId, state: "scheduled", scheduleVersion },
    data: { state: "launching", launchedAt: clock.now(), updatedAt: clock.now() },
  });
  let campaign = await getCampaign(db, campaignId);
  if (claimed.count === 0 && !(campaign.state === "launching" && campaign.scheduleVersion === scheduleVersion)) {
    return { launched: false, why: `campaign is ${campaign.state} (schedule ${campaign.scheduleVersion}); this launch job was for schedule ${scheduleVersion}` };
  }
  if (campaign.snapshotId === null) {
    const snapshot = await snapshotRecipients(
      db,
      campaign.segmentVersionId !== null ? { segmentVersionId: campaign.segmentVersionId } : { rules: campaign.audienceRules },
      clock,
    );
    campaign = await db.campaign.update({ where: { id: campaignId }, data: { snapshotId: snapshot.snapshotId } });
  }
  const created = await createDeliveries(db, {
    campaignId, snapshotId: campaign.snapshotId!, channels: campaign.channels as ChannelName[], batchSize: deps.batchSize,
  });
  const jobs = await enqueueBatches(deps, campaign, await openBatches(db, campaignId));
  const started = await db.campaign.updateMany({ where: { id: campaignId, state: "launching" }, data: { state: "sending", updatedAt: clock.now() } });
  if (started.count === 0) await cancelPendingDeliveries(db, campaignId); // cancelled while launching
  else await completeIfDone(db, campaignId, clock); // an empty audience completes at once
  const recipients = await db.segmentSnapshot.findUniqueOrThrow({ where: { id: campaign.snapshotId! }, select: { memberCount: true } });
  return { launched: true, recipients: recipients.memberCount, deliveries: created.deliveries, jobs };
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
    return true;
  });
}
