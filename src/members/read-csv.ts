// Reads a member CSV into validated rows, handed over in chunks so the caller can write one
// chunk while the next is parsed. The caller writes inside one transaction, so a file that
// turns out not to be valid CSV half-way through still writes nothing.
import { DomainError } from "../errors.ts";
import { parse, CsvError } from "csv-parse";
import type { Readable } from "node:stream";
import { MEMBER_COLUMNS, REQUIRED_COLUMNS, type MemberColumn } from "./csv-format.ts";
import { validateRow, type MemberRow } from "./validate-row.ts";

export interface RejectedRow {
  line: number;
  memberNumber: string;
  errors: string[];
}

export interface ReadResult {
  /** Rows that passed validation (and were handed to onChunk). */
  validRows: number;
  rejected: RejectedRow[];
  warnings: string[];
  /** Columns the file has; absent optional columns leave stored values untouched. */
  presentColumns: Set<MemberColumn>;
  /** Every member number in the file, valid or not (a rejected row must not count as absent). */
  seenMemberNumbers: Set<string>;
  dataRows: number;
}

/** The whole file was refused: nothing may be written. */
export class ImportFileError extends DomainError {
  override name = "ImportFileError";
  constructor(message: string) {
    super("invalid", `Import refused, nothing was written: ${message}`);
  }
}

export interface ReadOptions {
  chunkSize: number;
  /** Receives valid rows in order. Parsing resumes when the promise resolves, so a caller that starts its write and returns early gets overlap. */
  onChunk: (rows: MemberRow[], presentColumns: Set<MemberColumn>) => Promise<void>;
}

export async function readMemberCsv(input: Readable, options: ReadOptions): Promise<ReadResult> {
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  const result: ReadResult = {
    validRows: 0, rejected: [], warnings: [], presentColumns: new Set(), seenMemberNumbers: new Set(), dataRows: 0,
  };
  let chunk: MemberRow[] = [];
  let indexOf: Map<MemberColumn, number> | undefined;
  let headerLength = 0;
  const firstLineOf = new Map<string, number>();
  let bannerLines = 0;

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!indexOf) {
        if (isNpmBanner(record)) {
          bannerLines++;
          continue;
        }
        if (bannerLines > 0) {
          result.warnings.push(`skipped ${bannerLines} line${bannerLines > 1 ? "s" : ""} of npm's script banner before the header (use npm run -s)`);
        }
        indexOf = readHeader(record, result);
        headerLength = record.length;
        continue;
      }
      const line = info.lines;
      result.dataRows++;
      const columns = indexOf;
      const get = (column: MemberColumn) => {
        const i = columns.get(column);
        return i === undefined ? "" : (record[i] ?? "");
      };
      const memberNumber = get("member_number").trim();
      if (memberNumber) result.seenMemberNumbers.add(memberNumber);
      if (record.length !== headerLength) {
        result.rejected.push({ line, memberNumber, errors: [`row: has ${record.length} fields, the header has ${headerLength}`] });
        continue;
      }
      const checked = validateRow(get);
      if (!checked.ok) {
        result.rejected.push({ line, memberNumber: checked.memberNumber, errors: checked.errors });
        continue;
      }
      const firstLine = firstLineOf.get(checked.row.memberNumber);
      if (firstLine !== undefined) {
        result.rejected.push({ line, memberNumber, errors: [`member_number: appears already on line ${firstLine}`] });
        continue;
      }
      firstLineOf.set(checked.row.memberNumber, line);
      chunk.push(checked.row);
      result.validRows++;
      if (chunk.length === options.chunkSize) {
        await options.onChunk(chunk, result.presentColumns);
        chunk = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ImportFileError(`not valid CSV: ${error.message}`);
    }
    throw error;
  }
  if (!indexOf) throw new ImportFileError("the file is empty: expected a header row");
  if (chunk.length > 0) await options.onChunk(chunk, result.presentColumns);
  return result;
}

/**
 * `npm run cli -- members generate … > m.csv` (without -s) writes npm's banner, "> pkg@version
 * script" and "> command", above the CSV. No header of ours starts with "> ", so such lines
 * before the header are skipped (with a warning) instead of refusing the file.
 */
function isNpmBanner(record: string[]): boolean {
  return record.length === 1 && /^> \S/.test(record[0] ?? "");
}

function readHeader(record: string[], result: ReadResult): Map<MemberColumn, number> {
  const indexOf = new Map<MemberColumn, number>();
  const known = new Set<string>(MEMBER_COLUMNS);
  record.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!known.has(name)) {
      result.warnings.push(`unknown column "${raw.trim()}" (position ${i + 1}) is ignored`);
      return;
    }
    if (indexOf.has(name as MemberColumn)) throw new ImportFileError(`the header names column "${name}" twice`);
    indexOf.set(name as MemberColumn, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !indexOf.has(c));
  if (missing.length > 0) {
    // Excel in Norwegian locales saves "CSV" with semicolons; say so instead of listing every column.
    const hint = record.length === 1 && record[0]?.includes(";") ? " (the header is separated by ';': save the file as comma-separated CSV)" : "";
    throw new ImportFileError(`the header lacks required column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}${hint}`);
  }
  for (const column of MEMBER_COLUMNS) {
    if (indexOf.has(column)) result.presentColumns.add(column);
    else result.warnings.push(`column "${column}" is absent: stored values are kept`);
  }
  return indexOf;
}
