// BullMQ queues: one delayed-launch queue, and one delivery queue per channel, because
// BullMQ's limiter is per queue and each channel has its own provider rate.
// Payloads carry ids only (GDPR art. 9): never addresses, names or message bodies.
import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";

export const LAUNCH_QUEUE = "campaign-launch";
export const SEND_CHANNELS = ["email", "sms"] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];
export const deliveryQueueName = (channel: SendChannel) => `deliver-${channel}`;

export interface LaunchJob {
  campaignId: number;
  /** The campaign's schedule version when the job was added; a rescheduled campaign ignores older jobs. */
  scheduleVersion: number;
}

export interface BatchJob {
  campaignId: number;
  channel: SendChannel;
  memberIds: number[];
}

export interface QueueOptions {
  redisUrl: string;
  /** Redis key prefix; tests use a random one so runs never meet. */
  prefix?: string;
}

/**
 * Finished jobs are removed by age so Redis stays bounded: the database, not Redis, is the
 * record of what was sent. Failed jobs are kept a week for inspection.
 */
export const RETENTION: Pick<JobsOptions, "removeOnComplete" | "removeOnFail"> = {
  removeOnComplete: { age: 3600, count: 2000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

export interface Queues {
  prefix: string;
  connection: Redis;
  launch: Queue<LaunchJob>;
  delivery: Record<SendChannel, Queue<BatchJob>>;
  close(): Promise<void>;
}

/** A Redis connection suitable for BullMQ (workers need maxRetriesPerRequest: null). */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

export function createQueues(options: QueueOptions): Queues {
  const connection = redisConnection(options.redisUrl);
  const prefix = options.prefix ?? "budstikke";
  const common = { connection, prefix };
  const launch = new Queue<LaunchJob>(LAUNCH_QUEUE, common);
  const delivery = {
    email: new Queue<BatchJob>(deliveryQueueName("email"), common),
    sms: new Queue<BatchJob>(deliveryQueueName("sms"), common),
  };
  let closing: Promise<void> | undefined;
  return {
    prefix,
    connection,
    launch,
    delivery,
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled([launch.close(), delivery.email.close(), delivery.sms.close()]);
        connection.disconnect();
      })()),
  };
}

/**
 * Job ids carry the campaign's creation instant as well as its id: BullMQ ignores an add whose
 * id still exists, and ids alone repeat when a database is recreated against the same Redis.
 */
export const campaignQueueKey = (campaign: { id: number; createdAt: Date }) => `${campaign.id}.${campaign.createdAt.getTime()}`;
export const launchJobId = (campaign: { id: number; createdAt: Date }, scheduleVersion: number) =>
  `launch-${campaignQueueKey(campaign)}-${scheduleVersion}`;
