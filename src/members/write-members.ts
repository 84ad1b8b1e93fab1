// Set-based upsert of validated member rows. Each chunk is three statements (municipalities,
// members, primary employments), whatever its size, with every value passed as an array
// parameter and unnested server-side. SQL text is assembled only from the constant column
// specs below, never from input.
import type { Db } from "../db/client.ts";
import type { MemberColumn } from "./csv-format.ts";
import { knownMunicipalityName } from "./geography.ts";
import type { EmploymentRow, MemberRow } from "./validate-row.ts";

type Tx = Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe">;

interface ColumnSpec<R> {
  csv: MemberColumn;
  db: string;
  /** SQL type the text parameter is cast to. */
  cast: string;
  value: (row: R) => string | null;
}

// member_number is the conflict key and always present; it is not in this list.
const MEMBER_SPECS: ColumnSpec<MemberRow>[] = [
  { csv: "first_name", db: "first_name", cast: "text", value: (r) => r.firstName },
  { csv: "last_name", db: "last_name", cast: "text", value: (r) => r.lastName },
  { csv: "birth_date", db: "birth_date", cast: "date", value: (r) => r.birthDate },
  { csv: "email", db: "email", cast: "text", value: (r) => r.email },
  { csv: "mobile", db: "mobile", cast: "text", value: (r) => r.mobile },
  { csv: "address_line", db: "address_line", cast: "text", value: (r) => r.addressLine },
  { csv: "postcode", db: "postcode", cast: "text", value: (r) => r.postcode },
  { csv: "city", db: "city", cast: "text", value: (r) => r.city },
  { csv: "municipality_number", db: "municipality_number", cast: "text", value: (r) => r.municipalityNumber },
  { csv: "municipality_number", db: "county_number", cast: "text", value: (r) => r.municipalityNumber?.slice(0, 2) ?? null },
  { csv: "status", db: "status", cast: '"MemberStatus"', value: (r) => r.status },
  { csv: "joined_on", db: "joined_on", cast: "date", value: (r) => r.joinedOn },
  { csv: "language", db: "language", cast: '"Language"', value: (r) => r.language },
  { csv: "branch", db: "branch", cast: "text", value: (r) => r.branch },
];

const EMPLOYMENT_SPECS: ColumnSpec<EmploymentRow>[] = [
  { csv: "employer_org_number", db: "employer_org_number", cast: "text", value: (e) => e.employerOrgNumber },
  { csv: "employer_name", db: "employer_name", cast: "text", value: (e) => e.employerName },
  { csv: "sector", db: "sector", cast: '"Sector"', value: (e) => e.sector },
  { csv: "agreement", db: "agreement", cast: "text", value: (e) => e.agreement },
  { csv: "workplace", db: "workplace", cast: "text", value: (e) => e.workplace },
  { csv: "position", db: "position", cast: "text", value: (e) => e.position },
];

// A changed address must not inherit the "invalid" marker of the old one.
const INVALID_MARKERS: Array<{ marker: string; columns: string[] }> = [
  { marker: "email_invalid_at", columns: ["email"] },
  { marker: "mobile_invalid_at", columns: ["mobile"] },
  { marker: "address_invalid_at", columns: ["address_line", "postcode", "city"] },
];

export interface ChunkOutcome {
  inserted: number;
  updated: number;
}

export function buildMemberUpsert(present: Set<MemberColumn>) {
  const specs = MEMBER_SPECS.filter((s) => present.has(s.csv));
  const cols = ["member_number", ...specs.map((s) => s.db)];
  const unnestArgs = cols.map((_, i) => `$${i + 1}::text[]`).join(", ");
  const selectList = ["s.member_number", ...specs.map((s) => `s.${s.db}::${s.cast}`)].join(", ");
  const updatedCols = specs.map((s) => s.db);
  const markers = INVALID_MARKERS.filter((m) => m.columns.some((c) => updatedCols.includes(c))).map(
    (m) =>
      `${m.marker} = CASE WHEN (${m.columns.map((c) => `member.${c}`).join(", ")}) IS DISTINCT FROM (${m.columns
        .map((c) => (updatedCols.includes(c) ? `excluded.${c}` : `member.${c}`))
        .join(", ")}) THEN NULL ELSE member.${m.marker} END`,
  );
  const setList = [...updatedCols.map((c) => `${c} = excluded.${c}`), ...markers, "updated_at = now()"].join(", ");
  const stored = updatedCols.map((c) => `m.${c}`).join(", ");
  const incoming = specs.map((s) => `s.${s.db}::${s.cast}`).join(", ");
  // Unchanged rows are filtered out before the upsert: ON CONFLICT … DO UPDATE … WHERE false
  // would still lock (and so write) every conflicting row, which made re-imports slow.
  // The ON CONFLICT clause stays for rows that a concurrent import inserted meanwhile.
  const sql = `
    INSERT INTO member (${cols.join(", ")}, updated_at)
    SELECT ${selectList}, now() FROM unnest(${unnestArgs}) AS s(${cols.join(", ")})
    LEFT JOIN member m ON m.member_number = s.member_number
    WHERE m.id IS NULL OR (${stored}) IS DISTINCT FROM (${incoming})
    ON CONFLICT (member_number) DO UPDATE SET ${setList}
    WHERE (${updatedCols.map((c) => `member.${c}`).join(", ")}) IS DISTINCT FROM (${updatedCols.map((c) => `excluded.${c}`).join(", ")})
    RETURNING member_number, (xmax = 0) AS inserted`;
  return {
    sql,
    params: (rows: MemberRow[]) => [rows.map((r) => r.memberNumber), ...specs.map((s) => rows.map(s.value))],
  };
}

