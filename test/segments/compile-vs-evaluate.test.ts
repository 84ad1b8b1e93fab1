// Property: for random members and random rules, the SQL the compiler produces (run against
// PostgreSQL) and the pure evaluator select exactly the same members.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LANGUAGES, MEMBER_STATUSES, SECTORS } from "../../src/members/fields.ts";
import { evaluateRule, type MemberFacts } from "../../src/segments/evaluate.ts";
import { FIELDS, type FieldName, type Operator } from "../../src/segments/fields.ts";
import { matchingMemberIds } from "../../src/segments/preview.ts";
import { useTestDatabase } from "../support/db.ts";
import { validRules } from "../support/rule-arbitraries.ts";

const { db } = await useTestDatabase();

// Small pools so random rules often hit random members; they include case variants, quotes,
// LIKE wildcards and non-ASCII letters on purpose.
const BRANCHES = ["A46", "a46", "A4", "B11", "C03", "O'Brien", "%_", "Ø1"];
const AGREEMENTS = ["HTA-STAT", "hta-stat", "HTA", "VIRKE-HUK", "%"];
const ORG_NUMBERS = ["974760673", "974760681", "983971636"];
const NAMES = ["Skatteetaten", "SKATTEETATEN", "skatte", "Helse Bergen HF", "Øst AS", "øst as", "Ærlig 'drift'", "50%_off"];
const MUNICIPALITIES = ["0301", "4601", "4627", "1103", "5001", "5501"];
const POSTCODES = ["0150", "4006", "5003", "5000", "9008", "9999"];
const DATES = ["1950-01-01", "1960-02-29", "1984-06-15", "1984-06-16", "1999-12-31", "2000-02-29", "2001-03-01", "2008-06-15", "2024-02-29"];
const EVALUATION_DATES = ["2026-06-15", "2025-02-28", "2024-02-29", "2025-03-01"];

