// Tunables of the delivery pipeline. Defaults first; tests and the benchmark override a few.
import { quietHoursFromConfig, type QuietHours } from "../channels/quiet-hours.ts";
import type { Config } from "../config.ts";

export interface PipelineSettings {
  /** Member ids per batch job on a channel queue. */
  batchSize: number;
  /** Rows claimed, decided and sent together inside a batch; also the number of sends in flight. */
  subBatchSize: number;
  /** Batch jobs processed at once per channel queue in one worker process. */
  jobConcurrency: number;
  /** Messages per second per channel (BullMQ limiter across workers + an in-process pacer). */
  ratePerSecond: { email: number; sms: number };
  /** Most attempts per delivery row; permanent errors are never retried. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt, with full jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A `sending` claim older than this belongs to a dead worker and may be taken over. */
  claimLeaseMs: number;
  /** BullMQ job lock; a job whose worker stops renewing it is retried after this. */
  lockDurationMs: number;
  /** How long a batch of a paused campaign waits before it looks again. */
  pausedRecheckMs: number;
  /** SMS quiet hours, or null for none. */
  quietHours: QuietHours | null;
  errorBudget: { share: number; window: number; minSample: number };
}

export const DEFAULT_SETTINGS: PipelineSettings = {
  batchSize: 100,
  subBatchSize: 50,
  jobConcurrency: 4,
  ratePerSecond: { email: 50, sms: 10 },
  maxAttempts: 5,
  retryBaseMs: 2000,
  retryMaxMs: 10 * 60_000,
  claimLeaseMs: 120_000,
  lockDurationMs: 30_000,
  pausedRecheckMs: 15_000,
  quietHours: { start: "21:00", end: "08:00", timeZone: "Europe/Oslo" },
  errorBudget: { share: 0.2, window: 200, minSample: 50 },
};

/**
 * Exponential backoff with "equal jitter": a random delay in [c/2, c] where c = min(max, base·2^(n-1)),
 * so retries spread out but never collapse to zero wait.
 */
export function backoffDelay(attemptsMade: number, settings: Pick<PipelineSettings, "retryBaseMs" | "retryMaxMs">, random = Math.random): number {
  const ceiling = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Settings from configuration; everything not configurable keeps its default. */
export function settingsFromConfig(config: Config): PipelineSettings {
  return {
    ...DEFAULT_SETTINGS,
    batchSize: config.DELIVERY_BATCH_SIZE,
    subBatchSize: config.SEND_CONCURRENCY,
    jobConcurrency: config.BATCH_CONCURRENCY,
    claimLeaseMs: config.CLAIM_LEASE_MS,
    lockDurationMs: config.JOB_LOCK_MS,
    ratePerSecond: { email: config.EMAIL_RATE_PER_SECOND, sms: config.SMS_RATE_PER_SECOND },
    maxAttempts: config.MAX_ATTEMPTS,
    retryBaseMs: config.RETRY_BASE_MS,
    quietHours: quietHoursFromConfig(config),
    errorBudget: { ...DEFAULT_SETTINGS.errorBudget, share: config.ERROR_BUDGET_SHARE, window: config.ERROR_BUDGET_WINDOW },
  };
}
