import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { checkOrgNumber } from "../../src/members/fields.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { COUNTIES } from "../../src/members/geography.ts";

const text = (count: number, seed: number) => [...generateMembersCsv(count, seed)].join("");

describe("when generating synthetic members", () => {
  it("should give the same file for the same seed and another for another seed", () => {
    expect(text(500, 7)).toBe(text(500, 7));
    expect(text(500, 7)).not.toBe(text(500, 8));
  });

  it("should look like a real membership", () => {
    const rows = parse(text(5000, 1), { columns: true }) as Array<Record<string, string>>;
    const share = (pred: (r: Record<string, string>) => boolean) => rows.filter(pred).length / rows.length;
    expect(share((r) => r.email === "")).toBeCloseTo(0.1, 1);
    expect(share((r) => r.mobile === "")).toBeCloseTo(0.15, 1);
    expect(new Set(rows.map((r) => r.municipality_number!.slice(0, 2)))).toEqual(new Set(COUNTIES.map((c) => c.number)));
    expect(rows.some((r) => /[æøåÆØÅ]/.test(r.first_name! + r.last_name!))).toBe(true);
    expect(new Set(rows.map((r) => r.language))).toEqual(new Set(["nb", "nn", "en"]));
    expect(rows.filter((r) => r.employer_org_number).every((r) => checkOrgNumber(r.employer_org_number!).ok)).toBe(true);
    expect(share((r) => r.status === "active")).toBeGreaterThan(0.6);
    expect(new Set(rows.map((r) => r.sector))).toEqual(new Set(["state", "spekter", "virke", "nho", "other", ""]));
  });
});