const isoDate = fc.integer({ min: Date.UTC(1925, 0, 1) / 86_400_000, max: Date.UTC(2025, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
const someDate = fc.oneof(fc.constantFrom(...DATES), isoDate);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

interface GeneratedMember {
  status: string; language: string; branch: string | null; joinedOn: string | null; birthDate: string | null;
  municipalityNumber: string | null; postcode: string | null;
  email: boolean; emailInvalid: boolean; mobile: boolean; mobileInvalid: boolean; addressLine: boolean; addressInvalid: boolean;
  employment: MemberFacts["employment"];
}

const memberArb: fc.Arbitrary<GeneratedMember> = fc.record({
  status: fc.constantFrom(...MEMBER_STATUSES),
  language: fc.constantFrom(...LANGUAGES),
  branch: maybe(fc.constantFrom(...BRANCHES)),
  joinedOn: maybe(someDate),
  birthDate: maybe(someDate),
  municipalityNumber: maybe(fc.constantFrom(...MUNICIPALITIES)),
  postcode: maybe(fc.constantFrom(...POSTCODES)),
  email: fc.boolean(), emailInvalid: fc.boolean(),
  mobile: fc.boolean(), mobileInvalid: fc.boolean(),
  addressLine: fc.boolean(), addressInvalid: fc.boolean(),
  employment: maybe(fc.record({
    sector: maybe(fc.constantFrom(...SECTORS)),
    agreement: maybe(fc.constantFrom(...AGREEMENTS)),
    employerOrgNumber: maybe(fc.constantFrom(...ORG_NUMBERS)),
    employerName: maybe(fc.constantFrom(...NAMES)),
    workplace: maybe(fc.constantFrom(...NAMES)),
    position: maybe(fc.constantFrom(...NAMES)),
  })),
});

function scalarArb(field: FieldName, op: Operator): fc.Arbitrary<string | number> {
  const { kind, column } = FIELDS[field];
  const prefixOf = (pool: string[]) => fc.constantFrom(...pool).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => s.slice(0, n)));
  switch (kind) {
    case "status": return fc.constantFrom(...MEMBER_STATUSES);
    case "language": return fc.constantFrom(...LANGUAGES);
    case "sector": return fc.constantFrom(...SECTORS);
    case "date": return someDate;
    case "age": return fc.integer({ min: 0, max: 110 });
    case "county": return fc.constantFrom("03", "46", "Vestland", "rogaland", "TRØNDELAG", "55", "11");
    case "municipality": return op === "startsWith" ? prefixOf(MUNICIPALITIES) : fc.constantFrom(...MUNICIPALITIES);
    case "postcode": return op === "startsWith" ? prefixOf(POSTCODES) : fc.constantFrom(...POSTCODES);
    case "code": {
      const pool = column === "branch" ? BRANCHES : column === "agreement" ? AGREEMENTS : ORG_NUMBERS;
      return op === "startsWith" ? prefixOf(pool) : fc.constantFrom(...pool);
    }
    case "name": return op === "startsWith" ? prefixOf(NAMES) : fc.constantFrom(...NAMES, "skatteetaten", "ØST AS");
    case "contact": return fc.constant("never used");
  }
}

const validRuleArb = validRules(scalarArb);

const at = (date: string | null) => (date === null ? null : new Date(`${date}T00:00:00Z`));
const countyOf = (municipality: string | null) => municipality?.slice(0, 2) ?? null;

function facts(m: GeneratedMember): MemberFacts {
  return {
    status: m.status, language: m.language, branch: m.branch, joinedOn: m.joinedOn, birthDate: m.birthDate,
    countyNumber: countyOf(m.municipalityNumber), municipalityNumber: m.municipalityNumber, postcode: m.postcode,
    email: m.email ? "x@example.no" : null, emailInvalid: m.emailInvalid,
    mobile: m.mobile ? "+4791234567" : null, mobileInvalid: m.mobileInvalid,
    addressLine: m.addressLine ? "Storgata 1" : null, addressInvalid: m.addressInvalid,
    employment: m.employment,
  };
}

async function store(members: GeneratedMember[]): Promise<number[]> {
  await db.employment.deleteMany();
  await db.member.deleteMany();
  const invalidAt = new Date("2025-01-01T00:00:00Z");
  const created = await db.member.createManyAndReturn({
    select: { id: true, memberNumber: true },
    data: members.map((m, i) => ({
      memberNumber: `P${i}`, firstName: "Test", lastName: "Member", status: m.status as never, language: m.language as never,
      branch: m.branch, joinedOn: at(m.joinedOn), birthDate: at(m.birthDate),
      municipalityNumber: m.municipalityNumber, countyNumber: countyOf(m.municipalityNumber), postcode: m.postcode,
      email: m.email ? "x@example.no" : null, emailInvalidAt: m.emailInvalid ? invalidAt : null,
      mobile: m.mobile ? "+4791234567" : null, mobileInvalidAt: m.mobileInvalid ? invalidAt : null,
      addressLine: m.addressLine ? "Storgata 1" : null, addressInvalidAt: m.addressInvalid ? invalidAt : null,
    })),
  });
  const ids = members.map((_, i) => created.find((c) => c.memberNumber === `P${i}`)!.id);
  const employments = members.flatMap((m, i) => (m.employment ? [{ ...m.employment, memberId: ids[i]!, isPrimary: true, sector: m.employment.sector as never }] : []));
  // A non-primary employment that must never be looked at.
  if (ids.length > 0) employments.push({ memberId: ids[0]!, isPrimary: false, sector: "state" as never, agreement: "HTA-STAT", employerOrgNumber: "974760673", employerName: "Skatteetaten", workplace: "Skatteetaten", position: "Skatteetaten" });
  await db.employment.createMany({ data: employments });
  return ids;
}

await db.$executeRawUnsafe(
  `INSERT INTO municipality (number, county_number) SELECT n, left(n, 2) FROM unnest($1::text[]) AS n ON CONFLICT DO NOTHING`,
  MUNICIPALITIES,
);

describe("when the compiled SQL and the evaluator judge the same random members", () => {
  it("should select exactly the same members for every random rule", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(memberArb, { minLength: 0, maxLength: 25 }),
        fc.array(validRuleArb, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...EVALUATION_DATES),
        async (members, rules, on) => {
          const ids = await store(members);
          for (const rule of rules) {
            const expected = ids.filter((_, i) => evaluateRule(rule, facts(members[i]!), on));
            const actual = await matchingMemberIds(db, rule, on);
            expect({ rule, actual }).toEqual({ rule, actual: expected });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
