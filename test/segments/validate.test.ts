import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import type { Db } from "../../src/db/client.ts";
import { preview } from "../../src/segments/preview.ts";
import { RuleValidationError, validateRule, MAX_DEPTH } from "../../src/segments/rules.ts";
import { snapshotRecipients } from "../../src/segments/snapshot.ts";
import { saveSegment } from "../../src/segments/store.ts";

const issuesOf = (input: unknown) => {
  const result = validateRule(input);
  if (result.ok) throw new Error("expected the rule to be refused");
  return result.issues;
};

describe("when a rule is valid", () => {
  it("should accept every field with an operator it declares", () => {
    const result = validateRule({
      all: [
        { field: "status", op: "in", value: ["active", "student"] },
        { field: "language", op: "ne", value: "en" },
        { field: "branch", op: "startsWith", value: "A4" },
        { field: "joinedOn", op: "between", value: ["2000-01-01", "2010-12-31"] },
        { field: "birthDate", op: "exists", value: true },
        { field: "age", op: "gte", value: 30 },
        { any: [{ field: "employment.sector", op: "eq", value: "state" }, { not: { field: "employment.agreement", op: "eq", value: "HTA-STAT" } }] },
        { field: "employment.employerOrgNumber", op: "startsWith", value: "974" },
        { field: "employment.employerName", op: "eq", value: "skatteetaten" },
        { field: "employment.workplace", op: "notIn", value: ["Bergen"] },
        { field: "employment.position", op: "exists", value: false },
        { field: "geo.county", op: "in", value: ["46", "rogaland"] },
        { field: "geo.municipality", op: "startsWith", value: "46" },
        { field: "geo.postcode", op: "lt", value: "5000" },
        { field: "contact.email", op: "exists", value: true },
        { field: "contact.mobile", op: "exists", value: false },
        { field: "contact.address", op: "exists", value: true },
      ],
    });
    expect(result.ok).toBe(true);
  });
});

describe("when a rule has several problems", () => {
  it("should report every one of them at once, each with its JSON path", () => {
    const issues = issuesOf({
      all: [
        { field: "status", op: "eq", value: "zombie" },
        { field: "shoeSize", op: "eq", value: 42 },
        {
          any: [
            { field: "age", op: "eq", value: "forty" },
            { field: "contact.email", op: "eq", value: true },
            { field: "status", op: "in", value: [] },
          ],
        },
        { field: "geo.county", op: "in", value: ["46", "Atlantis"] },
        { field: "joinedOn", op: "between", value: ["2020-01-01", "2019-01-01"] },
        { field: "branch", op: "like", value: "A%" },
        { field: "branch", op: "eq", value: "A46", extra: 1 },
        { any: [] },
        { field: "geo.postcode", op: "eq" },
        "status = active",
        { all: [{ field: "birthDate", op: "gt", value: "2023-02-30" }], any: [] },
      ],
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual([
      "all[0].value",
      "all[1].field",
      "all[2].any[0].value",
      "all[2].any[1].op",
      "all[2].any[2].value",
      "all[3].value[1]",
      "all[4].value",
      "all[5].op",
      "all[6].extra",
      "all[7].any",
      "all[8]",
      "all[9]",
      "all[10]",
    ]);
    expect(issues[0]!.message).toMatch(/one of active, student/);
    expect(issues[3]!.message).toMatch(/contact.email does not accept eq; it accepts exists/);
    expect(issues[4]!.message).toMatch(/empty list/);
    expect(issues[5]!.message).toMatch(/county/);
    expect(issues[10]!.message).toMatch(/needs a value/);
  });

  it("should refuse nesting deeper than the limit and accept nesting at the limit", () => {
    const nest = (levels: number): unknown => {
      let rule: unknown = { field: "status", op: "eq", value: "active" };
      for (let i = 0; i < levels; i++) rule = i % 2 === 0 ? { not: rule } : { all: [rule] };
      return rule;
    };
    expect(validateRule(nest(MAX_DEPTH)).ok).toBe(true);
    const issues = issuesOf(nest(MAX_DEPTH + 1));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/deeper than 10/);
    expect(issues[0]!.path).toBe("not.all[0].not.all[0].not.all[0].not.all[0].not.all[0]");
  });

  it("should refuse a NUL character in a text value (PostgreSQL text cannot hold one)", () => {
    const issues = issuesOf({
      any: [
        { field: "branch", op: "eq", value: "A\u000046" },
        { field: "employment.employerName", op: "in", value: ["Ok AS", "\u0000"] },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(["any[0].value", "any[1].value[1]"]);
    expect(issues[0]!.message).toMatch(/NUL/);
  });

  it("should refuse a rule that is not an object, and an empty object", () => {
    expect(issuesOf(null)[0]).toMatchObject({ path: "", message: expect.stringMatching(/group|condition/) });
    expect(issuesOf({}).map((i) => i.message)).toEqual(["a condition needs a field", "a condition needs an op", "a condition needs a value"]);
  });
});

describe("when invalid rules are given to functions that use the database", () => {
  // A database that fails the test if anything at all is called on it.
  const untouchable = new Proxy({}, {
    get(_target, property) {
      throw new Error(`the database was used (${String(property)}) for an invalid rule`);
    },
  }) as Db;
  const bad = { all: [{ field: "status", op: "eq", value: "zombie" }] };
  const clock = new ManualClock(new Date("2026-01-01T12:00:00Z"));

  it("should throw RuleValidationError with the paths before touching the database", async () => {
    await expect(preview(untouchable, bad, clock)).rejects.toBeInstanceOf(RuleValidationError);
    await expect(saveSegment(untouchable, { name: "x", rules: bad })).rejects.toBeInstanceOf(RuleValidationError);
    await expect(snapshotRecipients(untouchable, { rules: bad }, clock)).rejects.toMatchObject({
      issues: [{ path: "all[0].value", message: expect.any(String) }],
    });
  });
});
