// Member search: the hot query behind GET /api/v1/members?q=…. Every word of the query must
// match the member somewhere: name or email (substring), member number (prefix), any employer
// (name substring or organisation number) or the municipality (name substring or number).
// Results come in member-number order, paged by keyset on the member number.
//
// Why two plans. ORDER BY + LIMIT tempts the planner to walk the member-number index and filter,
// which is instant when matches are dense and reads all 100,000 rows when they are rare (a
// member number: 170 ms). Collecting the matches through the trigram indexes and sorting them is
// the opposite. So a cheap probe first asks each "generator" (a word through its indexes, a
// steward's scope through the branch and employer indexes) for at most PROBE_CAP member ids: when one is small, the page is computed over those ids only; otherwise
// matches are dense and the walk finds a page within a few thousand rows. (Ordering by name
// would defeat the walk: the matches of a name search all sit in one stretch of a name index.)
// Indexes: migration 20261203100000_member_search.
import type { Scope } from "../auth/actor.ts";
import { scopeCondition } from "../auth/scope.ts";
import type { Db } from "../db/client.ts";
import { invalid } from "../errors.ts";

type Queryable = Pick<Db, "$queryRawUnsafe">;

/**
 * The most ids a generator may have for the page to be computed over them: a single generator
 * pays off up to about sqrt(25 × members) ids (1,600 of 100,000), beyond which walking is
 * cheaper; with several, the walk must get through their (rarer) intersection, so more pay off.
 */
export const PROBE_CAP = { one: 1600, several: 4000 } as const;
export const MAX_WORDS = 8;

export type ContactState = "valid" | "invalid" | "missing";

export interface MemberSummaryRow {
  id: number;
  memberNumber: string;
  firstName: string;
  lastName: string;
  status: string;
  branch: string | null;
  municipalityNumber: string | null;
  /** The municipality's name; null when unknown (only its number arrived). */
  municipalityName: string | null;
  /** The primary employment's employer. */
  employerName: string | null;
  contact: { email: ContactState; mobile: ContactState; address: ContactState };
}

export interface SearchInput {
  q?: string;
  /** Keyset: the id of the last member of the previous page. */
  afterId?: number;
  limit: number;
  /** Null: every member. A steward's scope is ANDed into the SQL. */
  scope: Scope | null;
  /** Force a plan (tests hold the two against each other); default: chosen by the probe. */
  plan?: "walk" | "candidates";
}

/** What kind of query it was, for the audit trail (never the text itself: it may be a name). */
export interface QueryShape {
  kind: "all" | "number" | "email" | "text";
  length: number;
  words: number;
}

export interface SearchResult {
  items: MemberSummaryRow[];
  /** Pass as afterId for the next page; null on the last page. */
  nextAfterId: number | null;
  query: QueryShape;
}

/** Splits a query into words; "974 760 673" (an organisation number as printed) stays one word. */
export function queryWords(q: string | undefined): string[] {
  const text = (q ?? "").normalize("NFC").trim().replace(/\b(\d{3}) (\d{3}) (\d{3})\b/g, "$1$2$3");
  return text === "" ? [] : text.split(/\s+/);
}

