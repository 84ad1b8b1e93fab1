// Hand-made members for the edges: unknown values, invalid contact points, members without
// employment, and values that look like SQL or LIKE patterns.
import { describe, expect, it } from "vitest";
import { matchingMemberIds } from "../../src/segments/preview.ts";
import { parseRule } from "../../src/segments/rules.ts";
import { useTestDatabase } from "../support/db.ts";

const { db } = await useTestDatabase();

await db.municipality.create({ data: { number: "4601", name: "Bergen", countyNumber: "46" } });
const invalid = new Date("2025-05-01T00:00:00Z");
const make = (memberNumber: string, data: Record<string, unknown> = {}, employment?: Record<string, unknown>) =>
  db.member.create({
    data: {
      memberNumber, firstName: "Test", lastName: "Member", status: "active", ...data,
      ...(employment ? { employments: { create: [{ isPrimary: true, ...employment }] } } : {}),
    },
  });

const full = await make("FULL", {
  branch: "A46", birthDate: new Date("1980-05-17"), municipalityNumber: "4601", countyNumber: "46", postcode: "5003",
  email: "a@example.no", mobile: "+4791234567", addressLine: "Storgata 1",
}, { sector: "state", agreement: "HTA-STAT", employerName: "Skatteetaten", employerOrgNumber: "974761076" });
const bare = await make("BARE"); // nothing known but name and status, no employment
const invalidContacts = await make("INVALID", {
  email: "b@example.no", emailInvalidAt: invalid, mobile: "+4791234568", mobileInvalidAt: invalid,
  addressLine: "Storgata 2", postcode: "5003", addressInvalidAt: invalid,
});
const noPostcode = await make("NOPOST", { addressLine: "Storgata 3" });
const emptyJob = await make("EMPTYJOB", {}, { employerName: "Ukjent" }); // employment with unknown sector
// A non-primary employment must never count.
await db.employment.create({ data: { memberId: bare.id, isPrimary: false, sector: "state", agreement: "HTA-STAT" } });
const tricky = await make("TRICKY", { branch: "'; DROP TABLE member; --" }, {
  employerName: `O'Brien "Ltd" \\ 50%_off ÆØÅ 😀`, workplace: "%", position: "a_c",
});

const ids = async (rule: unknown) => matchingMemberIds(db, parseRule(rule), "2026-06-01");
const all = [full, bare, invalidContacts, noPostcode, emptyJob, tricky].map((m) => m.id).sort((a, b) => a - b);
const except = (...excluded: Array<{ id: number }>) => all.filter((id) => !excluded.some((e) => e.id === id));

describe("when a member's value is unknown", () => {
  it("should match ne and notIn, and no positive operator", async () => {
    expect(await ids({ field: "branch", op: "ne", value: "A46" })).toEqual(except(full));
    expect(await ids({ field: "branch", op: "notIn", value: ["A46", "B11"] })).toEqual(except(full));
    expect(await ids({ field: "branch", op: "eq", value: "A46" })).toEqual([full.id]);
    expect(await ids({ field: "age", op: "ne", value: 46 })).toEqual(except(full));
    expect(await ids({ field: "age", op: "lt", value: 200 - 60 })).toEqual([full.id]);
    expect(await ids({ field: "geo.county", op: "notIn", value: ["Vestland"] })).toEqual(except(full));
    expect(await ids({ field: "geo.postcode", op: "gt", value: "0000" })).toEqual([full.id, invalidContacts.id]);
  });

  it("should treat a member without primary employment as having unknown employment values", async () => {
    expect(await ids({ field: "employment.sector", op: "eq", value: "state" })).toEqual([full.id]);
    expect(await ids({ field: "employment.sector", op: "ne", value: "state" })).toEqual(except(full));
    expect(await ids({ field: "employment.sector", op: "exists", value: false })).toEqual(except(full));
    expect(await ids({ field: "employment.agreement", op: "notIn", value: ["HTA-STAT"] })).toEqual(except(full));
    expect(await ids({ field: "employment.employerName", op: "exists", value: true })).toEqual([full.id, emptyJob.id, tricky.id]);
  });

  it("should make not(x) the exact complement of x", async () => {
    const rule = { any: [{ field: "branch", op: "startsWith", value: "A" }, { field: "employment.sector", op: "in", value: ["state"] }] };
    const matched = await ids(rule);
    expect(await ids({ not: rule })).toEqual(all.filter((id) => !matched.includes(id)));
  });
});

describe("when contact points are checked", () => {
  it("should count only present contact points that are not marked invalid", async () => {
    expect(await ids({ field: "contact.email", op: "exists", value: true })).toEqual([full.id]);
    expect(await ids({ field: "contact.mobile", op: "exists", value: true })).toEqual([full.id]);
    expect(await ids({ field: "contact.address", op: "exists", value: true })).toEqual([full.id]);
    expect(await ids({ field: "contact.address", op: "exists", value: false })).toEqual(except(full));
  });
});

describe("when values contain quotes, SQL and LIKE wildcards", () => {
  it("should match them literally and leave the database intact", async () => {
    expect(await ids({ field: "branch", op: "eq", value: "'; DROP TABLE member; --" })).toEqual([tricky.id]);
    expect(await ids({ field: "branch", op: "startsWith", value: "';" })).toEqual([tricky.id]);
    expect(await ids({ field: "employment.employerName", op: "eq", value: `o'brien "ltd" \\ 50%_OFF æøå 😀` })).toEqual([tricky.id]);
    expect(await ids({ field: "employment.employerName", op: "startsWith", value: "O'Brien \"" })).toEqual([tricky.id]);
    // % and _ are not wildcards: "%" matches only the workplace that is literally "%".
    expect(await ids({ field: "employment.workplace", op: "startsWith", value: "%" })).toEqual([tricky.id]);
    expect(await ids({ field: "employment.position", op: "eq", value: "abc" })).toEqual([]);
    expect(await ids({ field: "employment.employerName", op: "startsWith", value: "_" })).toEqual([]);
    expect(await ids({ field: "employment.employerName", op: "in", value: ["x') OR 1=1 --", "Skatteetaten"] })).toEqual([full.id]);
    expect(await db.member.count()).toBe(all.length);
  });
});
