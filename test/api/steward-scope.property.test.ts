// Property: whatever the members (several employments, none, erased ones), the steward's scope
// and the rules, a steward reaches exactly the members of their scope and never one outside it:
// - the preview count equals the count computed in JavaScript over the scope alone (the pure
//   evaluator ∩ inScope), and the sample holds only such members;
// - member search (with and without words, on both of its plans) returns only live members in
//   scope, exactly those the words match;
// - viewing a member outside the scope is a 404, as is exporting one for a scoped actor;
// - the campaign audience (snapshotRecipients with the scope) is exactly the expected set.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Scope, UserActor } from "../../src/auth/actor.ts";
import { inScope } from "../../src/auth/scope.ts";
import type { DomainError } from "../../src/errors.ts";
import { LANGUAGES, MEMBER_STATUSES, SECTORS } from "../../src/members/fields.ts";
import { membersChanged } from "../../src/members/changes.ts";
import { eraseMemberById } from "../../src/members/rights.ts";
import { searchMemberPage } from "../../src/members/search.ts";
import { exportMemberRecord } from "../../src/members/service.ts";
import { evaluationDate } from "../../src/segments/age.ts";
import { evaluateRule, type MemberFacts } from "../../src/segments/evaluate.ts";
import { FIELDS, type FieldName, type Operator } from "../../src/segments/fields.ts";
import { snapshotRecipients } from "../../src/segments/snapshot.ts";
import { useTestApi } from "../support/api.ts";
import { validRules } from "../support/rule-arbitraries.ts";

const api = await useTestApi();
const { db } = api;
const steward = api.users.steward;
const on = evaluationDate(api.clock);

// Small pools, so random scopes, rules and words often meet random members. Names include
// LIKE wildcards and non-ASCII letters on purpose. 1103 has no known name.
const BRANCHES = ["A46", "B11", "oslo-1", "Ø1"];
const ORG_NUMBERS = ["974760673", "974760681", "983971636"];
const EMPLOYER_NAMES = ["Skatteetaten", "Helse Bergen HF", "Øst AS", "50%_off"];
const AGREEMENTS = ["HTA-STAT", "hta-stat", "VIRKE-HUK"];
const MUNICIPALITIES: Record<string, string | null> = { "0301": "Oslo", "4601": "Bergen", "4627": "Askøy", "5001": "Trondheim", "1103": null };
const POSTCODES = ["0150", "5003", "9008"];
const FIRST_NAMES = ["Kari", "Ola", "Åse", "Per"];
const LAST_NAMES = ["Hansen", "Johansen", "Berg", "Ødegård"];
const DATES = ["1950-01-01", "1984-06-15", "1999-12-31", "2000-02-29", "2008-06-15"];
const WORDS = ["hansen", "ola", "berg", "Ka", "ø", "å", "M1", "M", "example.no", "helse", "skatte", "50%", "_off", "oslo", "1103", "0301", "974760673", "askøy", "øst", "zz"];

