// GDPR arts. 15 and 17 with the real importer: export, erase, re-import.
import { describe, expect, it } from "vitest";
import { decide } from "../../src/consent/decide.ts";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { suppressAddress } from "../../src/consent/suppressions.ts";
import { MEMBER_COLUMNS } from "../../src/members/csv-format.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { createHistoryLink } from "../../src/history/links.ts";
import { eraseMember, exportMember, MemberNotFoundError } from "../../src/members/rights.ts";
import { useTestDatabase } from "../support/db.ts";
import { pseudonymsFromConfig, testConfig } from "./support.ts";

const { db, url } = await useTestDatabase();
const pseudonyms = pseudonymsFromConfig(testConfig(url));
const at = new Date("2026-11-26T10:00:00Z");
const meta = { actor: "test", at };

function csv(memberNumber: string, email: string, mobile: string): string {
  const values: Record<string, string> = {
    member_number: memberNumber, first_name: "Ola", last_name: "Nordmann", birth_date: "1975-03-04", email, mobile,
    address_line: "Kongens gate 2", postcode: "7011", city: "TRONDHEIM", municipality_number: "5001", status: "active",
    joined_on: "2001-01-01", employer_org_number: "974760673", employer_name: "Skatteetaten", sector: "state",
    agreement: "HTA-STAT", workplace: "Trondheim", position: "Seniorrådgiver", language: "nb", branch: "A50",
  };
  return `${MEMBER_COLUMNS.join(",")}\n${MEMBER_COLUMNS.map((c) => values[c] ?? "").join(",")}\n`;
}

describe("when a member is exported, erased and imported again", () => {
  it("should export everything, erase personal data, and keep the objection and suppression for the re-imported member", async () => {
    await importMembersFromText(db, csv("E100", "ola@example.no", "+4741234567"));
    const first = await db.member.findUniqueOrThrow({ where: { memberNumber: "E100" } });
    await recordConsentEvent(db, { memberId: first.id, purpose: "all", channel: "all", action: "objection", source: "staff", actor: "staff:1", at, basis: "art. 21" });
    await recordConsentEvent(db, { memberId: first.id, purpose: "newsletter", channel: "all", newsletterId: null, action: "withdrawal", source: "preference_centre", actor: "member", at });
    await suppressAddress(db, { channel: "sms", address: "41234567", reason: "sms_stop", at, pseudonyms });
    await createHistoryLink(db, first.id, at);

    const exported = await exportMember(db, pseudonyms, "E100", meta);
    expect(exported.member).toMatchObject({ memberNumber: "E100", firstName: "Ola", email: "ola@example.no", mobile: "+4741234567" });
    expect(exported.employments).toMatchObject([{ employerName: "Skatteetaten", agreement: "HTA-STAT" }]);
    expect(exported.consent.history.map((e) => e.action)).toEqual(["objection", "withdrawal"]);
    expect(exported.consent.current).toHaveLength(2);
    expect(exported.suppressions).toMatchObject([{ channel: "sms", reason: "sms_stop", liftedAt: null }]);
    expect(JSON.parse(JSON.stringify(exported))).toBeTruthy();

    const report = await eraseMember(db, pseudonyms, "E100", meta);
    expect(report).toEqual({ memberId: first.id, restrictionsKept: 2 });
    const erased = await db.member.findUniqueOrThrow({ where: { id: first.id }, include: { employments: true } });
    const leftovers = JSON.stringify(erased);
    for (const personal of ["E100", "Ola", "Nordmann", "ola@example.no", "41234567", "Kongens", "7011", "1975"]) expect(leftovers).not.toContain(personal);
    expect(erased.employments).toEqual([]);
    expect(await db.memberHistoryLink.count({ where: { memberId: first.id } })).toBe(0); // a link to the history opens nothing any more
    expect(await decide(db, first.id, "service", "email", at, { pseudonyms })).toEqual({ allowed: false, reason: "erased" });
    await expect(exportMember(db, pseudonyms, "E100", meta)).rejects.toThrow(MemberNotFoundError);
    const audit = await db.auditLog.findMany({ where: { entity: "member", entityId: String(first.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["members.export", "members.erase"]);
    expect(JSON.stringify(await db.consentTombstone.findMany())).not.toContain("E100");

    // The same person comes back through the ordinary import.
    const again = await importMembersFromText(db, csv("E100", "ola@example.no", "+4741234567"));
    expect(again.inserted).toBe(1);
    const second = await db.member.findUniqueOrThrow({ where: { memberNumber: "E100" } });
    expect(second.id).not.toBe(first.id);
    expect(await decide(db, second.id, "information", "email", at, { pseudonyms })).toEqual({ allowed: false, reason: "objection" });
    expect(await decide(db, second.id, "service", "sms", at, { pseudonyms })).toEqual({ allowed: false, reason: "suppressed" });
    expect(await decide(db, second.id, "service", "email", at, { pseudonyms })).toEqual({ allowed: true, address: "ola@example.no" });

    // The member may change their mind themselves; their own later choice wins for that scope.
    await recordConsentEvent(db, { memberId: second.id, purpose: "all", channel: "all", action: "opt_in", source: "preference_centre", actor: "member", at: new Date(at.getTime() + 1000) });
    expect(await decide(db, second.id, "information", "email", at, { pseudonyms })).toMatchObject({ allowed: true });
    expect(await decide(db, second.id, "newsletter", "email", at, { pseudonyms, newsletterId: 1 })).toEqual({ allowed: false, reason: "opted_out_purpose" });
  });

  it("should refuse an unknown member number", async () => {
    await expect(eraseMember(db, pseudonyms, "NOPE", meta)).rejects.toThrow(MemberNotFoundError);
  });
});
