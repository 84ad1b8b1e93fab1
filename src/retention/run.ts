// One retention run, as the CLI and the daily job start it: who may, the cutoffs from the
// injected clock, a dry run (plan) or the real thing (apply), one audit entry with the counts, and
// a log line with counts only (no personal data is ever in a retention log or audit entry).
import type { Root } from "../app/root.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { recordAudit } from "../audit/record.ts";
import { applyRetention } from "./apply.ts";
import type { CampaignRetentionCounts } from "./campaign-deliveries.ts";
import type { RetentionCounts, RetentionOptions } from "./counts.ts";
import { retentionCutoffs } from "./cutoffs.ts";
import type { LetterBatchRetentionCounts } from "./letter-batch-files.ts";
import { planRetention } from "./plan.ts";

interface Window {
  /** The configured age in days. */
  days: number;
  /** Records from before this instant go (ISO 8601). */
  cutoff: string;
}

export interface RetentionReport {
  dryRun: boolean;
  /** The run's instant (ISO 8601). */
  at: string;
  /** Campaigns that ended before the cutoff: reduced to counts, their per-member rows deleted. */
  deliveries: Window & CampaignRetentionCounts;
  /** Provider events that named no campaign. */
  providerEvents: Window & { events: number };
  letterBatches: Window & LetterBatchRetentionCounts;
  audit: Window & { entries: number };
  inboundQuarantine: Window & { messages: number };
}

export interface RetentionRunOptions extends RetentionOptions {
  /** Count what would go, change nothing (and write no audit entry: nothing happened). */
  dryRun?: boolean;
}

export async function runRetention(
  deps: Pick<Root, "db" | "config" | "clock" | "logger">, actor: Actor, options: RetentionRunOptions = {},
): Promise<RetentionReport> {
  authorize(actor, "retention.run");
  const now = deps.clock.now();
  const cutoffs = retentionCutoffs(deps.config, now);
  const counts = options.dryRun ? await planRetention(deps, cutoffs) : await applyRetention(deps, cutoffs, options);
  const { config } = deps;
  const report = reportOf(counts, {
    dryRun: options.dryRun === true,
    at: now.toISOString(),
    deliveries: { days: config.RETENTION_DELIVERIES_DAYS, cutoff: cutoffs.deliveries.toISOString() },
    letterBatches: { days: config.RETENTION_LETTER_BATCH_DAYS, cutoff: cutoffs.letterBatches.toISOString() },
    audit: { days: config.RETENTION_AUDIT_DAYS, cutoff: cutoffs.audit.toISOString() },
    inboundQuarantine: { days: config.INBOUND_QUARANTINE_DAYS, cutoff: cutoffs.inboundQuarantine.toISOString() },
  });
  if (!report.dryRun) {
    await recordAudit(deps.db, actor, now, { action: "retention.run", details: { ...report } });
    deps.logger.info({ retention: report }, "retention run");
  }
  return report;
}

function reportOf(
  counts: RetentionCounts,
  frame: { dryRun: boolean; at: string; deliveries: Window; letterBatches: Window; audit: Window; inboundQuarantine: Window },
): RetentionReport {
  return {
    dryRun: frame.dryRun,
    at: frame.at,
    deliveries: { ...frame.deliveries, ...counts.deliveries },
    providerEvents: { ...frame.deliveries, events: counts.orphanProviderEvents },
    letterBatches: { ...frame.letterBatches, ...counts.letterBatches },
    audit: { ...frame.audit, entries: counts.auditEntries },
    inboundQuarantine: { ...frame.inboundQuarantine, messages: counts.inboundQuarantine },
  };
}
