// State read at scrape time, not counted as it happens: deliveries of the campaigns still under
// way and each one's progress (PostgreSQL), and the jobs on every queue (Redis). Whatever process
// serves it, the numbers are the whole installation's, so only the server exposes them (a worker
// process's /metrics has its own counters only, or Prometheus would add the same rows twice).
import { Gauge, Registry } from "prom-client";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { openDeliveryCounts } from "../deliveries/queries.ts";
import { everyQueue, type Queues, type RedisConnection } from "../queues/queues.ts";
import { METRIC_PREFIX } from "./registry.ts";
import { withTimeout } from "./timeout.ts";

export const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;

/** Campaign states whose deliveries still move; their progress gets a gauge per campaign. */
const IN_PROGRESS = new Set(["launching", "sending", "paused"]);

export interface StateMetricsDeps {
  db: Db;
  /** Without queues (an app that enqueues nothing) the queue gauges stay empty. */
  queues?: Queues;
  logger: Logger;
}

export interface StateMetricsOptions {
  /** @defaultValue 3000 */
  databaseTimeoutMs?: number;
  /** @defaultValue 2000 */
  redisTimeoutMs?: number;
}

export interface StateMetrics {
  registry: Registry;
  /** Reads the state into the gauges. Concurrent scrapes share one read. */
  refresh(): Promise<void>;
}

export function createStateMetrics(deps: StateMetricsDeps, options: StateMetricsOptions = {}): StateMetrics {
  const databaseTimeoutMs = options.databaseTimeoutMs ?? 3000;
  const redisTimeoutMs = options.redisTimeoutMs ?? 2000;
  const registry = new Registry();
  const deliveries = new Gauge({
    name: `${METRIC_PREFIX}deliveries`,
    help: "Deliveries of campaigns not completed or cancelled, by channel and status (read at scrape)",
    labelNames: ["channel", "status"],
    registers: [registry],
  });
  const progress = new Gauge({
    name: `${METRIC_PREFIX}campaign_progress`,
    help: "Deliveries of each launching, sending or paused campaign: sent, failed, skipped, pending (read at scrape)",
    labelNames: ["campaign_id", "status"],
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: "Jobs per queue and state: waiting, active, delayed, failed (read at scrape)",
    labelNames: ["queue", "state"],
    registers: [registry],
  });
  const sourceUp = new Gauge({
    name: `${METRIC_PREFIX}scrape_source_up`,
    help: "1 when the source answered this scrape, 0 when its gauges are missing (database, redis)",
    labelNames: ["source"],
    registers: [registry],
  });

  async function readDatabase(): Promise<void> {
    try {
      const rows = await withTimeout(openDeliveryCounts(deps.db), databaseTimeoutMs, "the database");
      deliveries.reset();
      progress.reset();
      for (const row of rows) {
        deliveries.inc({ channel: row.channel, status: row.status }, row.n);
        if (IN_PROGRESS.has(row.state)) progress.inc({ campaign_id: String(row.campaignId), status: progressStatus(row.status) }, row.n);
      }
      sourceUp.set({ source: "database" }, 1);
    } catch (error) {
      // Stale numbers would look like a stalled campaign: better no series than wrong ones.
      deliveries.reset();
      progress.reset();
      sourceUp.set({ source: "database" }, 0);
      deps.logger.warn({ err: (error as Error).message }, "metrics: could not read deliveries");
    }
  }

  async function readQueues(queues: Queues): Promise<void> {
    try {
      const counts = await withTimeout(jobCounts(queues), redisTimeoutMs, "Redis");
      queueJobs.reset();
      for (const [queue, byState] of counts) for (const state of QUEUE_STATES) queueJobs.set({ queue, state }, byState[state] ?? 0);
      sourceUp.set({ source: "redis" }, 1);
    } catch (error) {
      queueJobs.reset();
      sourceUp.set({ source: "redis" }, 0);
      deps.logger.warn({ err: (error as Error).message }, "metrics: could not read the queues");
    }
  }

  let inFlight: Promise<void> | undefined;
  return {
    registry,
    refresh() {
      inFlight ??= Promise.all([readDatabase(), deps.queues ? readQueues(deps.queues) : undefined]).then(
        () => undefined,
      ).finally(() => (inFlight = undefined));
      return inFlight;
    },
  };
}

/** The four numbers staff follow: sent (incl. delivered), failed, skipped (incl. cancelled), pending (incl. in flight). */
function progressStatus(status: string): "sent" | "failed" | "skipped" | "pending" {
  switch (status) {
    case "sent":
    case "delivered":
      return "sent";
    case "failed":
      return "failed";
    case "skipped":
    case "cancelled":
      return "skipped";
    default:
      return "pending";
  }
}

/** Every queue of the installation, for the gauges and the queue dashboard. */
export { everyQueue } from "../queues/queues.ts";

/**
 * Whether the connection is up right now. Commands on a connection that is down wait in
 * ioredis's offline queue until it comes back (BullMQ needs maxRetriesPerRequest: null), so a
 * probe asks this first instead of piling up commands that may never return.
 */
export function redisConnected(connection: RedisConnection): boolean {
  return connection.status === "ready";
}

async function jobCounts(queues: Queues): Promise<Array<[string, Record<string, number>]>> {
  if (!redisConnected(queues.connection)) throw new Error("no connection to Redis");
  return Promise.all(everyQueue(queues).map(async (queue) => [queue.name, await queue.getJobCounts(...QUEUE_STATES)] as [string, Record<string, number>]));
}