export function queryShape(q: string | undefined): QueryShape {
  const words = queryWords(q);
  const kind = words.length === 0 ? "all" : words.every((w) => /^\d+$/.test(w)) ? "number" : words.some((w) => w.includes("@")) ? "email" : "text";
  return { kind, length: (q ?? "").trim().length, words: words.length };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

interface Word {
  /** Words of one or two letters match the start of a name only ("Ola H"); longer ones any substring. */
  short: boolean;
  /** LIKE patterns for the name-and-email text, lower-cased and escaped. */
  text: string[];
  /** `Word%` as typed, escaped (member numbers are compared as stored). */
  prefix: string;
  /** `%word%`, lower-cased, escaped: employer and municipality names. */
  contains: string;
  /** The word itself, for organisation and municipality numbers. */
  exact: string;
}

function toWord(word: string, params: Params): Word {
  const lower = escapeLike(word.toLowerCase());
  const short = word.length < 3;
  const contains = short ? "" : params.add(`%${lower}%`, "text");
  return {
    short,
    // pg_trgm reads a space before the word as a word start, so these prefixes use the index too.
    text: short ? [params.add(`${lower}%`, "text"), params.add(`% ${lower}%`, "text")] : [contains],
    prefix: params.add(`${escapeLike(word)}%`, "text"),
    contains,
    exact: short ? "" : params.add(word, "bpchar"),
  };
}

// Must stay exactly the index expression of member_search_text_trgm_idx.
const SEARCH_TEXT = "lower(m.first_name || ' ' || m.last_name || ' ' || coalesce(m.email, ''))";
const MUNICIPALITIES_MATCHING = (w: Word) => `SELECT mu.number FROM municipality mu WHERE lower(mu.name) LIKE ${w.contains} OR mu.number = ${w.exact}`;
const EMPLOYERS_MATCHING = (w: Word) => `lower(e.employer_name) LIKE ${w.contains} OR e.employer_org_number = ${w.exact}`;

/**
 * The word matches member m. The municipality list is tiny and hashed once. The employment test
 * must stay a per-row probe of employment_member_id_idx: hashing every employer match up front
 * cost 10-60 ms for a common word when the walk needed 50 rows, and the planner hashes an
 * EXISTS it can turn into IN; OFFSET 0 is what stops it (PostgreSQL leaves such a subquery be).
 */
function wordCondition(w: Word): string {
  const parts = [...w.text.map((p) => `${SEARCH_TEXT} LIKE ${p}`), `m.member_number LIKE ${w.prefix}`];
  if (!w.short) {
    parts.push(`m.municipality_number IN (${MUNICIPALITIES_MATCHING(w)})`);
    parts.push(`EXISTS (SELECT 1 FROM employment e WHERE e.member_id = m.id AND (${EMPLOYERS_MATCHING(w)}) OFFSET 0)`);
  }
  return `(${parts.join(" OR ")})`;
}

/** Queries for the ids of members the word matches, each through its own index (together: duplicates allowed). */
function wordGenerator(w: Word): string[] {
  const parts = [
    ...w.text.map((p) => `SELECT m.id FROM member m WHERE ${SEARCH_TEXT} LIKE ${p}`),
    `SELECT m.id FROM member m WHERE m.member_number LIKE ${w.prefix}`,
  ];
  if (!w.short) {
    parts.push(`SELECT m.id FROM member m WHERE m.municipality_number IN (${MUNICIPALITIES_MATCHING(w)})`);
    parts.push(`SELECT e.member_id AS id FROM employment e WHERE ${EMPLOYERS_MATCHING(w)}`);
  }
  return parts;
}

/** Queries for the ids of the members in a scope, through the branch and employer indexes. */
function scopeGenerator(scope: Scope, params: Params): string[] {
  const parts: string[] = [];
  if (scope.branches.length > 0) parts.push(`SELECT m.id FROM member m WHERE m.branch = ANY(${params.add(scope.branches, "text[]")})`);
  if (scope.employers.length > 0) parts.push(`SELECT e.member_id AS id FROM employment e WHERE e.employer_org_number = ANY(${params.add(scope.employers, "bpchar[]")})`);
  return parts;
}

/** One page of members matching the query, in member-number order, within the scope; erased members never appear. */
export async function searchMemberPage(db: Queryable, input: SearchInput): Promise<SearchResult> {
  const words = queryWords(input.q);
  const query = queryShape(input.q);
  if (words.length > MAX_WORDS) throw invalid("the search has too many words", [{ path: "q", message: `use at most ${MAX_WORDS} words` }]);
  const empty: SearchResult = { items: [], nextAfterId: null, query };
  if (input.scope && input.scope.branches.length === 0 && input.scope.employers.length === 0) return empty;

  const probe = await probeGenerators(db, words, input);
  if (probe.afterMissing) throw invalid("invalid cursor", [{ path: "cursor", message: "does not point into this list; start again without a cursor" }]);
  if (probe.candidates?.length === 0) return empty;

  const params = new Params();
  const where = ["NOT EXISTS (SELECT 1 FROM erased_member x WHERE x.member_id = m.id)"];
  if (probe.candidates) where.push(`m.id = ANY(${params.add(probe.candidates, "int[]")})`);
  words.forEach((word, i) => probe.settledWords.has(i) || where.push(wordCondition(toWord(word, params))));
  if (input.scope) {
    const scoped = scopeCondition(input.scope, { memberAlias: "m", firstParam: params.values.length + 1 });
    where.push(scoped.sql);
    params.values.push(...scoped.params);
  }
  // A plain parameter, so the walk starts inside member_member_number_key.
  if (probe.afterNumber !== undefined) where.push(`m.member_number > ${params.add(probe.afterNumber, "text")}`);
  const limit = params.add(input.limit + 1, "int");
  // The page is chosen first (LIMIT keeps the subquery from being flattened), so the joins for
  // municipality and employer run for one page only, never for every match.
  const rows = await db.$queryRawUnsafe<SummarySqlRow[]>(
    `SELECT m.id, m.member_number, m.first_name, m.last_name, m.status::text AS status, m.branch,
            m.municipality_number, mu.name AS municipality_name, pe.employer_name,
            ${contactState("m.email IS NULL", "m.email_invalid_at")} AS email_state,
            ${contactState("m.mobile IS NULL", "m.mobile_invalid_at")} AS mobile_state,
            ${contactState("(m.address_line IS NULL OR m.postcode IS NULL)", "m.address_invalid_at")} AS address_state
     FROM (SELECT m.id FROM member m WHERE ${where.join("\n AND ")}
           ORDER BY m.member_number LIMIT ${limit}) page
     JOIN member m ON m.id = page.id
     LEFT JOIN municipality mu ON mu.number = m.municipality_number
     LEFT JOIN employment pe ON pe.member_id = m.id AND pe.is_primary
     ORDER BY m.member_number`,
    ...params.values,
  );
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit).map(toSummary);
  return { items, nextAfterId: more ? items[items.length - 1]!.id : null, query };
}