await db.$executeRawUnsafe(
  `INSERT INTO municipality (number, name, county_number) SELECT n, v, left(n, 2) FROM unnest($1::text[], $2::text[]) AS t(n, v)
   ON CONFLICT (number) DO UPDATE SET name = EXCLUDED.name`,
  Object.keys(MUNICIPALITIES), Object.values(MUNICIPALITIES),
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

interface Job {
  isPrimary: boolean;
  sector: string | null;
  agreement: string | null;
  employerOrgNumber: string | null;
  employerName: string | null;
}

interface GeneratedMember {
  firstName: string; lastName: string; status: string; language: string; branch: string | null;
  joinedOn: string | null; birthDate: string | null; municipalityNumber: string | null; postcode: string | null;
  email: boolean; emailInvalid: boolean; mobile: boolean; mobileInvalid: boolean; addressLine: boolean; addressInvalid: boolean;
  /** At most one primary (the first, when `primary`); members with only secondary jobs have no primary. */
  jobs: Job[];
  erased: boolean;
}

const jobArb = fc.record({
  sector: maybe(fc.constantFrom(...SECTORS)),
  agreement: maybe(fc.constantFrom(...AGREEMENTS)),
  employerOrgNumber: maybe(fc.constantFrom(...ORG_NUMBERS)),
  employerName: maybe(fc.constantFrom(...EMPLOYER_NAMES)),
});

const memberArb: fc.Arbitrary<GeneratedMember> = fc
  .record({
    firstName: fc.constantFrom(...FIRST_NAMES),
    lastName: fc.constantFrom(...LAST_NAMES),
    status: fc.constantFrom(...MEMBER_STATUSES),
    language: fc.constantFrom(...LANGUAGES),
    branch: maybe(fc.constantFrom(...BRANCHES)),
    joinedOn: maybe(fc.constantFrom(...DATES)),
    birthDate: maybe(fc.constantFrom(...DATES)),
    municipalityNumber: maybe(fc.constantFrom(...Object.keys(MUNICIPALITIES))),
    postcode: maybe(fc.constantFrom(...POSTCODES)),
    email: fc.boolean(), emailInvalid: fc.boolean(),
    mobile: fc.boolean(), mobileInvalid: fc.boolean(),
    addressLine: fc.boolean(), addressInvalid: fc.boolean(),
    jobs: fc.array(jobArb, { maxLength: 3 }),
    primary: fc.boolean(),
    erased: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  })
  .map(({ jobs, primary, ...m }) => ({ ...m, jobs: jobs.map((j, i) => ({ ...j, isPrimary: primary && i === 0 })) }));

// The rule arbitrary of test/segments/compile-vs-evaluate.test.ts, over this file's pools.
function scalarArb(field: FieldName, op: Operator): fc.Arbitrary<string | number> {
  const { kind, column } = FIELDS[field];
  const prefixOf = (pool: string[]) => fc.constantFrom(...pool).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => s.slice(0, n)));
  const one = (pool: string[]) => (op === "startsWith" ? prefixOf(pool) : fc.constantFrom(...pool));
  switch (kind) {
    case "status": return fc.constantFrom(...MEMBER_STATUSES);
    case "language": return fc.constantFrom(...LANGUAGES);
    case "sector": return fc.constantFrom(...SECTORS);
    case "date": return fc.constantFrom(...DATES);
    case "age": return fc.integer({ min: 0, max: 90 });
    case "county": return fc.constantFrom("03", "46", "Vestland", "oslo", "11");
    case "municipality": return one(Object.keys(MUNICIPALITIES));
    case "postcode": return one(POSTCODES);
    case "code": return one(column === "branch" ? BRANCHES : column === "agreement" ? AGREEMENTS : ORG_NUMBERS);
    case "name": return one(EMPLOYER_NAMES);
    case "contact": return fc.constant("never used");
  }
}

const validRuleArb = validRules(scalarArb);

const scopeArb: fc.Arbitrary<Scope> = fc.record({ employers: fc.subarray(ORG_NUMBERS), branches: fc.subarray(BRANCHES) });

// ─── the world as stored, and what JavaScript expects of it ───

interface Stored {
  id: number;
  memberNumber: string;
  m: GeneratedMember;
}

const at = (date: string | null) => (date === null ? null : new Date(`${date}T00:00:00Z`));
const emailOf = (m: GeneratedMember, i: number) => `${m.firstName}.${m.lastName}.${i}@example.no`.toLowerCase();

