// Applies retention at these cutoffs, category by category, each in bounded chunks. Every step
// is idempotent: a run that stopped anywhere is finished by the next, and a second run at the
// same instant finds nothing left. Audit entries go last, so nothing this run records is at risk.
import type { Root } from "../app/root.ts";
import { deleteAuditEntries } from "./audit-entries.ts";
import { deleteOrphanProviderEventChunk, dueCampaigns, emptyCampaignCounts, reduceCampaign } from "./campaign-deliveries.ts";
import { DEFAULT_CHUNK_SIZE, type RetentionCounts, type RetentionOptions } from "./counts.ts";
import type { RetentionCutoffs } from "./cutoffs.ts";
import { deleteQuarantined } from "./inbound-quarantine.ts";
import { deleteLetterBatchFiles } from "./letter-batch-files.ts";

export async function applyRetention(
  deps: Pick<Root, "db" | "config" | "logger">, cutoffs: RetentionCutoffs, options: RetentionOptions = {},
): Promise<RetentionCounts> {
  const { db, logger } = deps;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const letterDir = deps.config.LETTER_DIR;
  // Ids and error codes only: file names carry ids, never names.
  const onFileProblem = (problem: Record<string, unknown>) => logger.warn(problem, "retention could not remove a letter file");

  const deliveries = emptyCampaignCounts();
  for (const campaign of await dueCampaigns(db, cutoffs.deliveries)) {
    await reduceCampaign(db, campaign, cutoffs.deliveries, cutoffs.now, { chunkSize, letterDir, onFileProblem }, deliveries);
  }

  let orphanProviderEvents = 0;
  for (;;) {
    const n = await deleteOrphanProviderEventChunk(db, cutoffs.deliveries, chunkSize, cutoffs.now);
    orphanProviderEvents += n;
    if (n < chunkSize) break;
  }

  const letterBatches = await deleteLetterBatchFiles(db, cutoffs.letterBatches, cutoffs.now, { letterDir, onFileProblem });
  const inboundQuarantine = await deleteQuarantined(db, cutoffs.inboundQuarantine, chunkSize);
  const auditEntries = await deleteAuditEntries(db, cutoffs.audit, chunkSize);
  return { deliveries, orphanProviderEvents, letterBatches, auditEntries, inboundQuarantine };
}
