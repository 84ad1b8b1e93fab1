// Reading the CSV files staff attach to a campaign (merge data, an audience list): a header row
// naming `member_number`, then one row per member. A file that is not valid CSV, has no
// `member_number` column or (for merge data) bad column names is refused whole, so nothing that
// was attached before is lost; a bad row is reported with its line and the rest are taken.
import type { Readable } from "node:stream";
import { CsvError } from "csv-parse";
import { parse } from "csv-parse/sync";
import type { Scope } from "../auth/actor.ts";
import { scopeCondition } from "../auth/scope.ts";
import type { Sql } from "../db/sql.ts";
import { DomainError } from "../errors.ts";
import { MERGE_COLUMN_PATTERN } from "../templates/context.ts";

export const MEMBER_NUMBER_COLUMN = "member_number";
/** The largest file taken (also the API's body limit for these uploads). */
export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
/** A merge value is a link, an amount, a reference: longer than this is a mistake in the file. */
const MAX_CELL_CHARS = 2000;
/** Reports list at most this many lines or numbers of each kind (with the full count beside). */
export const REPORT_LIMIT = 1000;

/** The whole file was refused: nothing was changed. */
export class UploadFileError extends DomainError {
  override name = "UploadFileError";
  constructor(what: string, message: string) {
    super("invalid", `${what} refused, nothing was changed: ${message}`, [{ path: "file", message }]);
  }
}

export interface UploadRow {
  line: number;
  memberNumber: string;
  /** The other columns' cells, by column name (merge data only). */
  cells: Record<string, string>;
}

export interface LineProblem {
  line: number;
  memberNumber: string;
  problem: string;
}

export interface UploadFile {
  /** The columns besides member_number, lowercased (merge data only; a list ignores them). */
  columns: string[];
  /** The first row of each member number that passed the checks. */
  rows: UploadRow[];
  /** Data rows in the file (header and blank lines not counted). */
  dataRows: number;
  /** Later lines with a member number seen before (the first one is taken). */
  duplicates: LineProblem[];
  rejected: LineProblem[];
  warnings: string[];
}

export interface ReadUploadOptions {
  /** For the messages: "merge data" or "the audience list". */
  what: string;
  /** Keep the other columns (merge data: each must be named well and every cell filled) or ignore them (a list). */
  keepColumns: boolean;
}

