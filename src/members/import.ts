// Member import: parse, validate and write in one transaction. Parsing the next chunk overlaps
// with the database writing the previous one (the database works on the other core).
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { Db } from "../db/client.ts";
import type { MemberColumn } from "./csv-format.ts";
import { readMemberCsv, ImportFileError, type RejectedRow } from "./read-csv.ts";
import type { MemberRow } from "./validate-row.ts";
import {
  buildEmploymentUpsert, buildMemberUpsert, countAbsentMembers, countCurrentMembers, resignAbsentMembers, writeChunk,
} from "./write-members.ts";

export { ImportFileError };

export interface ImportOptions {
  /** Members absent from the file are marked resigned (never deleted). */
  fullSync?: boolean;
  /**
   * With fullSync: refuse when more than this share of the current members would be resigned
   * (a truncated file), unless `force`. @defaultValue 0.1
   */
  maxResignShare?: number;
  /** With fullSync: resign however many are absent. */
  force?: boolean;
  /** Validate and count everything, then roll back. */
  dryRun?: boolean;
  /** Who runs the import, for the audit log. */
  actor?: string;
  chunkSize?: number;
  onProgress?: (event: { rowsRead: number; rowsWritten: number }) => void;
}

export interface ImportReport {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Members marked resigned by --full-sync. */
  resigned: number;
  rejected: RejectedRow[];
  warnings: string[];
  dryRun: boolean;
}

class DryRunRollback extends Error {}

export async function importMembers(db: Db, source: string | Readable, options: ImportOptions = {}): Promise<ImportReport> {
  const input = typeof source === "string" ? createReadStream(source) : source;
  const report: ImportReport = {
    inserted: 0, updated: 0, unchanged: 0, resigned: 0, rejected: [], warnings: [], dryRun: Boolean(options.dryRun),
  };
  try {
    await db.$transaction(
      async (tx) => {
        const currentBefore = options.fullSync ? await countCurrentMembers(tx) : 0;
        let statements: { member: ReturnType<typeof buildMemberUpsert>; employment: ReturnType<typeof buildEmploymentUpsert> } | undefined;
        let inFlight: Promise<void> = Promise.resolve();
        let failure: unknown;
        let rowsWritten = 0;
        const write = async (rows: MemberRow[], present: Set<MemberColumn>) => {
          await inFlight; // at most one chunk in the database while the next one is parsed
          if (failure) throw failure;
          statements ??= { member: buildMemberUpsert(present), employment: buildEmploymentUpsert(present) };
          inFlight = writeChunk(tx, rows, statements).then(
            (outcome) => {
              report.inserted += outcome.inserted;
              report.updated += outcome.updated;
              rowsWritten += rows.length;
              options.onProgress?.({ rowsRead: rowsWritten + rows.length, rowsWritten });
            },
            (error: unknown) => {
              failure = error;
            },
          );
        };
        const read = await readMemberCsv(input, { chunkSize: options.chunkSize ?? 10_000, onChunk: write });
        await inFlight;
        if (failure) throw failure;
        report.rejected = read.rejected;
        report.warnings = read.warnings;
        if (options.fullSync) {
          if (read.dataRows === 0) {
            throw new ImportFileError("--full-sync refused: the file has no rows, so every member would be marked resigned");
          }
          const seen = [...read.seenMemberNumbers];
          const limit = options.maxResignShare ?? 0.1;
          const absent = await countAbsentMembers(tx, seen);
          if (!options.force && currentBefore > 0 && absent / currentBefore > limit) {
            const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
            throw new ImportFileError(
              `--full-sync refused: ${absent} of the ${currentBefore} current members (${percent(absent / currentBefore)}) are not in the file ` +
                `and would be marked resigned; at most ${percent(limit)} may be (FULL_SYNC_MAX_RESIGN_SHARE). ` +
                `Is the file complete? If those members really left, run again with --force.`,
            );
          }
          report.resigned = await resignAbsentMembers(tx, seen);
        }
        report.unchanged = read.validRows - report.inserted - report.updated;
        if (options.dryRun) throw new DryRunRollback();
        await tx.auditLog.create({
          data: {
            actor: options.actor ?? "cli",
            action: "members.import",
            details: {
              inserted: report.inserted, updated: report.updated, unchanged: report.unchanged,
              resigned: report.resigned, rejected: report.rejected.length, fullSync: Boolean(options.fullSync),
            },
          },
        });
      },
      // Large files take a while; the default 5 s interactive-transaction timeout is for web requests.
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return report;
}

export function importMembersFromText(db: Db, csv: string, options?: ImportOptions): Promise<ImportReport> {
  return importMembers(db, Readable.from([csv]), options);
}
