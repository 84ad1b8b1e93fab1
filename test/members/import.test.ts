import { describe, expect, it } from "vitest";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText, ImportFileError } from "../../src/members/import.ts";
import { MEMBER_COLUMNS } from "../../src/members/csv-format.ts";
import { useTestDatabase } from "../support/db.ts";

const { db } = await useTestDatabase();

const header = MEMBER_COLUMNS.join(",");
const row = (over: Partial<Record<(typeof MEMBER_COLUMNS)[number], string>>) => {
  const base: Record<string, string> = {
    member_number: "", first_name: "Kari", last_name: "Nordmann", birth_date: "1980-05-17", email: "kari@example.no",
    mobile: "91234567", address_line: "Storgata 1", postcode: "5003", city: "BERGEN", municipality_number: "4601",
    status: "active", joined_on: "2005-01-01", employer_org_number: "974760673", employer_name: "Skatteetaten",
    sector: "state", agreement: "HTA-STAT", workplace: "Bergen", position: "Rådgiver", language: "nb", branch: "A46",
  };
  const merged = { ...base, ...over };
  return MEMBER_COLUMNS.map((c) => {
    const v = merged[c] ?? "";
    return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(",");
};
const csv = (...rows: string[]) => [header, ...rows].join("\n") + "\n";

async function collect(): Promise<string> {
  let text = "";
  for (const part of generateMembersCsv(1000, 1)) text += part;
  return text;
}

describe("when importing generated members", () => {
  it("should insert all of them, then report every row unchanged on a second import", async () => {
    const text = await collect();
    const first = await importMembersFromText(db, text);
    expect(first).toMatchObject({ inserted: 1000, updated: 0, unchanged: 0, rejected: [] });
    const before = await db.member.findMany({ select: { updatedAt: true }, orderBy: { id: "asc" } });
    const second = await importMembersFromText(db, text);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 1000, rejected: [] });
    const after = await db.member.findMany({ select: { updatedAt: true }, orderBy: { id: "asc" } });
    expect(after).toEqual(before);
    expect(await db.employment.count({ where: { isPrimary: true } })).toBeGreaterThan(700);
  });
});

describe("when a file mixes good and bad rows", () => {
  it("should import the good rows and reject each bad one with a reason naming the field", async () => {
    const report = await importMembersFromText(
      db,
      csv(
        row({ member_number: "M1" }),
        row({ member_number: "M2", first_name: "" }),
        row({ member_number: "M3", email: "not-an-email" }),
        row({ member_number: "M4", status: "zombie" }),
        row({ member_number: "M5", municipality_number: "9901" }),
        row({ member_number: "M6", birth_date: "2023-02-30" }),
        row({ member_number: "M7", employer_org_number: "974760674" }),
        row({ member_number: "M8", mobile: "12" }),
        row({ member_number: "M9", email: "øystein@bærum.no", mobile: "+46701234567", first_name: 'Anne, "Nøtta"' }),
      ),
    );
    expect(report.inserted).toBe(2);
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.memberNumber, r.errors.join("; ")]));
    expect(reasons).toEqual({
      M2: expect.stringMatching(/^first_name: /),
      M3: expect.stringMatching(/^email: /),
      M4: expect.stringMatching(/^status: /),
      M5: expect.stringMatching(/^municipality_number: /),
      M6: expect.stringMatching(/^birth_date: /),
      M7: expect.stringMatching(/^employer_org_number: .*check digit/),
      M8: expect.stringMatching(/^mobile: /),
    });
    expect(report.rejected.find((r) => r.memberNumber === "M2")?.line).toBe(3);
    const m9 = await db.member.findUniqueOrThrow({ where: { memberNumber: "M9" } });
    expect(m9).toMatchObject({ firstName: 'Anne, "Nøtta"', mobile: "+46701234567", email: "øystein@bærum.no", countyNumber: "46" });
    const m1 = await db.member.findUniqueOrThrow({ where: { memberNumber: "M1" }, include: { employments: true } });
    expect(m1.mobile).toBe("+4791234567");
    expect(m1.employments).toMatchObject([{ isPrimary: true, employerOrgNumber: "974760673", sector: "state" }]);
  });

  it("should never touch an existing member whose new row is rejected", async () => {
    await importMembersFromText(db, csv(row({ member_number: "K1", first_name: "Før" })));
    const report = await importMembersFromText(db, csv(row({ member_number: "K1", first_name: "Etter", email: "bad@" })));
    expect(report.rejected).toHaveLength(1);
    expect((await db.member.findUniqueOrThrow({ where: { memberNumber: "K1" } })).firstName).toBe("Før");
  });
});

describe("when a row changes", () => {
  it("should count it as updated, and clear the invalid marker only of a changed address", async () => {
    await importMembersFromText(db, csv(row({ member_number: "U1" })));
    await db.member.update({ where: { memberNumber: "U1" }, data: { emailInvalidAt: new Date(), mobileInvalidAt: new Date() } });
    const report = await importMembersFromText(db, csv(row({ member_number: "U1", email: "ny@example.no" })));
    expect(report).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const m = await db.member.findUniqueOrThrow({ where: { memberNumber: "U1" } });
    expect(m.emailInvalidAt).toBeNull();
    expect(m.mobileInvalidAt).not.toBeNull();
  });

  it("should count an employment-only change as updated", async () => {
    await importMembersFromText(db, csv(row({ member_number: "U2" })));
    const report = await importMembersFromText(db, csv(row({ member_number: "U2", workplace: "Oslo" })));
    expect(report).toMatchObject({ updated: 1, unchanged: 0 });
  });
});

