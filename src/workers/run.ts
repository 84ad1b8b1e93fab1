// Starts the BullMQ workers: the launcher, the sweeper, and one worker per deliverable channel.
// close() stops taking jobs, lets the jobs in flight finish, writes every acceptance still
// waiting, then closes connections (SIGTERM-safe).
import type { Root } from "../app/root.ts";
import { Worker, type Job } from "bullmq";
import { completeIfDone, launchCampaign } from "../campaigns/launch.ts";
import { systemActor } from "../auth/actor.ts";
import { CampaignStateError, lifecycleDeps, pauseCampaign } from "../campaigns/lifecycle.ts";
import { CHANNELS, type ChannelName } from "../channels/names.ts";
import { CHANNEL_TRAITS, DELIVERABLE_CHANNELS } from "../channels/registry.ts";
import { enqueueReleased } from "../deliveries/enqueue.ts";
import { collateLetters } from "../letters/collate.ts";
import { pseudonymsFromConfig } from "../consent/pseudonyms.ts";
import { createSql } from "../db/sql.ts";
import { AcceptanceRecorder } from "../deliveries/recorder.ts";
import {
  deliveryQueueName, LAUNCH_QUEUE, MAINTENANCE_QUEUE, MEMBER_LINKS_QUEUE, redisConnection, TEST_SEND_QUEUE,
  type BatchJob, type LaunchJob, type MaintenanceJob, type MemberLinkJob, type TestSendJob,
} from "../queues/queues.ts";
import { BatchIncompleteError, deliverBatch, type DeliveryDeps } from "./deliver-batch.ts";
import { ErrorBudget } from "./error-budget.ts";
import { sendMemberLink } from "./member-link.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { SendGate } from "./send-gate.ts";
import { backoffDelay, type PipelineSettings } from "./settings.ts";
import { ensureSweepScheduler, sweep } from "./sweep.ts";
import { runRetention } from "../retention/run.ts";
import { ensureRetentionScheduler } from "../retention/schedule.ts";
import { assertNever } from "../assert.ts";
import { processTestSend } from "./test-send.ts";
import { registerNewsletterSchedulers, startNewsletterWorker } from "../newsletters/worker.ts"; // newsletters

export interface WorkerDeps extends Pick<Root, "db" | "config" | "clock" | "logger" | "queues" | "channels"> {
  settings: PipelineSettings;
}

export interface RunningWorkers {
  workers: Worker[];
  recorder: AcceptanceRecorder;
  /** Idempotent: stop taking jobs, finish those in flight, write what they recorded, close connections. */
  close(): Promise<void>;
}

