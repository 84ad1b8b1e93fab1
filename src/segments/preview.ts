// Preview: how many members a rule selects, who a few of them are, and where they are.
// Validation runs first, so an invalid rule never reaches the database.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { countyName } from "../members/geography.ts";
import { evaluationDate } from "./age.ts";
import { compileRule } from "./compile.ts";
import { parseRule, type Rule } from "./rules.ts";
import type { Scope } from "../auth/actor.ts";
import { withScope } from "../auth/scope.ts";

type Queryable = Pick<Db, "$queryRawUnsafe">;

export interface PreviewSampleMember {
  id: number;
  name: string;
  municipality: string | null;
  status: string;
}

export interface Preview {
  count: number;
  sample: PreviewSampleMember[];
  breakdown: {
    /** Members per county name; "(unknown)" for members without a municipality. */
    county: Record<string, number>;
    status: Record<string, number>;
    /** Members with a usable contact point for the channel (present and not marked invalid). */
    reachable: { email: number; sms: number; letter: number };
  };
  /** The Europe/Oslo date `age` was evaluated on. */
  evaluatedOn: string;
}

export const UNKNOWN_COUNTY = "(unknown)";

/** Counts the members a (validated) rule selects. The hot query of the preview. */
export async function countMatching(db: Queryable, rule: Rule, evaluatedOn: string, scope: Scope | null = null): Promise<number> {
  const where = scopedRule(rule, evaluatedOn, scope);
  const rows = await db.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM ${where.from} WHERE ${where.sql}`,
    ...where.params,
  );
  return rows[0]?.n ?? 0;
}

/** Ids of the members a (validated) rule selects, ascending. For tests and small segments. */
export async function matchingMemberIds(db: Queryable, rule: Rule, evaluatedOn: string, scope: Scope | null = null): Promise<number[]> {
  const where = scopedRule(rule, evaluatedOn, scope);
  const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT m.id FROM ${where.from} WHERE ${where.sql} ORDER BY m.id`,
    ...where.params,
  );
  return rows.map((r) => r.id);
}

/** Count, a sample and breakdowns by county and status. Throws RuleValidationError on bad rules. */
export async function preview(db: Queryable, rules: unknown, clock: Clock, options: { sampleSize?: number; scope?: Scope | null } = {}): Promise<Preview> {
  const result = await previewWithNumbers(db, rules, clock, options);
  return { ...result, sample: result.sample.map(({ memberNumber: _, ...member }) => member) };
}

/** The preview with each sample member's number (what staff look a member up by). */
export async function previewWithNumbers(
  db: Queryable,
  rules: unknown,
  clock: Clock,
  options: { sampleSize?: number; scope?: Scope | null } = {},
): Promise<Omit<Preview, "sample"> & { sample: Array<PreviewSampleMember & { memberNumber: string }> }> {
  const rule = parseRule(rules);
  const evaluatedOn = evaluationDate(clock);
  const where = scopedRule(rule, evaluatedOn, options.scope ?? null);
  const limitParam = `$${where.params.length + 1}`;
  const [groups, sample] = await Promise.all([
    // One scan gives the total, both breakdowns and the reachable counts (GROUPING() tells the
    // sets apart: 1 = per county, 2 = per status, 3 = the total, which carries the FILTER counts).
    db.$queryRawUnsafe<Array<{ county: string | null; status: string | null; grouping: number; n: number; email: number; sms: number; letter: number }>>(
      `SELECT m.county_number AS county, m.status::text AS status,
              GROUPING(m.county_number, m.status)::int AS grouping, count(*)::int AS n,
              count(*) FILTER (WHERE ${REACHABLE.email})::int AS email,
              count(*) FILTER (WHERE ${REACHABLE.sms})::int AS sms,
              count(*) FILTER (WHERE ${REACHABLE.letter})::int AS letter
       FROM ${where.from} WHERE ${where.sql}
       GROUP BY GROUPING SETS ((m.county_number), (m.status), ())`,
      ...where.params,
    ),
    db.$queryRawUnsafe<Array<{ id: number; member_number: string; first_name: string; last_name: string; municipality: string | null; status: string }>>(
      `SELECT m.id, m.member_number, m.first_name, m.last_name, coalesce(mu.name, m.municipality_number) AS municipality, m.status::text AS status
       FROM ${where.from} LEFT JOIN municipality mu ON mu.number = m.municipality_number
       WHERE ${where.sql} ORDER BY m.id LIMIT ${limitParam}::int`,
      ...where.params,
      options.sampleSize ?? 10,
    ),
  ]);
  const county: Record<string, number> = {};
  const status: Record<string, number> = {};
  let count = 0;
  const reachable = { email: 0, sms: 0, letter: 0 };
  for (const g of groups) {
    if (g.grouping === 1) county[g.county === null ? UNKNOWN_COUNTY : (countyName(g.county) ?? g.county)] = g.n;
    else if (g.grouping === 2 && g.status !== null) status[g.status] = g.n;
    else if (g.grouping === 3) {
      count = g.n;
      Object.assign(reachable, { email: g.email, sms: g.sms, letter: g.letter });
    }
  }
  return {
    count,
    sample: sample.map((s) => ({ id: s.id, memberNumber: s.member_number, name: `${s.first_name} ${s.last_name}`, municipality: s.municipality, status: s.status })),
    breakdown: { county, status, reachable },
    evaluatedOn,
  };
}

/** "Usable contact point" exactly as the rule fields contact.* mean it (the compiler's own SQL). */
const REACHABLE = {
  email: contactSql("contact.email"),
  sms: contactSql("contact.mobile"),
  letter: contactSql("contact.address"),
};

function contactSql(field: "contact.email" | "contact.mobile" | "contact.address"): string {
  const compiled = compileRule({ field, op: "exists", value: true }, { evaluatedOn: "2000-01-01" });
  if (compiled.params.length > 0) throw new Error(`${field} exists compiled to SQL with parameters`);
  return compiled.sql;
}

/** The rule's condition, intersected with a steward's scope inside the same WHERE clause. */
export function scopedRule(rule: Rule, evaluatedOn: string, scope: Scope | null, firstParam = 1) {
  const compiled = compileRule(rule, { evaluatedOn, firstParam });
  if (scope === null) return compiled;
  const scoped = withScope({ sql: compiled.sql, params: compiled.params }, scope, "m", firstParam);
  return { ...compiled, sql: scoped.sql, params: scoped.params };
}