/** Reads a stream up to `maxBytes` (a larger file is refused before it is parsed). */
export async function readUploadText(input: Readable, what: string, maxBytes = UPLOAD_MAX_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) throw new UploadFileError(what, `the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function parseUploadCsv(text: string, options: ReadUploadOptions): UploadFile {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw new UploadFileError(options.what, `not valid CSV: ${error.message}`);
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw new UploadFileError(options.what, "the file is empty: expected a header row with member_number");
  const { numberAt, columns, warnings } = readHeader(header.record, options);
  const file: UploadFile = { columns: columns.map((c) => c.name), rows: [], dataRows: body.length, duplicates: [], rejected: [], warnings };
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const memberNumber = (record[numberAt] ?? "").trim();
    const reject = (problem: string) => file.rejected.push({ line, memberNumber, problem });
    if (record.length !== header.record.length) {
      reject(`has ${record.length} fields, the header has ${header.record.length}`);
      continue;
    }
    if (memberNumber === "") {
      reject("member_number: empty");
      continue;
    }
    const firstLine = firstLineOf.get(memberNumber);
    if (firstLine !== undefined) {
      file.duplicates.push({ line, memberNumber, problem: `member_number appears already on line ${firstLine}; this line is not used` });
      continue;
    }
    const cells: Record<string, string> = {};
    const problems: string[] = [];
    for (const column of columns) {
      const value = (record[column.index] ?? "").trim();
      // An empty cell would render as an empty link: the member is skipped no_merge_data instead.
      if (value === "") problems.push(`${column.name}: empty`);
      else if (value.includes("\u0000")) problems.push(`${column.name}: contains a NUL character`);
      else if (value.length > MAX_CELL_CHARS) problems.push(`${column.name}: longer than ${MAX_CELL_CHARS} characters`);
      else cells[column.name] = value;
    }
    if (memberNumber.includes("\u0000")) problems.push("member_number: contains a NUL character");
    if (problems.length > 0) {
      reject(problems.join("; "));
      continue;
    }
    firstLineOf.set(memberNumber, line);
    file.rows.push({ line, memberNumber, cells });
  }
  return file;
}

function readHeader(record: string[], options: ReadUploadOptions) {
  const names = record.map((raw) => raw.trim().toLowerCase());
  const numberAt = names.indexOf(MEMBER_NUMBER_COLUMN);
  if (numberAt < 0) {
    // Excel in Norwegian locales saves "CSV" with semicolons; say so instead of only "missing".
    const hint = record.length === 1 && record[0]?.includes(";") ? " (the header is separated by ';': save the file as comma-separated CSV)" : "";
    throw new UploadFileError(options.what, `the header has no member_number column${hint}`);
  }
  const warnings: string[] = [];
  const columns: Array<{ name: string; index: number }> = [];
  const bad: string[] = [];
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (index === numberAt) return;
    if (!options.keepColumns) {
      warnings.push(`column "${record[index]!.trim()}" is ignored: only member_number is read`);
      return;
    }
    if (name === MEMBER_NUMBER_COLUMN || seen.has(name)) bad.push(`"${record[index]!.trim()}" (position ${index + 1}) is named twice`);
    else if (!MERGE_COLUMN_PATTERN.test(name)) bad.push(`"${record[index]!.trim()}" (position ${index + 1})`);
    seen.add(name);
    columns.push({ name, index });
  });
  if (bad.length > 0) {
    throw new UploadFileError(
      options.what,
      `bad column name${bad.length > 1 ? "s" : ""}: ${bad.join(", ")}. Templates read a column as merge.<name>, so a name is letters a–z, digits and _, starting with a letter (case is ignored), each once`,
    );
  }
  if (options.keepColumns && columns.length === 0) throw new UploadFileError(options.what, "the file has no column besides member_number: nothing to merge");
  return { numberAt, columns, warnings };
}

/** Member numbers per statement when resolving them. */
const RESOLVE_CHUNK = 10_000;

/**
 * Member ids of the numbers, for the numbers that name a member the actor may know of: an erased
 * member, or for a steward one outside the scope, is unknown here as everywhere else.
 */
export async function resolveMemberNumbers(sql: Sql, numbers: readonly string[], scope: Scope | null): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const condition = scope === null ? { sql: "true", params: [] } : scopeCondition(scope, { memberAlias: "m", firstParam: 2 });
  for (let start = 0; start < numbers.length; start += RESOLVE_CHUNK) {
    // member_member_number_key serves the lookup.
    const rows = await sql.$queryRawUnsafe<Array<{ id: number; member_number: string }>>(
      `SELECT m.id, m.member_number FROM member m
       WHERE m.member_number = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM erased_member x WHERE x.member_id = m.id) AND ${condition.sql}`,
      numbers.slice(start, start + RESOLVE_CHUNK),
      ...condition.params,
    );
    for (const row of rows) found.set(row.member_number, row.id);
  }
  return found;
}

/** The part of an upload's report every upload shares: what was taken, and what was not and why. */
export interface UploadOutcome {
  rows: number;
  accepted: number;
  unknownCount: number;
  unknownMemberNumbers: string[];
  duplicateCount: number;
  duplicates: LineProblem[];
  rejectedCount: number;
  rejected: LineProblem[];
  warnings: string[];
}

/**
 * Resolves the file's rows to members and says what happened to each line. A file in which no
 * row names a member is refused: replacing what was attached with nothing is never what staff meant.
 */
export async function resolveUpload(sql: Sql, file: UploadFile, scope: Scope | null, what: string): Promise<{ accepted: Array<UploadRow & { memberId: number }>; outcome: UploadOutcome }> {
  const ids = await resolveMemberNumbers(sql, file.rows.map((r) => r.memberNumber), scope);
  const accepted: Array<UploadRow & { memberId: number }> = [];
  const unknown: string[] = [];
  for (const row of file.rows) {
    const memberId = ids.get(row.memberNumber);
    if (memberId === undefined) unknown.push(row.memberNumber);
    else accepted.push({ ...row, memberId });
  }
  if (accepted.length === 0) {
    const why = file.dataRows === 0 ? "the file has no rows" : `none of its ${file.dataRows} rows names a member (${unknown.length} unknown member numbers, ${file.rejected.length} rejected lines, ${file.duplicates.length} duplicates)`;
    throw new UploadFileError(what, why);
  }
  return {
    accepted,
    outcome: {
      rows: file.dataRows,
      accepted: accepted.length,
      unknownCount: unknown.length,
      unknownMemberNumbers: unknown.slice(0, REPORT_LIMIT),
      duplicateCount: file.duplicates.length,
      duplicates: file.duplicates.slice(0, REPORT_LIMIT),
      rejectedCount: file.rejected.length,
      rejected: file.rejected.slice(0, REPORT_LIMIT),
      warnings: file.warnings,
    },
  };
}