async function store(members: GeneratedMember[]): Promise<Stored[]> {
  await db.member.deleteMany(); // employments and erasure markers go with them (ON DELETE CASCADE)
  const invalidAt = new Date("2025-01-01T00:00:00Z");
  const created = await db.member.createManyAndReturn({
    select: { id: true, memberNumber: true },
    data: members.map((m, i) => ({
      memberNumber: `M${i}`, firstName: m.firstName, lastName: m.lastName, status: m.status as never, language: m.language as never,
      branch: m.branch, joinedOn: at(m.joinedOn), birthDate: at(m.birthDate),
      municipalityNumber: m.municipalityNumber, countyNumber: m.municipalityNumber?.slice(0, 2) ?? null, postcode: m.postcode,
      email: m.email ? emailOf(m, i) : null, emailInvalidAt: m.emailInvalid ? invalidAt : null,
      mobile: m.mobile ? `+479100000${i}` : null, mobileInvalidAt: m.mobileInvalid ? invalidAt : null,
      addressLine: m.addressLine ? "Storgata 1" : null, addressInvalidAt: m.addressInvalid ? invalidAt : null,
    })),
  });
  const stored = members.map((m, i) => ({ id: created.find((c) => c.memberNumber === `M${i}`)!.id, memberNumber: `M${i}`, m }));
  await db.employment.createMany({
    data: stored.flatMap(({ id, m }) => m.jobs.map((j) => ({ memberId: id, isPrimary: j.isPrimary, sector: j.sector as never, agreement: j.agreement, employerOrgNumber: j.employerOrgNumber, employerName: j.employerName }))),
  });
  for (const s of stored.filter((x) => x.m.erased)) await eraseMemberById(db, api.deps.pseudonyms, s.id, api.clock.now(), async () => {});
  // The members were rewritten behind the importer's back: say so, as the importer does, or a
  // preview cached for an earlier case's members (same rules and scope) would answer.
  membersChanged(db);
  return stored;
}

/** The member as the database holds it after erasure (erasure keeps only the language). */
function live(s: Stored): GeneratedMember {
  if (!s.m.erased) return s.m;
  return {
    ...s.m, firstName: "", lastName: "", status: "resigned", branch: null, joinedOn: null, birthDate: null, municipalityNumber: null, postcode: null,
    email: false, emailInvalid: false, mobile: false, mobileInvalid: false, addressLine: false, addressInvalid: false, jobs: [],
  };
}

function facts(m: GeneratedMember): MemberFacts {
  const primary = m.jobs.find((j) => j.isPrimary);
  return {
    status: m.status, language: m.language, branch: m.branch, joinedOn: m.joinedOn, birthDate: m.birthDate,
    countyNumber: m.municipalityNumber?.slice(0, 2) ?? null, municipalityNumber: m.municipalityNumber, postcode: m.postcode,
    email: m.email ? "x" : null, emailInvalid: m.emailInvalid, mobile: m.mobile ? "x" : null, mobileInvalid: m.mobileInvalid,
    addressLine: m.addressLine ? "x" : null, addressInvalid: m.addressInvalid,
    employment: primary ? { sector: primary.sector, agreement: primary.agreement, employerOrgNumber: primary.employerOrgNumber, employerName: primary.employerName, workplace: null, position: null } : null,
  };
}

const reaches = (scope: Scope, m: GeneratedMember) => inScope(scope, { branch: m.branch, employerOrgNumbers: m.jobs.map((j) => j.employerOrgNumber) });

/** The search's meaning in JavaScript: every word matches somewhere (see src/members/search.ts). */
function matchesWords(s: Stored, words: string[]): boolean {
  const m = s.m;
  const text = `${m.firstName} ${m.lastName} ${m.email ? emailOf(m, Number(s.memberNumber.slice(1))) : ""}`.toLowerCase();
  return words.every((word) => {
    const w = word.toLowerCase();
    if (s.memberNumber.startsWith(word)) return true;
    if (word.length < 3) return text.startsWith(w) || text.includes(` ${w}`);
    const municipalityName = m.municipalityNumber === null ? null : MUNICIPALITIES[m.municipalityNumber];
    return text.includes(w)
      || m.municipalityNumber === word || (municipalityName?.toLowerCase().includes(w) ?? false)
      || m.jobs.some((j) => j.employerOrgNumber === word || (j.employerName?.toLowerCase().includes(w) ?? false));
  });
}

