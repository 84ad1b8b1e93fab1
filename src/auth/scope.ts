// A steward's scope as SQL. Every member query of a scoped actor (search, view, preview, count,
// snapshot, export, delivery lists) ANDs this condition into its WHERE clause, so the database
// never returns, counts or even considers a member outside the scope.
import type { Scope } from "./actor.ts";

export interface ScopeCondition {
  /** A boolean SQL expression over the member alias; never NULL. */
  sql: string;
  params: unknown[];
}

/**
 * Members of one of the scope's branches, or employed (any employment, not only the primary
 * one: a member with a second job at the steward's workplace belongs to it) by one of its
 * employers. An empty scope reaches nobody.
 */
export function scopeCondition(scope: Scope, options: { memberAlias?: string; firstParam: number }): ScopeCondition {
  const m = options.memberAlias ?? "m";
  const parts: string[] = [];
  const params: unknown[] = [];
  const next = () => `$${options.firstParam + params.length}`;
  if (scope.branches.length > 0) {
    parts.push(`coalesce(${m}.branch = ANY(${next()}::text[]), false)`);
    params.push(scope.branches);
  }
  if (scope.employers.length > 0) {
    // bpchar[] (not text[]) keeps employment_employer_org_number_idx usable.
    parts.push(`EXISTS (SELECT 1 FROM employment scope_e WHERE scope_e.member_id = ${m}.id AND scope_e.employer_org_number = ANY(${next()}::bpchar[]))`);
    params.push(scope.employers);
  }
  return { sql: parts.length === 0 ? "false" : `(${parts.join(" OR ")})`, params };
}

/** The same rule in JavaScript, for tests and for checks on single members already loaded. */
export function inScope(scope: Scope, member: { branch: string | null; employerOrgNumbers: Array<string | null> }): boolean {
  if (member.branch !== null && scope.branches.includes(member.branch)) return true;
  return member.employerOrgNumbers.some((org) => org !== null && scope.employers.includes(org));
}

/**
 * Appends the actor's scope (if any) to a compiled WHERE condition whose parameters are
 * `params`, numbered from `firstParam`; returns the combined condition and parameters.
 */
export function withScope(where: { sql: string; params: unknown[] }, scope: Scope | null, memberAlias = "m", firstParam = 1): { sql: string; params: unknown[] } {
  if (scope === null) return where;
  const condition = scopeCondition(scope, { memberAlias, firstParam: firstParam + where.params.length });
  return { sql: `(${where.sql}) AND ${condition.sql}`, params: [...where.params, ...condition.params] };
}
