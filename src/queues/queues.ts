// BullMQ queues: a delayed-launch queue, a maintenance queue (the sweeper), and one delivery queue
// per channel, because each channel has its own provider and rate. Payloads carry ids only
// (GDPR art. 9): never addresses, names or message bodies.
import { Queue, type JobsOptions } from "bullmq";
import { Cluster, Redis } from "ioredis";
import { CHANNELS, type ChannelName } from "../channels/names.ts";

export const LAUNCH_QUEUE = "campaign-launch";
export const MAINTENANCE_QUEUE = "maintenance";
export const MEMBER_LINKS_QUEUE = "member-links";
export const TEST_SEND_QUEUE = "template-test-send";
// ── newsletters ──
export const NEWSLETTERS_QUEUE = "newsletters";
// ── end newsletters ──
export const deliveryQueueName = (channel: ChannelName) => `deliver-${channel}`;

export interface LaunchJob {
  campaignId: number;
  /** The campaign's schedule version when the job was added; a rescheduled campaign ignores older jobs. */
  scheduleVersion: number;
}

/**
 * One delivery_batch: the deliveries of a contiguous member-id range of one campaign and
 * channel. The range, not a list of ids, keeps a million-member campaign's jobs small.
 */
export interface BatchJob {
  campaignId: number;
  channel: ChannelName;
  batchNo: number;
  /** The batch's round when it was enqueued (part of the job id). */
  round: number;
  firstMemberId: number;
  lastMemberId: number;
}

/** `sweep`: every SWEEP_INTERVAL_MS; `retention`: daily (src/retention/schedule.ts). */
export type MaintenanceJob = { kind: "sweep" } | { kind: "retention" };

/**
 * A link for a member, asked for on a public page with a member link: a fresh preference link
 * (the old one is too old to opt in), or a link to the member's history (src/history/). The link
 * goes to the address on file, never to whoever holds the old one. The claims of the old token
 * (ids and codes only) say which purpose and channel a fresh preference link is for. A history
 * link is made by the worker itself, so its token never sits in Redis.
 */
export interface MemberLinkJob {
  memberId: number;
  purpose: string;
  channel: ChannelName;
  campaignId: number | null;
  newsletterId: number | null;
  /** @defaultValue "preferences" */
  kind?: "preferences" | "history";
}

/**
 * A test of a template version to a staff user's own address, rendered for the sample member.
 * The worker looks the address up by the user id, so no address is ever in Redis.
 */
export interface TestSendJob {
  templateVersionId: number;
  staffUserId: number;
  language: "nb" | "nn" | "en";
}

// ── newsletters ──
/**
 * Newsletter work: a schedule slot of one newsletter (added by its job scheduler), a
 * subscription's confirmation email (the worker looks up the address and makes the link), and the
 * hourly clean-up of expired unconfirmed subscriptions. Ids only.
 */
export type NewsletterJob =
  | { kind: "slot"; newsletterId: number }
  | { kind: "confirm"; subscriptionId: number }
  | { kind: "expire" };
// ── end newsletters ──

export interface RedisSettings {
  /** `redis://host:port` (REDIS_URL), ignored when cluster nodes are given. */
  url: string;
  /** `host:port` seeds of a Redis Cluster (REDIS_CLUSTER_NODES); empty for a single server. */
  clusterNodes?: readonly string[];
}

export interface QueueOptions {
  redis: RedisSettings;
  /**
   * Key prefix. A Redis Cluster hash tag (`{budstikke}`) by default, so every key of the queues
   * lands in one slot, as BullMQ's Lua scripts require.
   */
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

export type RedisConnection = Redis | Cluster;

export interface Queues {
  prefix: string;
  connection: RedisConnection;
  launch: Queue<LaunchJob>;
  maintenance: Queue<MaintenanceJob>;
  memberLinks: Queue<MemberLinkJob>;
  testSends: Queue<TestSendJob>;
  // ── newsletters ──
  newsletters: Queue<NewsletterJob>;
  // ── end newsletters ──
  delivery: Record<ChannelName, Queue<BatchJob>>;
  close(): Promise<void>;
}

export const DEFAULT_QUEUE_PREFIX = "{budstikke}";

/**
 * A connection suitable for BullMQ (blocking workers need maxRetriesPerRequest: null). While
 * Redis is away ioredis reconnects by itself and each failed command is reported where it was
 * issued; the connection's own error events only repeat that, so they are listened to and dropped.
 */
export function redisConnection(settings: RedisSettings): RedisConnection {
  let connection: RedisConnection;
  if (settings.clusterNodes && settings.clusterNodes.length > 0) {
    const nodes = settings.clusterNodes.map((node) => {
      const [host, port] = node.split(":");
      return { host: host!, port: Number(port) };
    });
    connection = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: null, enableReadyCheck: true } });
  } else {
    connection = new Redis(settings.url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  }
  connection.on("error", () => undefined);
  return connection;
}

export function createQueues(options: QueueOptions): Queues {
  const connection = redisConnection(options.redis);
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const common = { connection, prefix };
  const launch = new Queue<LaunchJob>(LAUNCH_QUEUE, common);
  const maintenance = new Queue<MaintenanceJob>(MAINTENANCE_QUEUE, common);
  const memberLinks = new Queue<MemberLinkJob>(MEMBER_LINKS_QUEUE, common);
  const testSends = new Queue<TestSendJob>(TEST_SEND_QUEUE, common);
  const newsletters = new Queue<NewsletterJob>(NEWSLETTERS_QUEUE, common); // newsletters
  const delivery = Object.fromEntries(CHANNELS.map((c) => [c, new Queue<BatchJob>(deliveryQueueName(c), common)])) as Record<
    ChannelName,
    Queue<BatchJob>
  >;
  let closing: Promise<void> | undefined;
  const queues: Queues = {
    prefix,
    connection,
    launch,
    maintenance,
    memberLinks,
    testSends,
    newsletters,
    delivery,
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled(everyQueue(queues).map((q) => q.close()));
        connection.disconnect();
      })()),
  };
  return queues;
}

