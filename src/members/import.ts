// Member import: parse, validate and write in one transaction. Parsing the next chunk overlaps
// with the database writing the previous one (the database works on the other core).
import { membersChanged } from "./changes.ts";
import { createReadStream } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import type { Pseudonyms } from "../consent/pseudonyms.ts";
import type { Db } from "../db/client.ts";
import { liftSoftBounceSuppressions } from "../deliveries/provider-events.ts";
import { conflict, DomainError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
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
  /**
   * Writes the audit row inside the import's transaction (so a rolled-back import leaves none);
   * by default a row labelled `actor`.
   */
  audit?: (tx: Prisma.TransactionClient, details: ImportAuditDetails) => Promise<void>;
  /** Refuse a source longer than this many bytes (an upload); nothing is written then. */
  maxBytes?: number;
  chunkSize?: number;
  onProgress?: (event: { rowsRead: number; rowsWritten: number }) => void;
  /**
   * When the registry sends a member a changed email address, a soft-bounce suppression of that
   * address is lifted (a full mailbox is temporary; a fresh word from the registry earns it another
   * try). Needs the pseudonym key to find the suppression; without it nothing is lifted.
   */
  softBounceLift?: { pseudonyms: Pseudonyms; at: Date };
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

export interface ImportAuditDetails {
  inserted: number;
  updated: number;
  unchanged: number;
  resigned: number;
  rejected: number;
  fullSync: boolean;
}

/** The source was longer than `maxBytes`. */
export class ImportTooLargeError extends DomainError {
  override name = "ImportTooLargeError";
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super("invalid", `Import refused, nothing was written: the file is larger than ${Math.round(maxBytes / 1e6)} MB`);
    this.maxBytes = maxBytes;
  }
}

/** The source failed or stopped before its end (a dropped upload, an unreadable file). */
export class ImportSourceError extends DomainError {
  override name = "ImportSourceError";
  constructor(cause: unknown) {
    super("invalid", `Import refused, nothing was written: the file could not be read to its end (${(cause as Error)?.message ?? String(cause)})`);
    this.cause = cause;
  }
}

class DryRunRollback extends Error {}

/**
 * Hands the source on to the CSV parser, but ENDS (never errors) the parser's input when the
 * source fails, is cut off, or grows past maxBytes: the parser only listens for the end of a
 * piped stream, so an error would leave the import (and its transaction) waiting forever.
 * The failure is reported afterwards and rolls the import back.
 */
function guardSource(source: Readable, maxBytes: number | undefined): { input: Readable; failure: () => Error | undefined } {
  const input = new PassThrough();
  let failure: Error | undefined;
  let bytes = 0;
  let done = false;
  const stop = (error?: Error) => {
    if (done) return;
    done = true;
    failure = error;
    source.off("data", onData);
    // An HTTP request's unread rest is discarded by Node after the response; a file is closed.
    if (error) source.pause();
    input.end();
  };
  const onData = (chunk: Buffer | string) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    if (maxBytes !== undefined && bytes > maxBytes) return stop(new ImportTooLargeError(maxBytes));
    if (!input.write(chunk)) source.pause();
  };
  input.on("drain", () => done || source.resume());
  source.on("data", onData);
  source.once("end", () => stop());
  source.once("error", (error) => stop(new ImportSourceError(error)));
  source.once("close", () => stop(new ImportSourceError(new Error("the upload was cut off"))));
  return { input, failure: () => failure };
}

export async function importMembers(db: Db, source: string | Readable, options: ImportOptions = {}): Promise<ImportReport> {
  const guarded = guardSource(typeof source === "string" ? createReadStream(source) : source, options.maxBytes);
  const input = guarded.input;
  const report: ImportReport = {
    inserted: 0, updated: 0, unchanged: 0, resigned: 0, rejected: [], warnings: [], dryRun: Boolean(options.dryRun),
  };
  try {
    await db.$transaction(
      async (tx) => {
        // One import at a time (an upload through the API may meet a CLI run): two would upsert
        // the same rows in different orders and deadlock, and a full sync must see the whole file.
        const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(hashtext('budstikke.members.import')) AS locked`;
        if (!lock?.locked) throw conflict("another member import is running; try again when it has finished");
        const currentBefore = options.fullSync ? await countCurrentMembers(tx) : 0;
        let statements: { member: ReturnType<typeof buildMemberUpsert>; employment: ReturnType<typeof buildEmploymentUpsert> } | undefined;
        let inFlight: Promise<void> = Promise.resolve();
        let failure: unknown;
        let rowsWritten = 0;
        const write = async (rows: MemberRow[], present: Set<MemberColumn>) => {
          await inFlight; // at most one chunk in the database while the next one is parsed
          if (failure) throw failure;
          statements ??= { member: buildMemberUpsert(present), employment: buildEmploymentUpsert(present) };
          const chunk = statements;
          const lift = present.has("email") ? options.softBounceLift : undefined;
          inFlight = (async () => {
            const before = lift ? await emailsBefore(tx, rows) : null;
            const outcome = await writeChunk(tx, rows, chunk);
            if (lift && before) {
              const changed = rows.filter((r) => r.email !== null && r.email !== before.get(r.memberNumber)).map((r) => r.email!);
              await liftSoftBounceSuppressions(tx, lift.pseudonyms, changed, lift.at);
            }
            return outcome;
          })().then(
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
        // A source that failed explains a half-read file better than what the parser made of it.
        const read = await readMemberCsv(input, { chunkSize: options.chunkSize ?? 10_000, onChunk: write }).catch((error: unknown) => {
          throw guarded.failure() ?? error;
        });
        await inFlight;
        const cut = guarded.failure();
        if (cut) throw cut;
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
        const details: ImportAuditDetails = {
          inserted: report.inserted, updated: report.updated, unchanged: report.unchanged,
          resigned: report.resigned, rejected: report.rejected.length, fullSync: Boolean(options.fullSync),
        };
        if (options.audit) await options.audit(tx, details);
        else await tx.auditLog.create({ data: { actor: options.actor ?? "cli", action: "members.import", details: { ...details } } });
      },
      // Large files take a while; the default 5 s interactive-transaction timeout is for web requests.
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
    return report;
  }
  membersChanged(db);
  return report;
}

/** The email addresses the chunk's members have now (before the chunk is written). */
async function emailsBefore(tx: Prisma.TransactionClient, rows: MemberRow[]): Promise<Map<string, string | null>> {
  const found = await tx.$queryRawUnsafe<Array<{ member_number: string; email: string | null }>>(
    `SELECT member_number, email FROM member WHERE member_number = ANY($1::text[])`, rows.map((r) => r.memberNumber),
  );
  return new Map(found.map((f) => [f.member_number, f.email]));
}

export function importMembersFromText(db: Db, csv: string, options?: ImportOptions): Promise<ImportReport> {
  return importMembers(db, Readable.from([csv]), options);
}
