// Collation: a campaign's rendered letters become print batches. For each batch (postcode order,
// at most LETTER_BATCH_MAX_PAGES pages): the merged PDF, the manifest CSV and a zip of both are
// written (each complete before it appears), then one transaction records the batch, places the
// letters in it and marks their deliveries sent. Only then are the one-letter files removed.
// A crash anywhere is repaired by running it again: an unrecorded batch is written again under
// the same number, and a recorded one is not touched.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { readFile, rename, unlink } from "node:fs/promises";
import { stringify } from "csv-stringify/sync";
import yazl from "yazl";
import { tempPathBeside, writeFileAtomic } from "../atomic-write.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { assignToPrintBatch, uncollatedLetters, type UncollatedLetter } from "../deliveries/letters.ts";
import type { Logger } from "../log.ts";
import { inLetterDir, printBatchFiles, removeLetterFile } from "./files.ts";
import { mergePdfFiles } from "./merge-pdf.ts";
import { cutIntoBatches } from "./plan.ts";

export interface CollateDeps {
  db: Db;
  config: Pick<Config, "LETTER_DIR" | "LETTER_BATCH_MAX_PAGES">;
  clock: Clock;
  logger: Logger;
}

export interface CollateResult {
  printBatches: Array<{ id: number; number: number; letters: number; pages: number; sheets: number }>;
}

export const MANIFEST_COLUMNS = ["sequence", "member_number", "first_page", "pages", "sheets", "postcode"] as const;

export async function collateLetters(deps: CollateDeps, campaignId: number): Promise<CollateResult> {
  const { db, config } = deps;
  await removeCollatedPieceFiles(deps, campaignId);
  const letters = await uncollatedLetters(db, campaignId);
  const result: CollateResult = { printBatches: [] };
  if (letters.length === 0) return result;
  const [last] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT coalesce(max(number), 0)::int AS n FROM print_batch WHERE campaign_id = $1`, campaignId);
  let number = last?.n ?? 0;
  for (const group of cutIntoBatches(letters, config.LETTER_BATCH_MAX_PAGES)) {
    number++;
    const written = await writePrintBatch(config.LETTER_DIR, campaignId, number, group);
    const createdAt = deps.clock.now();
    const recorded = await db.$transaction(async (tx) => {
      const batch = await tx.printBatch.create({
        data: {
          campaignId, number, letters: group.length, pages: written.pages, sheets: written.sheets,
          pdfFile: written.files.pdf, manifestFile: written.files.manifest, zipFile: written.files.zip, createdAt,
        },
      });
      const placed = await assignToPrintBatch(tx, campaignId, batch.id, group.map((l) => l.deliveryId), createdAt);
      if (!placed) throw new CampaignStoppedError();
      return batch;
    }).catch((error: unknown) => (error instanceof CampaignStoppedError ? null : Promise.reject(error)));
    if (!recorded) {
      // Cancelled while collating: the batch's files must not look like something to hand over.
      await Promise.allSettled(Object.values(written.files).map((f) => removeLetterFile(config.LETTER_DIR, f)));
      break;
    }
    result.printBatches.push({ id: recorded.id, number, letters: group.length, pages: written.pages, sheets: written.sheets });
    deps.logger.info({ campaignId, printBatch: recorded.id, letters: group.length, pages: written.pages }, "print batch ready");
    await removeCollatedPieceFiles(deps, campaignId);
  }
  return result;
}

class CampaignStoppedError extends Error {}

interface WrittenBatch {
  pages: number;
  sheets: number;
  files: ReturnType<typeof printBatchFiles>;
}

async function writePrintBatch(letterDir: string, campaignId: number, number: number, letters: readonly UncollatedLetter[]): Promise<WrittenBatch> {
  const files = printBatchFiles(campaignId, number);
  const pdfPath = inLetterDir(letterDir, files.pdf);
  const manifestPath = inLetterDir(letterDir, files.manifest);
  async function* pieces() {
    for (const letter of letters) yield await readFile(inLetterDir(letterDir, letter.file));
  }
  const merged = await mergePdfFiles(pdfPath, pieces());
  // The merge counts pages itself; a letter whose file disagrees with its row is a fault, not a detail.
  merged.placements.forEach((p, i) => {
    if (p.pageCount !== letters[i]!.pages) throw new Error(`letter ${String(letters[i]!.deliveryId)} has ${p.pageCount} pages in its file, ${letters[i]!.pages} recorded`);
  });
  const manifest = stringify(
    letters.map((l, i) => [i + 1, l.memberNumber, merged.placements[i]!.firstPage, l.pages, l.sheets, l.postcode ?? ""]),
    { header: true, columns: [...MANIFEST_COLUMNS] },
  );
  await writeFileAtomic(manifestPath, manifest);
  await writeZip(inLetterDir(letterDir, files.zip), [
    { path: pdfPath, name: files.pdf.split("/").pop()! },
    { path: manifestPath, name: files.manifest.split("/").pop()! },
  ]);
  return { pages: merged.pages, sheets: letters.reduce((n, l) => n + l.sheets, 0), files };
}

/** The handover file: the PDF and its manifest in one zip, streamed (a batch's PDF may be large). */
async function writeZip(path: string, entries: Array<{ path: string; name: string }>): Promise<void> {
  const tmp = await tempPathBeside(path);
  try {
    const zip = new yazl.ZipFile();
    for (const e of entries) zip.addReadStream(createReadStream(e.path), e.name, { compress: true });
    zip.end();
    const out = createWriteStream(tmp, { mode: 0o600 });
    zip.outputStream.pipe(out);
    await once(out, "close");
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** One-letter files of letters already in a print batch are no longer needed (they hold addresses). */
function removeCollatedPieceFiles(deps: CollateDeps, campaignId: number): Promise<number> {
  return forgetPieceFiles(deps, campaignId, { collated: true });
}

/**
 * Letters of a cancelled campaign that were rendered but never collated: their rows are cancelled
 * by the cancel itself; their files are removed here (best effort: the cancel has happened).
 */
export function discardUncollatedPieceFiles(deps: { db: Db; config: Pick<Config, "LETTER_DIR"> }, campaignId: number): Promise<number> {
  return forgetPieceFiles(deps, campaignId, { collated: false });
}

/** Removes the campaign's one-letter files, collated or not, and forgets their paths. */
async function forgetPieceFiles(deps: { db: Db; config: Pick<Config, "LETTER_DIR"> }, campaignId: number, which: { collated: boolean }): Promise<number> {
  const rows = await deps.db.$queryRawUnsafe<Array<{ id: bigint; file: string }>>(
    `SELECT delivery_id AS id, file FROM letter_piece
     WHERE campaign_id = $1 AND (print_batch_id IS NOT NULL) = $2 AND file IS NOT NULL`,
    campaignId, which.collated,
  );
  if (rows.length === 0) return 0;
  await Promise.all(rows.map((r) => {
    const removal = removeLetterFile(deps.config.LETTER_DIR, r.file);
    return which.collated ? removal : removal.catch(() => false);
  }));
  await deps.db.$executeRawUnsafe(`UPDATE letter_piece SET file = NULL WHERE delivery_id = ANY($1::bigint[])`, rows.map((r) => r.id));
  return rows.length;
}