async function allPages(query: string): Promise<string[]> {
  const numbers: string[] = [];
  let cursor = "";
  for (let page = 0; page < 50; page++) {
    const response = await api.as("steward", "GET", `/api/v1/members?limit=4${query}${cursor}`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: Array<{ memberNumber: string }>; nextCursor: string | null };
    numbers.push(...body.items.map((i) => i.memberNumber));
    if (body.nextCursor === null) return numbers;
    cursor = `&cursor=${body.nextCursor}`;
  }
  throw new Error("more than 50 pages");
}

const sorted = (xs: string[]) => [...xs].sort();

describe("when random stewards look at random members through random rules", () => {
  it("should reach exactly the members of their scope, in counts, samples, searches, views, exports and audiences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(memberArb, { maxLength: 16 }),
        scopeArb,
        fc.array(validRuleArb, { minLength: 1, maxLength: 2 }),
        fc.array(fc.constantFrom(...WORDS), { maxLength: 2 }),
        fc.nat(),
        async (members, scope, rules, words, pick) => {
          const stored = await store(members);
          await db.staffUser.update({ where: { id: steward.id }, data: { scopeEmployers: scope.employers, scopeBranches: scope.branches } });
          const reachable = stored.filter((s) => reaches(scope, live(s)));

          for (const rule of rules) {
            const expected = reachable.filter((s) => evaluateRule(rule, facts(live(s)), on));
            const response = await api.as("steward", "POST", "/api/v1/segments/preview", { rules: rule });
            expect(response.statusCode).toBe(200);
            const preview = response.json() as { count: number; sample: Array<{ memberNumber: string }> };
            expect({ rule, count: preview.count }).toEqual({ rule, count: expected.length });
            expect(preview.sample).toHaveLength(Math.min(10, expected.length));
            const expectedNumbers = new Set(expected.map((s) => s.memberNumber));
            expect(preview.sample.filter((s) => !expectedNumbers.has(s.memberNumber))).toEqual([]);

            const snapshot = await snapshotRecipients(db, { rules: rule }, api.clock, { scope });
            const recipients = await db.snapshotRecipient.findMany({ where: { snapshotId: snapshot.snapshotId }, orderBy: { memberId: "asc" } });
            expect({ rule, audience: recipients.map((r) => r.memberId) }).toEqual({ rule, audience: expected.map((s) => s.id).sort((a, b) => a - b) });
          }

          const visible = reachable.filter((s) => !s.m.erased);
          expect(sorted(await allPages(""))).toEqual(sorted(visible.map((s) => s.memberNumber)));
          const q = words.join(" ");
          const found = visible.filter((s) => matchesWords(s, words)).map((s) => s.memberNumber);
          expect({ q, found: sorted(await allPages(`&q=${encodeURIComponent(q)}`)) }).toEqual({ q, found: sorted(found) });
          for (const plan of ["walk", "candidates"] as const) {
            const page = await searchMemberPage(db, { q, limit: 100, scope, plan });
            expect({ q, plan, found: sorted(page.items.map((i) => i.memberNumber)) }).toEqual({ q, plan, found: sorted(found) });
          }

          if (stored.length > 0) {
            const target = stored[pick % stored.length]!;
            const visibleToSteward = !target.m.erased && reaches(scope, target.m);
            const view = await api.as("steward", "GET", `/api/v1/members/${target.memberNumber}`);
            expect({ target: target.memberNumber, status: view.statusCode }).toEqual({ target: target.memberNumber, status: visibleToSteward ? 200 : 404 });
            expect((await api.as("steward", "GET", `/api/v1/members/${target.memberNumber}/export`)).statusCode).toBe(403);
            // An actor allowed to export but carrying a scope: the export is scoped in SQL too.
            const scopedExporter: UserActor = { kind: "user", id: api.users.admin.id, role: "admin", scope };
            const exported = await exportMemberRecord(api.deps, scopedExporter, target.memberNumber).then(() => "exported", (e: DomainError) => e.kind);
            expect(exported).toBe(visibleToSteward ? "exported" : "not_found");
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);
});