interface Probe {
  /** Ids the page is computed over (every member that can match); undefined to walk the member-number index. */
  candidates?: number[];
  /** Words whose every match is among the candidates' sources: their conditions need no second test. */
  settledWords: Set<number>;
  /** The member number of the cursor's member. */
  afterNumber?: string;
  afterMissing: boolean;
}

/**
 * Each generator's ids (up to the cap), the member count estimate and the cursor member's number,
 * in one round trip; then the cheaper plan. The generators that came back whole are intersected
 * here (each holds every member its word or scope allows), so "Kari Olsen" is computed over the
 * few hundred members both words match. That costs about 2 row visits per id; the walk visits
 * (limit + 1) / density rows, the density estimated as the product of the generators' shares
 * (sizes at the cap are lower bounds, so this can only favour the ids, whose cost stays bounded
 * by the cap). Each part is capped on its own: a LIMIT in every branch keeps the estimates small
 * enough that the planner never starts parallel workers for this short query.
 * (Intersecting large generators in SQL was tried: 190 ms for a scope of 17,000 and a word
 * matching 45,000, where the walk took 8 ms.)
 */
async function probeGenerators(db: Queryable, words: string[], input: SearchInput): Promise<Probe> {
  const params = new Params();
  const generators = input.plan === "walk" ? [] : words.map((w) => wordGenerator(toWord(w, params)));
  if (input.scope && input.plan !== "walk") generators.push(scopeGenerator(input.scope, params));
  const cap = input.plan === "candidates" ? Number.MAX_SAFE_INTEGER - 1 : generators.length > 1 ? PROBE_CAP.several : PROBE_CAP.one;
  const capped = (sql: string) => `(${sql} LIMIT ${cap + 1})`;
  const columns = generators.map((parts, i) => `ARRAY(SELECT g.id FROM (${parts.map(capped).join(" UNION ALL ")}) g LIMIT ${cap + 1}) AS g${i}`);
  if (generators.length > 0) columns.push("(SELECT reltuples FROM pg_class WHERE oid = 'member'::regclass)::float8 AS members");
  if (input.afterId !== undefined) columns.push(`(SELECT a.member_number FROM member a WHERE a.id = ${params.add(input.afterId, "int")}) AS after`);
  if (columns.length === 0) return { afterMissing: false, settledWords: new Set() };
  const [row] = await db.$queryRawUnsafe<Array<Record<string, number[] | number | string | null>>>(`SELECT ${columns.join(", ")}`, ...params.values);
  const after = row!.after as string | null | undefined;
  const probe: Probe = { afterNumber: after ?? undefined, afterMissing: input.afterId !== undefined && (after === null || after === undefined), settledWords: new Set() };
  const sizes = generators.map((_, i) => row![`g${i}`] as number[]);
  const whole = sizes.filter((ids) => ids.length <= cap);
  if (whole.length === 0) return probe;
  const candidates = whole.map((ids) => new Set(ids)).reduce((a, b) => new Set([...a].filter((id) => b.has(id))));
  const members = Math.max(row!.members as number, ...sizes.map((ids) => ids.length), 1);
  const density = sizes.reduce((d, ids) => (d * Math.max(ids.length, 1)) / members, 1);
  const walk = (input.limit + 1) / density;
  if (input.plan === "candidates" || 2 * candidates.size < walk) {
    probe.candidates = [...candidates];
    // A word's generator is exactly the members it matches, so every candidate matches it.
    words.forEach((_, i) => sizes[i]!.length <= cap && probe.settledWords.add(i));
  }
  return probe;
}

function contactState(missing: string, invalidAt: string): string {
  return `CASE WHEN ${missing} THEN 'missing' WHEN ${invalidAt} IS NOT NULL THEN 'invalid' ELSE 'valid' END`;
}

interface SummarySqlRow {
  id: number;
  member_number: string;
  first_name: string;
  last_name: string;
  status: string;
  branch: string | null;
  municipality_number: string | null;
  municipality_name: string | null;
  employer_name: string | null;
  email_state: ContactState;
  mobile_state: ContactState;
  address_state: ContactState;
}

function toSummary(r: SummarySqlRow): MemberSummaryRow {
  return {
    id: r.id, memberNumber: r.member_number, firstName: r.first_name, lastName: r.last_name, status: r.status, branch: r.branch,
    municipalityNumber: r.municipality_number, municipalityName: r.municipality_name, employerName: r.employer_name,
    contact: { email: r.email_state, mobile: r.mobile_state, address: r.address_state },
  };
}
