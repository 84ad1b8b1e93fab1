import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { verifyToken } from "../../src/consent/tokens.ts";
import { MEMBER_COLUMNS } from "../../src/members/csv-format.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { loadRenderContexts } from "../../src/templates/load-contexts.ts";
import { previewTemplate } from "../../src/templates/preview.ts";
import { TemplateValidationError } from "../../src/templates/schema.ts";
import { getTemplate, listTemplates, loadCompiledTemplate, saveTemplate } from "../../src/templates/store.ts";
import { useTestDatabase } from "../support/db.ts";
import { mjmlDoc, newsletterFixture } from "./support.ts";

const { db } = await useTestDatabase();
const clock = new ManualClock(new Date("2026-11-26T09:00:00Z"));
const config = { PUBLIC_URL: "https://budstikke.example.no", secretKeys: ["k".repeat(40)] };

const base: Record<string, string> = {
  member_number: "", first_name: "Kari", last_name: "Nordmann", birth_date: "1980-05-17", email: "kari@example.no",
  mobile: "91234567", address_line: "Storgata 1", postcode: "5003", city: "Bergen", municipality_number: "4601",
  status: "active", joined_on: "2005-01-01", employer_org_number: "974760673", employer_name: "Skatteetaten",
  sector: "state", agreement: "HTA-STAT", workplace: "Bergen", position: "Rådgiver", language: "nb", branch: "A46",
};
const csv = (...rows: Array<Record<string, string>>) =>
  [MEMBER_COLUMNS.join(","), ...rows.map((r) => MEMBER_COLUMNS.map((c) => ({ ...base, ...r })[c] ?? "").join(","))].join("\n") + "\n";

await importMembersFromText(db, csv(
  { member_number: "T1", first_name: "Øystein", language: "nn" },
  { member_number: "T2", first_name: "Emma", language: "en", address_line: "", employer_name: "", employer_org_number: "", workplace: "", sector: "", agreement: "", position: "" },
));
const memberId = async (n: string) => (await db.member.findUniqueOrThrow({ where: { memberNumber: n } })).id;

describe("when a template is saved twice", () => {
  it("should create version 1, then version 2 of the same template", async () => {
    const first = await saveTemplate(db, newsletterFixture(), clock);
    expect(first).toMatchObject({ version: 1, warnings: [] });
    const again = await saveTemplate(db, { ...newsletterFixture(), id: first.templateId, name: "Lønnsoppgjøret 2026 (rettet)" }, clock);
    expect(again).toMatchObject({ templateId: first.templateId, version: 2 });
    const detail = await getTemplate(db, first.templateId);
    expect(detail).toMatchObject({ version: 2, name: "Lønnsoppgjøret 2026 (rettet)", purpose: "bargaining" });
    expect(detail.versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await listTemplates(db)).find((t) => t.id === first.templateId)).toMatchObject({ latestVersion: 2, channels: ["email", "sms", "letter"] });
    // Versions are immutable in the database too.
    await expect(db.templateVersion.update({ where: { id: first.templateVersionId }, data: { name: "x" } })).rejects.toThrow(/immutable/);
  });

  it("should refuse a broken template and write nothing", async () => {
    const before = await db.templateVersion.count();
    const bad = { name: "Bad", purpose: "information", email: { nb: { subject: "x", mjml: mjmlDoc("<mj-text>{{member.fornavn}}</mj-text>") } } };
    const error = await saveTemplate(db, bad, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateValidationError);
    expect((error as TemplateValidationError).problems[0]).toMatchObject({ line: 5, field: "mjml" });
    expect(await db.templateVersion.count()).toBe(before);
  });

  it("should refuse changing the purpose of an existing template", async () => {
    const saved = await saveTemplate(db, newsletterFixture(), clock);
    await expect(saveTemplate(db, { ...newsletterFixture(), purpose: "campaign" }, clock, { templateId: saved.templateId })).rejects.toThrow(/purpose/);
  });
});

describe("when a compiled version is loaded", () => {
  it("should compile it once per process", async () => {
    const saved = await saveTemplate(db, newsletterFixture(), clock);
    const a = await loadCompiledTemplate(db, saved.templateVersionId);
    const b = await loadCompiledTemplate(db, saved.templateVersionId);
    expect(a).toBe(b);
    expect(a.purpose).toBe("bargaining");
  });
});

describe("when render contexts are loaded for a batch", () => {
  it("should build every member's context with signed links for that member and purpose", async () => {
    const ids = [await memberId("T1"), await memberId("T2"), 999_999];
    const contexts = await loadRenderContexts(db, ids, {
      campaignName: "Vår", data: { x: 1 }, purpose: "bargaining", channel: "email", campaignId: 42, config,
      issuedAt: new Date(),
    });
    expect([...contexts.keys()]).toEqual(ids.slice(0, 2));
    const t1 = contexts.get(ids[0]!)!;
    expect(t1.memberNumber).toBe("T1");
    expect(t1.context).toMatchObject({
      member: { firstName: "Øystein", fullName: "Øystein Nordmann", language: "nn" },
      employment: { employerName: "Skatteetaten", workplace: "Bergen" },
      geo: { municipalityName: expect.any(String), countyName: "Vestland" },
      campaign: { name: "Vår" }, data: { x: 1 },
      address: { name: "Øystein Nordmann", lines: ["Storgata 1", "5003 BERGEN"] },
    });
    const token = t1.context.links.unsubscribeUrl.split("/u/")[1]!;
    expect(verifyToken(config.secretKeys, token)).toMatchObject({ memberId: ids[0], purpose: "bargaining", channel: "email", campaignId: 42 });
    const t2 = contexts.get(ids[1]!)!.context;
    expect(t2.address).toBeUndefined();
    expect(t2.employment).toEqual({ employerName: "", workplace: "" });
  });
});

describe("when a template is previewed", () => {
  it("should render a real member's email with their own working unsubscribe link, in their language", async () => {
    const saved = await saveTemplate(db, newsletterFixture(), clock);
    const preview = await previewTemplate(db, { templateId: saved.templateId, channel: "email", memberNumber: "T1", config, clock });
    if (preview.channel !== "email") throw new Error("expected email");
    const link = /href="(https:\/\/budstikke\.example\.no\/u\/[A-Za-z0-9_-]+)"/.exec(preview.body)?.[1];
    expect(link).toBeDefined();
    expect(verifyToken(config.secretKeys, link!.split("/u/")[1]!)).toMatchObject({ memberId: await memberId("T1"), purpose: "bargaining", channel: "email" });
    expect(preview.body).toContain("Hei, hei Øystein"); // the nn variant
    expect(preview.body).toContain("innstillingane"); // nn footer
  });

  it("should render the sample member's SMS and letter, and refuse a member without an address", async () => {
    const saved = await saveTemplate(db, newsletterFixture(), clock);
    const sms = await previewTemplate(db, { templateId: saved.templateId, channel: "sms", language: "en", config, clock });
    expect(sms.body).toMatch(/^Hi Kari Åse!.*\nReply STOPP to unsubscribe$/s);
    const letter = await previewTemplate(db, { templateId: saved.templateId, channel: "letter", config, clock });
    expect((letter.body as Buffer).subarray(0, 5).toString()).toBe("%PDF-");
    await expect(previewTemplate(db, { templateId: saved.templateId, channel: "letter", memberNumber: "T2", config, clock })).rejects.toThrow(/postal address/);
  });
});
