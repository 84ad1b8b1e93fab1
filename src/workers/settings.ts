// Tunables of the delivery pipeline. Defaults first; tests and the benchmark override a few.
import type { ChannelName } from "../channels/names.ts";
import { quietHoursFromConfig, type QuietHours } from "../channels/quiet-hours.ts";
import type { Config } from "../config.ts";

export interface PipelineSettings {
  /** Member ids per batch job on a channel queue. @defaultValue 100 */
  batchSize: number;
  /** Rows claimed, decided and sent together inside a batch; also the number of sends in flight per batch. @defaultValue 50 */
  subBatchSize: number;
  /** Batch jobs processed at once per channel queue in one worker process. @defaultValue 4 */
  jobConcurrency: number;
  /** Sends in flight per channel in one worker process, across its jobs. @defaultValue 24 */
  sendsInFlight: number;
  /** Messages per second per message channel, across all workers (a shared Redis rate limiter). */
  ratePerSecond: Readonly<Partial<Record<ChannelName, number>>>;
  /** Most sends per delivery row; permanent errors are never retried. @defaultValue 5 */
  maxAttempts: number;
  /** First retry delay; doubles per attempt, with jitter. @defaultValue 2000 */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A claim holds this long without its worker's heartbeat (renewed every third of it). @defaultValue 30000 */
  claimLeaseMs: number;
  /** BullMQ job lock; a job whose worker stops renewing it is re-run after about this long. @defaultValue 30000 */
  lockDurationMs: number;
  /** Longest an acceptance waits before its database write starts. @defaultValue 25 */
  recordFlushMs: number;
  /** How often the sweeper runs (one worker at a time). @defaultValue 60000 */
  sweepIntervalMs: number;
  /** How long a channel backs off after a throttle without a Retry-After. @defaultValue 60000 */
  throttleBackoffMs: number;
  /**
   * Resend an uncertain outcome also where a duplicate cannot be recognised (SMS, the only such
   * channel today; SMS_RETRY_UNCERTAIN). Otherwise those fail with `outcome_unknown`. @defaultValue false
   */
  resendUnrecognisable: boolean;
  /** SMS quiet hours, or null for none. */
  quietHours: QuietHours | null;
  errorBudget: { share: number; window: number; minSample: number };
}

export const DEFAULT_SETTINGS: PipelineSettings = {
  batchSize: 100,
  subBatchSize: 50,
  jobConcurrency: 4,
  sendsInFlight: 24,
  ratePerSecond: { email: 50, sms: 10 },
  maxAttempts: 5,
  retryBaseMs: 2000,
  retryMaxMs: 10 * 60_000,
  claimLeaseMs: 30_000,
  lockDurationMs: 30_000,
  recordFlushMs: 25,
  sweepIntervalMs: 60_000,
  throttleBackoffMs: 60_000,
  resendUnrecognisable: false,
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
    sendsInFlight: config.SENDS_IN_FLIGHT,
    claimLeaseMs: config.CLAIM_LEASE_MS,
    lockDurationMs: config.JOB_LOCK_MS,
    recordFlushMs: config.RECORD_FLUSH_MS,
    sweepIntervalMs: config.SWEEP_INTERVAL_MS,
    throttleBackoffMs: config.THROTTLE_BACKOFF_MS,
    resendUnrecognisable: config.SMS_RETRY_UNCERTAIN,
    ratePerSecond: { ...DEFAULT_SETTINGS.ratePerSecond, email: config.EMAIL_RATE_PER_SECOND, sms: config.SMS_RATE_PER_SECOND },
    maxAttempts: config.MAX_ATTEMPTS,
    retryBaseMs: config.RETRY_BASE_MS,
    quietHours: quietHoursFromConfig(config),
    errorBudget: { ...DEFAULT_SETTINGS.errorBudget, share: config.ERROR_BUDGET_SHARE, window: config.ERROR_BUDGET_WINDOW },
  };
}
