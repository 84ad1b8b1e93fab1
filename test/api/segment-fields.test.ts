// The field catalog for rule editors: the rule format's fields as the validator knows them, and
// the choices for pickers (counties, municipalities, agreements) from the database.
import { describe, expect, it } from "vitest";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { FIELDS, FIELD_NAMES } from "../../src/segments/fields.ts";
import { useTestApi } from "../support/api.ts";

const api = await useTestApi();
const { db } = api;
await importMembersFromText(db, [...generateMembersCsv(120, 7)].join(""));
await db.$executeRawUnsafe(`UPDATE employment SET agreement = 'Statens fellesavtale' WHERE member_id % 3 = 0`);

interface FieldsBody {
  fields: Array<{ name: string; kind: string; ops: string[] }>;
  options: {
    status: string[];
    language: string[];
    sector: string[];
    counties: Array<{ number: string; name: string }>;
    municipalities: Array<{ number: string; name: string | null; countyNumber: string }>;
    agreements: string[];
  };
}

describe("when a rule editor asks for the fields", () => {
  it("should list every field of the rule format in order, with its kind and operators", async () => {
    const response = await api.as("communicator", "GET", "/api/v1/segments/fields");
    expect(response.statusCode).toBe(200);
    const body = response.json() as FieldsBody;
    expect(body.fields).toEqual(FIELD_NAMES.map((name) => ({ name, kind: FIELDS[name].kind, ops: [...FIELDS[name].ops] })));
  });

  it("should offer statuses, counties, the members' municipalities and distinct agreements", async () => {
    const { options } = (await api.as("communicator", "GET", "/api/v1/segments/fields")).json() as FieldsBody;
    expect(options.status).toContain("active");
    expect(options.sector).toContain("state");
    expect(options.language).toEqual(["nb", "nn", "en"]);
    expect(options.counties).toContainEqual({ number: "03", name: "Oslo" });
    expect(options.counties.length).toBeGreaterThanOrEqual(15);
    const used = await db.member.findMany({ where: { municipalityNumber: { not: null } }, select: { municipalityNumber: true }, distinct: ["municipalityNumber"] });
    const offered = new Set(options.municipalities.map((m) => m.number));
    expect(used.filter((m) => !offered.has(m.municipalityNumber!))).toEqual([]);
    expect(options.municipalities.every((m) => m.number.startsWith(m.countyNumber))).toBe(true);
    const agreements = (await db.employment.findMany({ where: { agreement: { not: null } }, select: { agreement: true }, distinct: ["agreement"] }))
      .map((e) => e.agreement!).filter((a) => a !== "");
    expect([...options.agreements].sort()).toEqual([...agreements].sort());
    expect(options.agreements).toContain("Statens fellesavtale");
    expect(new Set(options.agreements).size).toBe(options.agreements.length);
  });

  it("should let viewers and stewards read it, and refuse anonymous callers", async () => {
    for (const role of ["viewer", "steward", "admin"] as const) {
      expect({ role, status: (await api.as(role, "GET", "/api/v1/segments/fields")).statusCode }).toEqual({ role, status: 200 });
    }
    expect((await api.as(null, "GET", "/api/v1/segments/fields")).statusCode).toBe(401);
  });
});