export function startWorkers(deps: WorkerDeps, only: readonly ChannelName[] = DELIVERABLE_CHANNELS): RunningWorkers {
  const { settings, logger, queues } = deps;
  const connection = redisConnection({ url: deps.config.REDIS_URL, clusterNodes: deps.config.REDIS_CLUSTER_NODES });
  const common = { connection, prefix: queues.prefix, lockDuration: settings.lockDurationMs, stalledInterval: settings.lockDurationMs };
  const lifecycle = lifecycleDeps(deps, systemActor("worker"), settings);

  const launcher = new Worker<LaunchJob>(
    LAUNCH_QUEUE,
    async (job) => {
      const result = await launchCampaign(lifecycle, job.data.campaignId, job.data.scheduleVersion);
      logger.info({ campaignId: job.data.campaignId, ...result }, "launch");
      return result;
    },
    { ...common, concurrency: 1 },
  );
  const maintain = (job: MaintenanceJob) => {
    switch (job.kind) {
      case "sweep":
        return sweep({ ...lifecycle, logger });
      case "retention":
        return runRetention(deps, systemActor("retention"));
      default:
        return assertNever(job);
    }
  };
  // Two at a time: a retention run (minutes, once a day) must not hold up the sweeper behind it.
  const maintenance = new Worker<MaintenanceJob>(MAINTENANCE_QUEUE, (job) => maintain(job.data), { ...common, concurrency: 2 });
  // Every job scheduler, at start and then periodically (a Redis that lost its data lost them):
  // the sweeper, the daily retention, and each newsletter's slots and the expiry of requests.
  const keepScheduler = () =>
    Promise.all([
      ensureSweepScheduler(queues.maintenance, settings.sweepIntervalMs).catch((error: unknown) =>
        logger.warn({ err: (error as Error).message }, "could not register the sweeper")),
      ensureRetentionScheduler(queues.maintenance).catch((error: unknown) =>
        logger.warn({ err: (error as Error).message }, "could not register the retention job")),
      registerNewsletterSchedulers({ db: deps.db, logger, queues }),
    ]);
  void keepScheduler();
  const schedulerTimer = setInterval(() => void keepScheduler(), settings.sweepIntervalMs);
  schedulerTimer.unref();

  const pseudonyms = pseudonymsFromConfig(deps.config);
  const memberLinks = new Worker<MemberLinkJob>(
    MEMBER_LINKS_QUEUE,
    (job) => sendMemberLink({ ...deps, pseudonyms }, job.data),
    { ...common, concurrency: 2 },
  );

  const testSends = new Worker<TestSendJob>(TEST_SEND_QUEUE, (job) => processTestSend(deps, job), { ...common, concurrency: 2 });
  // ── newsletters: schedule slots (job schedulers, cron in Europe/Oslo), confirmation emails, expiry ──
  const newsletters = startNewsletterWorker({ ...deps, pseudonyms, lifecycle: lifecycleDeps(deps, systemActor("newsletters"), settings) }, common);
  // ── end newsletters ──

  const budget = new ErrorBudget(settings.errorBudget);
  // The recorder writes on connections of its own: behind claims, consent checks and settles in
  // the shared pool, an acceptance could wait for a free connection, and that wait would widen
  // the window in which a crash re-sends a message the provider already has.
  const onIdleError = (error: Error) => logger.warn({ err: error.message }, "a database connection closed while idle");
  const recorderSql = createSql(deps.config.DATABASE_URL, { max: 2, applicationName: "budstikke-recorder", onIdleError });
  const recorder = new AcceptanceRecorder(recorderSql, { flushMs: settings.recordFlushMs, logger });
  const sql = createSql(deps.config.DATABASE_URL, { max: 10, onIdleError });
  const deliveryDeps: DeliveryDeps = {
    db: deps.db, sql, config: deps.config, clock: deps.clock, logger, channels: deps.channels, settings, budget, recorder,
    pseudonyms,
    limiter: createRateLimiter(queues.connection, queues.prefix, settings.ratePerSecond),
    gates: Object.fromEntries(CHANNELS.map((c) => [c, new SendGate(settings.sendsInFlight)])) as Record<ChannelName, SendGate>,
    pauseCampaign: async (campaignId, reason) => {
      try {
        await pauseCampaign(lifecycle, campaignId, reason);
        logger.warn({ campaignId, reason }, "campaign paused");
      } catch (error) {
        if (!(error instanceof CampaignStateError)) throw error;
      }
      // A resumed campaign starts with a clean window, or it would pause again at once.
      budget.reset(campaignId);
    },
    completeCampaign: async (campaignId) => {
      await completeIfDone(deps.db, campaignId, deps.clock);
    },
    batchClosed: async (campaign, batch) => {
      await enqueueReleased({ db: sql, queues, maxAttempts: settings.maxAttempts }, campaign, batch);
    },
    collateLetters: async (campaignId) => {
      await collateLetters({ db: deps.db, config: deps.config, clock: deps.clock, logger }, campaignId);
    },
  };
  const workers: Worker[] = [launcher, maintenance, memberLinks, testSends, newsletters];
  for (const channel of only) {
    workers.push(
      new Worker<BatchJob>(
        deliveryQueueName(channel),
        async (job: Job<BatchJob>, token?: string) => {
          try {
            return await deliverBatch(deliveryDeps, job, token);
          } catch (error) {
            if (error instanceof BatchIncompleteError) logger.info({ campaignId: job.data.campaignId, channel, attempt: job.attemptsMade + 1 }, error.message);
            throw error;
          }
        },
        {
          ...common,
          // Letters are rendered on the CPU, one at a time: one batch job per process keeps memory flat.
          concurrency: CHANNEL_TRAITS[channel].mode === "batch" ? 1 : settings.jobConcurrency,
          settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, settings) },
        },
      ),
    );
  }
  for (const w of workers) {
    w.on("failed", (job, error) => {
      if (error instanceof BatchIncompleteError) return;
      logger.error({ queue: w.name, jobId: job?.id, err: error.message }, "job failed");
    });
    w.on("error", (error) => logger.error({ queue: w.name, err: error.message }, "worker error"));
  }

  let closing: Promise<void> | undefined;
  return {
    workers,
    recorder,
    close: () =>
      (closing ??= (async () => {
        clearInterval(schedulerTimer);
        await Promise.allSettled(workers.map((w) => w.close()));
        await recorder.close();
        await Promise.allSettled([recorderSql.close(), sql.close()]);
        // The duplicate window as this process saw it: provider's answer → row written.
        logger.info({ recordLatencyMs: recorder.recordLatency }, "acceptance recorder closed");
        connection.disconnect();
      })()),
  };
}
