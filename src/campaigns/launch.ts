// Launch: snapshot the recipients (one INSERT … SELECT), create one pending delivery row per
// recipient and channel (one INSERT … SELECT per channel), then enqueue batch jobs of member
// ids. Re-entrant: a launch that crashed half-way is simply run again.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Queues, SendChannel } from "../queues/queues.ts";
import { campaignQueueKey, RETENTION } from "../queues/queues.ts";
import { snapshotRecipients } from "../segments/snapshot.ts";
import { cancelPending, campaignHasUnfinished } from "../workers/delivery-rows.ts";
import { getCampaign } from "./store.ts";

export interface LaunchDeps {
  db: Db;
  queues: Queues;
  clock: Clock;
  batchSize: number;
  /** Job attempts per batch; each attempt redoes only unfinished rows. */
  batchAttempts?: number;
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
  const channels = campaign.channels as SendChannel[];
  let deliveries = 0;
  for (const channel of channels) {
    // ON CONFLICT DO NOTHING: the unique (campaign, member, channel) row may exist from a crashed launch.
    deliveries += await db.$executeRawUnsafe(
      `INSERT INTO delivery (campaign_id, member_id, channel, status)
       SELECT $1, member_id, $2, 'pending' FROM segment_snapshot_recipient WHERE snapshot_id = $3
       ORDER BY member_id
       ON CONFLICT (campaign_id, member_id, channel) DO NOTHING`,
      campaignId, channel, campaign.snapshotId,
    );
  }
  const jobs = await enqueueBatches(deps, campaign, channels, "launch");
  const started = await db.campaign.updateMany({ where: { id: campaignId, state: "launching" }, data: { state: "sending", updatedAt: clock.now() } });
  if (started.count === 0) await cancelPending(db, campaignId); // cancelled while launching
  else await completeIfDone(db, campaignId, clock); // an empty audience completes at once
  const recipients = await db.segmentSnapshot.findUniqueOrThrow({ where: { id: campaign.snapshotId! }, select: { memberCount: true } });
  return { launched: true, recipients: recipients.memberCount, deliveries, jobs };
}

/**
 * Enqueues batch jobs for every pending delivery of the campaign, reading member ids in keyset
 * pages (never all at once). Job ids are deterministic per round, so a re-run adds no duplicates
 * while the earlier jobs still exist — and if it did, the claim makes a second run harmless.
 */
export async function enqueueBatches(
  deps: Pick<LaunchDeps, "db" | "queues" | "batchSize" | "batchAttempts">,
  campaign: { id: number; createdAt: Date },
  channels: SendChannel[],
  round: string,
): Promise<number> {
  const campaignId = campaign.id;
  let jobs = 0;
  for (const channel of channels) {
    let after = 0;
    for (;;) {
      const rows = await deps.db.$queryRawUnsafe<Array<{ member_id: number }>>(
        `SELECT member_id FROM delivery WHERE campaign_id = $1 AND channel = $2 AND status = 'pending' AND member_id > $3
         ORDER BY member_id LIMIT $4`,
        campaignId, channel, after, deps.batchSize * 50,
      );
      if (rows.length === 0) break;
      const ids = rows.map((r) => r.member_id);
      const bulk = [];
      for (let i = 0; i < ids.length; i += deps.batchSize) {
        const memberIds = ids.slice(i, i + deps.batchSize);
        bulk.push({
          name: "batch",
          data: { campaignId, channel, memberIds },
          opts: {
            jobId: `c${campaignQueueKey(campaign)}-${channel}-${round}-${memberIds[0]}`,
            attempts: deps.batchAttempts ?? 8,
            backoff: { type: "jitter" },
            ...RETENTION,
          },
        });
      }
      await deps.queues.delivery[channel].addBulk(bulk);
      jobs += bulk.length;
      after = ids[ids.length - 1]!;
    }
  }
  return jobs;
}

export async function completeIfDone(db: Db, campaignId: number, clock: Clock): Promise<boolean> {
  if (await campaignHasUnfinished(db, campaignId)) return false;
  const { count } = await db.campaign.updateMany({
    where: { id: campaignId, state: "sending" },
    data: { state: "completed", completedAt: clock.now(), updatedAt: clock.now() },
  });
  return count > 0;
}
