// The sweeper: a BullMQ job scheduler runs this every SWEEP_INTERVAL_MS in one worker at a time.
// It makes sure that no campaign waits forever, whatever crashed: a scheduled or launching
// campaign whose launch job is gone gets it back; a sending campaign's open batches whose jobs are
// gone or finished go back to the queue (src/deliveries/sweep.ts); a sending campaign with no open
// batch completes; provider reports that arrived early and were never applied are applied.
import type { Queue } from "bullmq";
import { completeIfDone } from "../campaigns/launch.ts";
import { addLaunchJob, type LifecycleDeps } from "../campaigns/lifecycle.ts";
import { applyLeftoverReports } from "../deliveries/reports.ts";
import { requeueLostBatches } from "../deliveries/sweep.ts";
import type { Logger } from "../log.ts";
import { ensureJobScheduler, jobLiveness, launchJobId, type MaintenanceJob } from "../queues/queues.ts";

export const SWEEP_SCHEDULER_ID = "sweep";

export interface SweepReport {
  launchesRequeued: number;
  batchesRequeued: number;
  completed: number;
  reportsApplied: number;
}

export async function sweep(deps: LifecycleDeps & { logger: Logger }): Promise<SweepReport> {
  const { db, queues, clock } = deps;
  const report: SweepReport = { launchesRequeued: 0, batchesRequeued: 0, completed: 0, reportsApplied: 0 };
  const campaigns = await db.campaign.findMany({
    where: { state: { in: ["scheduled", "launching", "sending"] } },
    select: { id: true, createdAt: true, state: true, scheduleVersion: true, sendAt: true, channels: true, channelMode: true },
    orderBy: { id: "asc" },
  });

  const waitingForLaunch = campaigns.filter((c) => c.state === "scheduled" || c.state === "launching");
  const launchIds = waitingForLaunch.map((c) => launchJobId(c, c.scheduleVersion));
  const liveness = await jobLiveness(queues.connection, queues.launch as Queue, launchIds);
  for (const [i, campaign] of waitingForLaunch.entries()) {
    const state = liveness.get(launchIds[i]!);
    if (state === "live") continue;
    if (state === "finished") await queues.launch.remove(launchIds[i]!);
    const dueInMs = campaign.state === "launching" ? 0 : (campaign.sendAt?.getTime() ?? 0) - clock.now().getTime();
    await addLaunchJob(queues, campaign, dueInMs);
    report.launchesRequeued++;
  }

  for (const campaign of campaigns.filter((c) => c.state === "sending")) {
    const { open, requeued } = await requeueLostBatches(deps, campaign);
    report.batchesRequeued += requeued;
    if (open === 0 && (await completeIfDone(db, campaign.id, clock))) report.completed++;
  }
  // A completed campaign with an open batch: a channel fallback after a late bounce (see
  // src/deliveries/fallback.ts) reopened it. Its job is added here (partial index delivery_batch_open_idx).
  const reopened = await db.campaign.findMany({
    where: { state: "completed", batches: { some: { closedAt: null } } },
    select: { id: true, createdAt: true, channels: true, channelMode: true },
  });
  for (const campaign of reopened) report.batchesRequeued += (await requeueLostBatches(deps, campaign)).requeued;
  report.reportsApplied = (await applyLeftoverReports(db)).applied;
  if (report.launchesRequeued + report.batchesRequeued + report.completed > 0) deps.logger.warn(report, "sweeper recovered work");
  return report;
}

/**
 * Registers the sweeper's job scheduler unless it exists. Called at start and then at every
 * interval, because a Redis that lost its data (a restart without persistence) loses the
 * scheduler too.
 */
export function ensureSweepScheduler(queue: Queue<MaintenanceJob>, everyMs: number): Promise<void> {
  return ensureJobScheduler(queue, SWEEP_SCHEDULER_ID, { every: everyMs }, { name: "sweep", data: { kind: "sweep" } });
}