/** Every queue, for closing, metrics and the dashboard: a queue added to Queues must be listed here. */
export function everyQueue(queues: Omit<Queues, "close">): Queue[] {
  return [queues.launch, queues.maintenance, queues.memberLinks, queues.testSends, queues.newsletters, ...Object.values(queues.delivery)];
}

/**
 * Job ids carry the campaign's creation instant as well as its id: BullMQ ignores an add whose
 * id still exists, and ids alone repeat when a database is recreated against the same Redis.
 */
export const campaignQueueKey = (campaign: { id: number; createdAt: Date }) => `${campaign.id}.${campaign.createdAt.getTime()}`;

export const launchJobId = (campaign: { id: number; createdAt: Date }, scheduleVersion: number) =>
  `launch-${campaignQueueKey(campaign)}-${scheduleVersion}`;

/** Deterministic per batch and round: re-adding an existing batch job is a no-op, so enqueueing can be repeated safely. */
export const batchJobId = (campaign: { id: number; createdAt: Date }, job: Pick<BatchJob, "channel" | "batchNo" | "round">) =>
  `c${campaignQueueKey(campaign)}-${job.channel}-b${job.batchNo}-r${job.round}`;

/**
 * Options of every batch job. Each attempt walks the batch once, so a row that keeps failing
 * retryably is sent at most `maxAttempts` times (per-row attempts enforce the same bound); one
 * more job attempt absorbs an error that was nobody's row (a database blip).
 */
export function batchJobOptions(maxAttempts: number): JobsOptions {
  return { attempts: maxAttempts + 1, backoff: { type: "jitter" }, ...RETENTION };
}

/**
 * Asks for a link. At most one of each kind per member per ten minutes: the job id names the kind
 * and the window, and BullMQ ignores an add whose id exists, so pressing the button again sends nothing more.
 */
export async function requestMemberLink(queues: Queues, job: MemberLinkJob, now: Date): Promise<void> {
  const window = Math.floor(now.getTime() / 600_000);
  const kind = job.kind === "history" ? "history" : "link";
  await queues.memberLinks.add("link", job, { jobId: `${kind}-${job.memberId}-${window}`, attempts: 3, backoff: { type: "exponential", delay: 5000 }, ...RETENTION });
}

/** Queues a test send. A few retries for a relay that is briefly away; the job is not deduplicated (each click is a test). */
export async function enqueueTestSend(queues: Queues, job: TestSendJob): Promise<void> {
  await queues.testSends.add("test-send", job, { attempts: 3, backoff: { type: "exponential", delay: 2000 }, ...RETENTION });
}

// ── newsletters ──
/**
 * Queues a subscription's confirmation email. At most one per subscription per ten minutes (the
 * job id names the window), so pressing "subscribe" again sends nothing more.
 */
export async function enqueueConfirmation(queues: Pick<Queues, "newsletters">, subscriptionId: number, now: Date): Promise<void> {
  const window = Math.floor(now.getTime() / 600_000);
  await queues.newsletters.add("confirm", { kind: "confirm", subscriptionId }, {
    jobId: `confirm-${subscriptionId}-${window}`, attempts: 3, backoff: { type: "exponential", delay: 5000 }, ...RETENTION,
  });
}
// ── end newsletters ──

export type JobLiveness = "live" | "finished" | "missing";

/**
 * Whether jobs still exist, in one round trip: the job hash is there (live) and has
 * `finishedOn` once completed or failed. Reads BullMQ's key layout (`<prefix>:<queue>:<id>`)
 * through the queue's own toKey, because getJobState scans the wait list per job (O(n²) for a
 * campaign's ten thousand batches).
 */
export async function jobLiveness(redis: RedisConnection, queue: Queue, ids: readonly string[]): Promise<Map<string, JobLiveness>> {
  const result = new Map<string, JobLiveness>();
  if (ids.length === 0) return result;
  const pipeline = redis.pipeline();
  for (const id of ids) {
    const key = queue.toKey(id);
    pipeline.exists(key);
    pipeline.hget(key, "finishedOn");
  }
  const replies = (await pipeline.exec()) ?? [];
  ids.forEach((id, i) => {
    const [existsError, exists] = replies[2 * i] ?? [];
    const [, finishedOn] = replies[2 * i + 1] ?? [];
    if (existsError) throw existsError;
    result.set(id, exists === 0 ? "missing" : finishedOn ? "finished" : "live");
  });
  return result;
}

/** How often a job scheduler fires: every N ms, or a cron pattern read in a time zone. */
export type SchedulerRepeat = { every: number } | { pattern: string; tz: string };

/**
 * Registers a job scheduler unless one with the same repeat options exists. Called at start and
 * then periodically, because a Redis that lost its data (a restart without persistence) lost its
 * schedulers too; checking first keeps an unchanged scheduler's next run where it is.
 */
export async function ensureJobScheduler<T>(
  queue: Queue<T>, id: string, repeat: SchedulerRepeat, job: { name: string; data: NoInfer<T>; keep?: number },
): Promise<void> {
  const existing = await queue.getJobScheduler(id);
  const same = existing && ("every" in repeat ? existing.every === repeat.every : existing.pattern === repeat.pattern && existing.tz === repeat.tz);
  if (same) return;
  const keep = job.keep ?? 100;
  await (queue as Queue).upsertJobScheduler(id, { ...repeat }, { name: job.name, data: job.data, opts: { removeOnComplete: keep, removeOnFail: keep } });
}
