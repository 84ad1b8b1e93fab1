// What a retention run removes, per category: the same shape for what a dry run finds (plan.ts)
// and what a run did (apply.ts), so the two can be compared number by number.
import type { CampaignRetentionCounts } from "./campaign-deliveries.ts";
import type { LetterBatchRetentionCounts } from "./letter-batch-files.ts";

export interface RetentionCounts {
  /** Ended campaigns reduced to counts, and their per-member rows. */
  deliveries: CampaignRetentionCounts;
  /** Provider events that named no campaign. */
  orphanProviderEvents: number;
  letterBatches: LetterBatchRetentionCounts;
  auditEntries: number;
  inboundQuarantine: number;
}

export interface RetentionOptions {
  /** Rows per chunk; each chunk is one short transaction. @defaultValue 5000 */
  chunkSize?: number;
}

export const DEFAULT_CHUNK_SIZE = 5000;
