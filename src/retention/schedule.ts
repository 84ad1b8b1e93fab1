// The daily retention job: a BullMQ job scheduler on the maintenance queue, at 03:30 Oslo time
// (a quiet hour, after midnight's campaigns and before the morning's). Registered at every worker
// start and re-checked with the sweeper's, because a Redis that lost its data lost it too.
import type { Queue } from "bullmq";
import { ensureJobScheduler, type MaintenanceJob } from "../queues/queues.ts";

export const RETENTION_SCHEDULER_ID = "retention";
export const RETENTION_SCHEDULE = { pattern: "30 3 * * *", tz: "Europe/Oslo" } as const;

export function ensureRetentionScheduler(queue: Queue<MaintenanceJob>): Promise<void> {
  return ensureJobScheduler(queue, RETENTION_SCHEDULER_ID, RETENTION_SCHEDULE, { name: "retention", data: { kind: "retention" }, keep: 30 });
}
