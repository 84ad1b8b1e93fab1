// Print batch files (RETENTION_LETTER_BATCH_DAYS): the merged PDF, the manifest and the zip hold
// members' names and addresses, and are needed only until the print house has them. The row stays
// (counts, handover date) with files_deleted_at set. Files are unlinked first and the row marked
// after, so a run that stops in between only finds the files already gone the next time.
import { stat } from "node:fs/promises";
import type { Sql } from "../db/sql.ts";
import { inLetterDir, removeLetterFile } from "../letters/files.ts";

export interface LetterBatchRetentionCounts {
  /** Print batches whose files go (and that are marked files_deleted_at). */
  batches: number;
  /** Of their files, those that were still on disk. */
  files: number;
}

interface DueBatch {
  id: number;
  pdf_file: string;
  manifest_file: string;
  zip_file: string;
}

const PAGE = 200;

// Keyset pages by id; print_batch has a few rows per campaign, so no index beyond the key.
function dueBatches(sql: Sql, cutoff: Date, afterId: number): Promise<DueBatch[]> {
  return sql.$queryRawUnsafe<DueBatch[]>(
    `SELECT id, pdf_file, manifest_file, zip_file FROM print_batch
     WHERE created_at < $1 AND files_deleted_at IS NULL AND id > $2 ORDER BY id LIMIT $3`,
    cutoff, afterId, PAGE,
  );
}

async function* pages(sql: Sql, cutoff: Date): AsyncGenerator<DueBatch[]> {
  let afterId = 0;
  for (;;) {
    const page = await dueBatches(sql, cutoff, afterId);
    if (page.length === 0) return;
    yield page;
    afterId = page[page.length - 1]!.id;
  }
}

const filesOf = (batch: DueBatch) => [batch.pdf_file, batch.manifest_file, batch.zip_file];

export interface LetterFileOptions {
  letterDir: string;
  /** Told about a file that could not be removed or a stored path outside LETTER_DIR (ids only). */
  onFileProblem?: (problem: { printBatchId: number; error: string }) => void;
}

export async function countLetterBatchFiles(sql: Sql, cutoff: Date, options: LetterFileOptions): Promise<LetterBatchRetentionCounts> {
  const counts: LetterBatchRetentionCounts = { batches: 0, files: 0 };
  for await (const page of pages(sql, cutoff)) {
    for (const batch of page) {
      counts.batches += 1;
      for (const file of filesOf(batch)) {
        const path = resolvedOrNull(options, batch.id, file);
        if (path && (await exists(path))) counts.files += 1;
      }
    }
  }
  return counts;
}

export async function deleteLetterBatchFiles(sql: Sql, cutoff: Date, now: Date, options: LetterFileOptions): Promise<LetterBatchRetentionCounts> {
  const counts: LetterBatchRetentionCounts = { batches: 0, files: 0 };
  for await (const page of pages(sql, cutoff)) {
    for (const batch of page) {
      for (const file of filesOf(batch)) {
        const removed = await removeLetterFile(options.letterDir, file).catch((error: unknown) => {
          options.onFileProblem?.({ printBatchId: batch.id, error: (error as Error).message });
          return false;
        });
        if (removed) counts.files += 1;
      }
      counts.batches += await sql.$executeRawUnsafe(
        `UPDATE print_batch SET files_deleted_at = $2 WHERE id = $1 AND files_deleted_at IS NULL`,
        batch.id, now,
      );
    }
  }
  return counts;
}

/** A stored path resolved inside LETTER_DIR; a path that would leave it is never touched. */
function resolvedOrNull(options: LetterFileOptions, printBatchId: number, file: string): string | null {
  try {
    return inLetterDir(options.letterDir, file);
  } catch (error) {
    options.onFileProblem?.({ printBatchId, error: (error as Error).message });
    return null;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

