// When each kind of record stops being kept: one instant per category, all derived from one
// "now" of the injected clock, so a dry run and the run after it at the same instant agree.
import type { Config } from "../config.ts";

export type RetentionSettings = Pick<
  Config,
  "RETENTION_DELIVERIES_DAYS" | "RETENTION_LETTER_BATCH_DAYS" | "RETENTION_AUDIT_DAYS" | "INBOUND_QUARANTINE_DAYS"
>;

export interface RetentionCutoffs {
  /** The run's instant. */
  now: Date;
  /** Campaigns that ended before this keep only their counts; campaign-less provider events before it go. */
  deliveries: Date;
  /** Print batches made before this lose their files. */
  letterBatches: Date;
  /** Audit entries before this go. */
  audit: Date;
  /** Quarantined inbound messages received before this go. */
  inboundQuarantine: Date;
}

const DAY_MS = 86_400_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

export function retentionCutoffs(config: RetentionSettings, now: Date): RetentionCutoffs {
  return {
    now,
    deliveries: daysBefore(now, config.RETENTION_DELIVERIES_DAYS),
    letterBatches: daysBefore(now, config.RETENTION_LETTER_BATCH_DAYS),
    audit: daysBefore(now, config.RETENTION_AUDIT_DAYS),
    inboundQuarantine: daysBefore(now, config.INBOUND_QUARANTINE_DAYS),
  };
}
