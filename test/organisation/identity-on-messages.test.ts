// Acceptance (issue 14): a campaign's emails, letters and SMS carry the organisation's identity
// from the settings, and a change of settings reaches the next campaign's messages, never the
// ones of a campaign already launched (the layout is pinned with the template version at launch).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { inLetterDir } from "../../src/letters/files.ts";
import { saveOrganisationSettings, uploadOrganisationLogo } from "../../src/organisation/settings.ts";
import { templateForCampaign } from "../../src/templates/builds.ts";
import { sampleContext } from "../../src/templates/context.ts";
import { readPdf } from "../support/pdf.ts";
import { allDone, PUBLIC_URL, startHarness, TEST_CONTENT } from "../support/pipeline-harness.ts";

const letterDir = mkdtempSync(join(tmpdir(), "budstikke-identity-"));
// SMS from a number: the short name must come first.
const h = await startHarness({ members: 30, env: { LETTER_DIR: letterDir, TWILIO_FROM: "+4759440000" } });
afterAll(() => h.close());

const admin = systemActor("test");
const deps = { db: h.db, config: h.config, clock: h.clock };
const LOGO = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" fill="#0b5"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>`);
const SETTINGS = {
  name: "Fjordunionen", shortName: "Fjordunionen", brandColour: "#ffff00",
  addressLines: ["Postboks 1 Sentrum", "0101 OSLO"], contactEmail: "post@fjordunionen.example", contactPhone: "22 00 00 00",
  orgNumber: "974760673", privacyUrl: "https://fjordunionen.example/personvern",
};
const CONTENT = {
  ...TEST_CONTENT,
  letter: { returnLine: "(not shown: the organisation head replaces it)", place: "Oslo", nb: { body: "# Uravstemning\n\nHei {{member.firstName}}." } },
};
const MM = 72 / 25.4;

describe("when a campaign is sent after the organisation settings are saved", () => {
  let first: number;
  let logoId: number;

  it("should carry the name, address, organisation number, why-line, links and logo in every email, both parts", async () => {
    await saveOrganisationSettings(deps, admin, SETTINGS);
    logoId = (await uploadOrganisationLogo(deps, admin, LOGO)).logo!.id;
    first = await h.launch({ channels: ["email", "sms", "letter"], content: CONTENT });
    await h.waitFor(first, allDone, 60_000);

    const emails = h.sink.messages;
    expect(emails.length).toBeGreaterThan(5);
    for (const email of emails) {
      const html = email.html ?? "";
      const text = email.text ?? "";
      expect(html).toContain(`${PUBLIC_URL}/org/logo/${logoId}.png`);
      for (const part of [html, text]) {
        expect(part).toContain("Fjordunionen");
        expect(part).toContain("Postboks 1 Sentrum, 0101 OSLO");
        expect(part).toMatch(/Org\. ?n[or]\.? 974 760 673/);
        expect(part).toContain("https://fjordunionen.example/personvern");
        expect(part).toMatch(/\/u\/[A-Za-z0-9_-]{20,}/); // the member's own unsubscribe link
      }
    }
    // The why-line in the member's own language.
    const byLanguage = await h.db.member.findMany({ where: { email: { in: emails.flatMap((e) => e.to) } }, select: { email: true, language: true } });
    const why = {
      nb: "Du får denne e-posten fordi du er medlem av Fjordunionen og ikke har reservert deg mot tariffoppgjør og uravstemninger.",
      nn: "Du får denne e-posten fordi du er medlem av Fjordunionen og ikkje har reservert deg mot tariffoppgjer og uravstemningar.",
      en: "You receive this email because you are a member of Fjordunionen and have not opted out of pay settlements and ballots.",
    };
    for (const { email, language } of byLanguage) {
      const message = emails.find((e) => e.to.includes(email!))!;
      expect(message.text).toContain(why[language]);
    }
  });

  it("should start every SMS with the short name, since the sender is a number", async () => {
    const sms = h.twilio.messages;
    expect(sms.length).toBeGreaterThan(5);
    for (const message of sms) expect(message.body).toMatch(/^Fjordunionen: Hei /);
  });

  it("should print the return address and logo above the window and the contact line at the foot of each letter", async () => {
    const batch = await h.db.printBatch.findFirstOrThrow({ where: { campaignId: first } });
    const pdf = await readPdf(readFileSync(inLetterDir(letterDir, batch.pdfFile)));
    const firstPage = pdf.words.filter((w) => w.page === 1);
    const name = firstPage.find((w) => w.text === "Fjordunionen")!;
    expect(name.yMax).toBeLessThan(45 * MM); // above the window (45–90 mm from the top)
    expect(firstPage.find((w) => w.text === "Sentrum")!.yMax).toBeLessThan(45 * MM);
    expect(pdf.pageTexts[0]).toContain("post@fjordunionen.example · 22 00 00 00 · Org.nr. 974 760 673");
    const contact = firstPage.find((w) => w.text.startsWith("post@fjordunionen"))!;
    expect(contact.yMin).toBeGreaterThan(280 * MM);
    expect(pdf.pageTexts[0]).not.toContain("not shown");
  });

  it("should give the next campaign the changed settings, and keep the launched one's", async () => {
    await saveOrganisationSettings(deps, admin, { ...SETTINGS, name: "Fjordunionen Vest", shortName: "FjordVest", privacyUrl: "https://vest.example/personvern" });
    h.sink.reset();
    h.twilio.messages.length = 0;

    const second = await h.launch({ channels: ["email", "sms"], content: CONTENT });
    await h.waitFor(second, allDone, 60_000);
    expect(h.sink.messages.length).toBeGreaterThan(5);
    for (const email of h.sink.messages) {
      expect(email.html).toContain("Fjordunionen Vest");
      expect(email.text).toContain("https://vest.example/personvern");
    }
    for (const message of h.twilio.messages) expect(message.body).toMatch(/^FjordVest: /);

    // The first campaign still renders (a retry, a late fallback) with the settings it launched with.
    const launched = await h.db.campaign.findUniqueOrThrow({ where: { id: first } });
    const again = await templateForCampaign({ ...deps }, launched);
    const context = sampleContext({ language: "nb", campaignName: "x", data: { deadline: "1. mai" }, publicUrl: PUBLIC_URL });
    const email = again.renderEmail(context);
    expect(email.html).toContain("Fjordunionen");
    expect(email.html).not.toContain("Fjordunionen Vest");
    expect(email.text).toContain("https://fjordunionen.example/personvern");
    expect(again.renderSmsBody(context, true)).toMatch(/^Fjordunionen: /);
  });
});