export function buildEmploymentUpsert(present: Set<MemberColumn>) {
  const specs = EMPLOYMENT_SPECS.filter((s) => present.has(s.csv));
  const cols = specs.map((s) => s.db);
  const unnestArgs = ["$1::text[]", ...cols.map((_, i) => `$${i + 2}::text[]`)].join(", ");
  const sql = `
    WITH changed AS (
      INSERT INTO employment (member_id, is_primary, ${cols.join(", ")}, updated_at)
      SELECT m.id, true, ${specs.map((s) => `s.${s.db}::${s.cast}`).join(", ")}, now()
      FROM unnest(${unnestArgs}) AS s(member_number, ${cols.join(", ")})
      JOIN member m ON m.member_number = s.member_number
      LEFT JOIN employment e ON e.member_id = m.id AND e.is_primary
      WHERE e.id IS NULL OR (${cols.map((c) => `e.${c}`).join(", ")}) IS DISTINCT FROM (${specs.map((s) => `s.${s.db}::${s.cast}`).join(", ")})
      ON CONFLICT (member_id) WHERE is_primary DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(", ")}, updated_at = now()
      WHERE (${cols.map((c) => `employment.${c}`).join(", ")}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(", ")})
      RETURNING member_id)
    SELECT m.member_number FROM changed JOIN member m ON m.id = changed.member_id`;
  return {
    sql,
    params: (rows: MemberRow[]) => {
      const withJob = rows.filter((r) => r.employment !== null);
      return [withJob.map((r) => r.memberNumber), ...specs.map((s) => withJob.map((r) => s.value(r.employment as EmploymentRow)))];
    },
    hasColumns: cols.length > 0,
  };
}

const MUNICIPALITY_INSERT = `
  INSERT INTO municipality (number, name, county_number)
  SELECT n, nm, left(n, 2) FROM unnest($1::text[], $2::text[]) AS t(n, nm)
  ON CONFLICT (number) DO NOTHING`;

/** Upserts one chunk and reports how many members were inserted and how many changed. */
export async function writeChunk(
  tx: Tx,
  rows: MemberRow[],
  statements: { member: ReturnType<typeof buildMemberUpsert>; employment: ReturnType<typeof buildEmploymentUpsert> },
): Promise<ChunkOutcome> {
  const municipalities = [...new Set(rows.map((r) => r.municipalityNumber).filter((m): m is string => m !== null))];
  if (municipalities.length > 0) {
    await tx.$executeRawUnsafe(MUNICIPALITY_INSERT, municipalities, municipalities.map((m) => knownMunicipalityName(m) ?? null));
  }
  const memberResult = await tx.$queryRawUnsafe<Array<{ member_number: string; inserted: boolean }>>(
    statements.member.sql,
    ...statements.member.params(rows),
  );
  const inserted = new Set(memberResult.filter((r) => r.inserted).map((r) => r.member_number));
  const changed = new Set(memberResult.filter((r) => !r.inserted).map((r) => r.member_number));
  if (statements.employment.hasColumns && rows.some((r) => r.employment !== null)) {
    const jobs = await tx.$queryRawUnsafe<Array<{ member_number: string }>>(
      statements.employment.sql,
      ...statements.employment.params(rows),
    );
    for (const { member_number } of jobs) if (!inserted.has(member_number)) changed.add(member_number);
  }
  return { inserted: inserted.size, updated: changed.size };
}

/** `--full-sync`: members absent from the file become resigned; nobody is deleted. */
/** Current (not resigned) members. Read at the start of a full sync, before the file's rows are written. */
export async function countCurrentMembers(tx: Tx): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM member WHERE status <> 'resigned'`);
  return Number(row?.n ?? 0);
}

/** Current members a full sync would resign: those absent from the file (same anti-join as below). */
export async function countAbsentMembers(tx: Tx, seenMemberNumbers: string[]): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*) AS n FROM member
     WHERE status <> 'resigned' AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS f(n) WHERE f.n = member.member_number)`,
    seenMemberNumbers,
  );
  return Number(row?.n ?? 0);
}

export async function resignAbsentMembers(tx: Tx, seenMemberNumbers: string[]): Promise<number> {
  // Anti-join against the unnested list: a hash anti-join, not an O(n*m) `<> ALL(...)`.
  return tx.$executeRawUnsafe(
    `UPDATE member SET status = 'resigned', updated_at = now()
     WHERE status <> 'resigned'
       AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS f(n) WHERE f.n = member.member_number)`,
    seenMemberNumbers,
  );
}
