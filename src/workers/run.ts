// Starts the BullMQ workers: the launcher and one worker per channel queue. close() stops
// taking jobs, lets the jobs in flight finish, then closes connections (SIGTERM-safe).
import { Worker, type Job } from "bullmq";
import type { Channels } from "../channels/factory.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { pseudonymsFromConfig } from "../consent/pseudonyms.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { completeIfDone, launchCampaign } from "../campaigns/launch.ts";
import { CampaignStateError, pauseCampaign } from "../campaigns/lifecycle.ts";
import {
  deliveryQueueName, LAUNCH_QUEUE, redisConnection, SEND_CHANNELS,
  type BatchJob, type LaunchJob, type Queues, type SendChannel,
} from "../queues/queues.ts";
import { BatchIncompleteError, deliverBatch, ProviderRateLimitedError, type DeliveryDeps } from "./deliver-batch.ts";
import { ErrorBudget } from "./error-budget.ts";
import { Pacer } from "./pacer.ts";
import { backoffDelay, type PipelineSettings } from "./settings.ts";

export interface WorkerDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  queues: Queues;
  channels: Channels;
  settings: PipelineSettings;
}

export interface RunningWorkers {
  workers: Worker[];
  /** Idempotent: stop taking jobs, finish those in flight, close connections. */
  close(): Promise<void>;
}

export function startWorkers(deps: WorkerDeps, only: SendChannel[] = [...SEND_CHANNELS]): RunningWorkers {
  const { settings, logger } = deps;
  const connection = redisConnection(deps.config.REDIS_URL);
  const common = { connection, prefix: deps.queues.prefix, lockDuration: settings.lockDurationMs, stalledInterval: settings.lockDurationMs };
  const lifecycle = { db: deps.db, queues: deps.queues, clock: deps.clock, batchSize: settings.batchSize, actor: "worker" };

  const launcher = new Worker<LaunchJob>(
    LAUNCH_QUEUE,
    async (job) => {
      const result = await launchCampaign({ ...lifecycle, batchAttempts: settings.maxAttempts + 3 }, job.data.campaignId, job.data.scheduleVersion);
      logger.info({ campaignId: job.data.campaignId, ...result }, "launch");
      return result;
    },
    { ...common, concurrency: 1 },
  );

  const budget = new ErrorBudget(settings.errorBudget);
  const pseudonyms = pseudonymsFromConfig(deps.config);
  const workers: Worker[] = [launcher];
  const pacers = { email: new Pacer(settings.ratePerSecond.email), sms: new Pacer(settings.ratePerSecond.sms) };
  for (const channel of only) {
    const rate = settings.ratePerSecond[channel];
    const deliveryDeps: DeliveryDeps = {
      db: deps.db, config: deps.config, clock: deps.clock, logger, channels: deps.channels, pseudonyms, budget, settings,
      pacers,
      rateLimitQueue: (_channel, ms) => worker.rateLimit(ms),
      pauseCampaign: async (campaignId, reason) => {
        try {
          await pauseCampaign(lifecycle, campaignId, reason);
          // A resumed campaign starts with a clean window, or it would pause again at once.
          budget.reset(campaignId);
          logger.warn({ campaignId, reason }, "campaign paused");
        } catch (error) {
          if (!(error instanceof CampaignStateError)) throw error;
        }
      },
    };
    const worker: Worker<BatchJob> = new Worker<BatchJob>(
      deliveryQueueName(channel),
      async (job: Job<BatchJob>, token?: string) => {
        try {
          const result = await deliverBatch(deliveryDeps, job, token);
          await completeIfDone(deps.db, job.data.campaignId, deps.clock);
          return result;
        } catch (error) {
          // BullMQ's own signal for "the queue is rate-limited; put this job back untouched".
          if (error instanceof ProviderRateLimitedError) throw Worker.RateLimitError();
          if (error instanceof BatchIncompleteError) logger.info({ campaignId: job.data.campaignId, channel, attempt: job.attemptsMade + 1 }, error.message);
          throw error;
        }
      },
      {
        ...common,
        concurrency: settings.jobConcurrency,
        // One batch per (batchSize / rate) seconds across all workers; the pacer smooths inside it.
        limiter: { max: 1, duration: Math.max(1, Math.floor((1000 * settings.batchSize) / rate)) },
        settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, settings) },
      },
    );
    workers.push(worker);
  }
  for (const w of workers) {
    w.on("failed", (job, error) => {
      if (error instanceof BatchIncompleteError || error.name === "RateLimitError") return;
      logger.error({ queue: w.name, jobId: job?.id, err: error.message }, "job failed");
    });
    w.on("error", (error) => logger.error({ queue: w.name, err: error.message }, "worker error"));
  }

  let closing: Promise<void> | undefined;
  return {
    workers,
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled(workers.map((w) => w.close()));
        connection.disconnect();
      })()),
  };
}