describe("when the file itself is unusable", () => {
  it("should refuse a header without a required column and write nothing", async () => {
    const before = await db.member.count();
    const bad = csv(row({ member_number: "H1" })).replace("status", "state_of_member");
    await expect(importMembersFromText(db, bad)).rejects.toThrow(/lacks required column: status/);
    expect(await db.member.count()).toBe(before);
  });

  it("should say so when the file is separated by semicolons (Excel in Norwegian)", async () => {
    const semicolons = csv(row({ member_number: "S1" })).replaceAll(",", ";");
    await expect(importMembersFromText(db, semicolons)).rejects.toThrow(/separated by ';'/);
  });

  it("should refuse invalid CSV found late in the file and write nothing", async () => {
    const before = await db.member.count();
    const rows = Array.from({ length: 12_000 }, (_, i) => row({ member_number: `Q${i}` }));
    rows.push('Q-bad,"unterminated,Nordmann');
    await expect(importMembersFromText(db, csv(...rows), { chunkSize: 1000 })).rejects.toThrow(ImportFileError);
    expect(await db.member.count()).toBe(before);
  });

  it("should warn about unknown extra columns without failing", async () => {
    const text = csv(row({ member_number: "W1" })).replace(header, `${header},shoe_size`).replace(/\n(W1.*)\n/, "\n$1,44\n");
    const report = await importMembersFromText(db, text);
    expect(report.inserted).toBe(1);
    expect(report.warnings).toEqual([expect.stringContaining("shoe_size")]);
  });
});

describe("when a file has stray bytes around the CSV", () => {
  it("should skip npm's script banner above the header, with a warning, and keep file line numbers", async () => {
    // What `npm run cli -- members generate … > m.csv` (without -s) writes.
    const banner = "\n> budstikke@0.1.0 cli\n> tsx src/cli/main.ts members generate --count 2 --seed 1\n\n";
    const report = await importMembersFromText(db, banner + csv(row({ member_number: "B1" }), row({ member_number: "B2", email: "bad@" })));
    expect(report.inserted).toBe(1);
    expect(report.warnings).toEqual([expect.stringMatching(/skipped 2 lines of npm's script banner/)]);
    expect(report.rejected).toEqual([{ line: 7, memberNumber: "B2", errors: [expect.stringMatching(/^email: /)] }]);
  });

  it("should reject a row with a NUL character, naming the field, and import the others", async () => {
    const report = await importMembersFromText(db, csv(row({ member_number: "Z1", last_name: "Nord\u0000mann" }), row({ member_number: "Z2" })));
    expect(report.inserted).toBe(1);
    expect(report.rejected).toEqual([{ line: 2, memberNumber: "Z1", errors: ["last_name: contains a NUL character"] }]);
  });
});

describe("when syncing fully", () => {
  it("should mark absent members resigned, keep rejected ones, and delete nobody", async () => {
    await importMembersFromText(db, csv(row({ member_number: "S1" }), row({ member_number: "S2" }), row({ member_number: "S3" })));
    const total = await db.member.count();
    const notResigned = await db.member.count({ where: { status: { not: "resigned" } } });
    const report = await importMembersFromText(db, csv(row({ member_number: "S1" }), row({ member_number: "S2", email: "x" })), { fullSync: true, force: true });
    expect(report.rejected.map((r) => r.memberNumber)).toEqual(["S2"]);
    expect(await db.member.count()).toBe(total);
    const statuses = await db.member.findMany({ where: { memberNumber: { in: ["S1", "S2", "S3"] } }, orderBy: { memberNumber: "asc" } });
    expect(statuses.map((m) => m.status)).toEqual(["active", "active", "resigned"]);
    expect(report.resigned).toBe(notResigned - 2);
  });

  it("should refuse a file that would resign more than the allowed share, say how many, and write nothing", async () => {
    await importMembersFromText(db, csv(...Array.from({ length: 20 }, (_, i) => row({ member_number: `F${i + 1}` }))));
    const current = await db.member.findMany({ where: { status: { not: "resigned" } }, orderBy: { memberNumber: "asc" } });
    expect(current.length).toBeGreaterThan(5);
    // A file cut off after its first rows: everyone after the cut would be resigned.
    const kept = current.slice(0, 2).map((m) => row({ member_number: m.memberNumber }));
    const absent = current.length - 2;
    const error = await importMembersFromText(db, csv(...kept, row({ member_number: "NEW1" })), { fullSync: true, maxResignShare: 0.1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    const percent = `${Math.round((1000 * absent) / current.length) / 10}%`;
    expect((error as Error).message).toBe(
      `Import refused, nothing was written: --full-sync refused: ${absent} of the ${current.length} current members (${percent}) are not in the file and would be marked resigned; ` +
        "at most 10% may be (FULL_SYNC_MAX_RESIGN_SHARE). Is the file complete? If those members really left, run again with --force.",
    );
    // Nothing was written: not the new row, not a single resignation.
    expect(await db.member.findUnique({ where: { memberNumber: "NEW1" } })).toBeNull();
    expect(await db.member.count({ where: { status: { not: "resigned" } } })).toBe(current.length);
  });

  it("should sync a file that resigns no more than the allowed share", async () => {
    const current = await db.member.findMany({ where: { status: { not: "resigned" } }, orderBy: { memberNumber: "asc" } });
    const all = current.map((m) => row({ member_number: m.memberNumber }));
    const report = await importMembersFromText(db, csv(...all.slice(1)), { fullSync: true, maxResignShare: 1 / current.length });
    expect(report.resigned).toBe(1);
  });

  it("should roll everything back on a dry run but still count", async () => {
    const report = await importMembersFromText(db, csv(row({ member_number: "D1" })), { dryRun: true });
    expect(report).toMatchObject({ inserted: 1, dryRun: true });
    expect(await db.member.findUnique({ where: { memberNumber: "D1" } })).toBeNull();
  });
});
