// What a retention run at these cutoffs would remove, counted without changing anything. Each
// count reads the same set of rows that apply.ts works through, so a dry run and the run after
// it at the same instant report the same numbers.
import type { Root } from "../app/root.ts";
import { countCampaignRows, countOrphanProviderEvents } from "./campaign-deliveries.ts";
import { countAuditEntries } from "./audit-entries.ts";
import type { RetentionCounts } from "./counts.ts";
import type { RetentionCutoffs } from "./cutoffs.ts";
import { countQuarantined } from "./inbound-quarantine.ts";
import { countLetterBatchFiles } from "./letter-batch-files.ts";

export async function planRetention(deps: Pick<Root, "db" | "config">, cutoffs: RetentionCutoffs): Promise<RetentionCounts> {
  const { db } = deps;
  return {
    deliveries: await countCampaignRows(db, cutoffs.deliveries),
    orphanProviderEvents: await countOrphanProviderEvents(db, cutoffs.deliveries),
    letterBatches: await countLetterBatchFiles(db, cutoffs.letterBatches, { letterDir: deps.config.LETTER_DIR }),
    auditEntries: await countAuditEntries(db, cutoffs.audit),
    inboundQuarantine: await countQuarantined(db, cutoffs.inboundQuarantine),
  };
}
