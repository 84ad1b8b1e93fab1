// Every screen an admin can open, in real Chromium: it renders without a page error under the
// strict CSP, axe finds no serious or critical violation, and a screenshot is kept. The flows
// in flows.test.ts check the screens with data in motion; this one checks them all at rest,
// in Norwegian and (for two) in English.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { systemActor } from "../../src/auth/actor.ts";
import { attachMergeData } from "../../src/campaigns/merge-data.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { saveSegment } from "../../src/segments/store.ts";
import { saveTemplate } from "../../src/templates/store.ts";
import { allDone, TEST_CONTENT } from "../support/pipeline-harness.ts";
import { checkScreen, expectNoPersonalDataLeaks, launchChromium, logIn, openContext, type StaffPage } from "./support/browser.ts";
import { startStack, type Stack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let admin: StaffPage;
beforeAll(async () => {
  // Letters are rendered and collated into print batches here (the letters screens below).
  stack = await startStack({ members: 200, env: { LETTER_DIR: mkdtempSync(join(tmpdir(), "budstikke-screens-letters-")) } });
  browser = await launchChromium();
  admin = await openContext(browser);
  await logIn(stack, admin, stack.users.admin);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const SCREENS: Array<[path: string, heading: string]> = [
  ["/", "Oversikt"],
  ["/campaigns", "Kampanjer"],
  ["/campaigns/new", "Ny kampanje"],
  ["/approvals", "Godkjenninger"],
  ["/members", "Medlemmer"],
  ["/segments", "Segmenter"],
  ["/templates", "Maler"],
  ["/suppressions", "Sperrelister"],
  ["/newsletters", "Nyhetsbrev"],
  ["/users", "Brukere"],
  ["/tokens", "API-tokens"],
  ["/audit", "Revisjonslogg"],
];

describe("when an admin opens each screen", () => {
  it.each(SCREENS)("should show %s accessibly (h1 %s)", async (path, heading) => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}${path}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toContain(heading);
    await checkScreen(page, `30-admin${path.replaceAll("/", "-").replace(/-$/, "") || "-overview"}`);
  });

  it("should switch to English and keep working, with nothing personal in console, URLs or storage", async () => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/users`);
    await page.getByText("English", { exact: true }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toBe("Users");
    await checkScreen(page, "31-admin-users-en");
    await page.getByRole("link", { name: "Overview" }).click();
    await checkScreen(page, "31-admin-overview-en");
    expect(admin.observed.console.filter((line) => /pageerror|Content Security Policy|Refused to/.test(line))).toEqual([]);
    await expectNoPersonalDataLeaks(admin, Object.values(stack.users).map((u) => u.email));
    await page.getByText("Norsk", { exact: true }).click();
  });
});

// ── letters and channel fallback ──
const LETTER_CONTENT = {
  letter: {
    returnLine: "NTL, Postboks 9123 Grønland, 0133 OSLO",
    place: "Oslo",
    nb: { body: "# Uravstemning\n\nHei {{member.firstName}}.\n\nFrist {{data.deadline}}." },
  },
};

describe("when an admin opens the letters screens", () => {
  let letterCampaign: number;
  let fallbackDraft: number;
  beforeAll(async () => {
    const h = stack.harness;
    // Through the real pipeline: claimed, consent-checked, rendered, collated into print batches.
    letterCampaign = await h.launch({ name: "Uravstemning per brev", channels: ["letter"], content: LETTER_CONTENT });
    await h.waitFor(letterCampaign, allDone, 120_000);
    const draft = await createCampaign(h.db, {
      name: "Tariffoppgjøret: én melding per medlem",
      purpose: "bargaining",
      audience: { rules: { field: "status", op: "in", value: ["active", "student", "apprentice", "retired", "unemployed", "honorary"] } },
      channels: ["email", "sms", "letter"],
      channelMode: "first-available",
      content: { ...TEST_CONTENT, ...LETTER_CONTENT },
      data: { deadline: "10. desember" },
    }, h.clock);
    fallbackDraft = draft.id;
  });

  it("should list the print batches with postage and downloads, and the returned-letters form", async () => {
    const batches = await stack.harness.db.printBatch.count({ where: { campaignId: letterCampaign } });
    expect(batches).toBeGreaterThan(0);
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/letters`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toBe("Brev");
    const table = page.getByRole("table", { name: "Trykkbunker, nyeste først" });
    await expect.poll(() => table.getByRole("row").count()).toBe(batches + 1);
    expect(await table.getByRole("link", { name: "Uravstemning per brev" }).count()).toBe(batches);
    expect(await table.getByText(/\d\s*kr$/).count()).toBe(batches);
    expect(await page.getByRole("button", { name: "Registrer returpost" }).count()).toBe(1);
    await checkScreen(page, "50-letters");
  });

  it("should show the print batches on the letter campaign's page", async () => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/campaigns/${letterCampaign}`);
    const section = page.getByRole("region", { name: "Trykkbunker" });
    await expect.poll(() => section.getByRole("table", { name: "Trykkbunker, nyeste først" }).count()).toBe(1);
    await checkScreen(page, "52-campaign-letters");
  });

  it("should show the expected split per channel and the letters in the review of a first-available campaign", async () => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/campaigns/${fallbackDraft}/edit?steg=kontroll`);
    await expect.poll(() => page.getByText("Første tilgjengelige kanal: e-post → SMS → brev").count(), { timeout: 30_000 }).toBe(1);
    const split = page.getByRole("table", { name: "Forventet fordeling per kanal" });
    expect(await split.getByRole("row").count()).toBe(6);
    await expect.poll(() => page.getByRole("table", { name: "Brev som skal trykkes og sendes" }).count()).toBe(1);
    await checkScreen(page, "51-review-fallback");
  });
});

// ── newsletters and merge data ──
describe("when an admin opens a newsletter and a campaign with merge data", () => {
  let newsletterId: number;
  let mergeCampaign: number;
  beforeAll(async () => {
    const { db, clock } = stack.harness;
    const template = await saveTemplate(db, { name: "Tariffnytt", purpose: "newsletter", email: { nb: TEST_CONTENT.email } }, clock);
    const newsletter = await db.newsletter.create({
      data: { slug: "tariffnytt", name: "Tariffnytt", templateId: template.templateId, senderName: "NTL Tariff", scheduleCron: "0 8 * * 1" },
    });
    newsletterId = newsletter.id;
    // A slot that passed with nothing prepared, and the issue prepared for the next one.
    await db.newsletterIssue.create({ data: { newsletterId, status: "skipped", slotAt: new Date("2026-11-30T07:00:00Z"), reason: "no_prepared_issue" } });
    await db.newsletterIssue.create({ data: { newsletterId, subject: "Tariffnytt uke 50", content: "Forhandlingene i staten starter mandag." } });
    const campaign = await createCampaign(db, {
      name: "Uravstemning: personlig stemmelenke", purpose: "bargaining", channels: ["email"],
      audience: { rules: { field: "status", op: "eq", value: "active" } },
      content: { email: { subject: "Stem nå", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Din lenke: {{merge.ballot_url}}</mj-text></mj-column></mj-section></mj-body></mjml>" } },
    }, clock);
    mergeCampaign = campaign.id;
    const members = await db.member.findMany({ where: { status: "active" }, take: 40, orderBy: { id: "asc" }, select: { memberNumber: true } });
    const csv = ["member_number,ballot_url", ...members.map((m, i) => `${m.memberNumber},https://stem.example.no/v/${1000 + i}`), "999999999,https://stem.example.no/v/x"].join("\n");
    await attachMergeData({ db, clock }, systemActor("screens"), mergeCampaign, csv);
  });

  it("should show the newsletter's schedule, its prepared issue and the slot that was skipped", async () => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/newsletters/${newsletterId}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toContain("Tariffnytt");
    await expect.poll(() => page.getByText("Tariffnytt uke 50").count()).toBeGreaterThan(0);
    await checkScreen(page, "53-newsletter");
  });

  it("should show the attached merge data on the campaign page", async () => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/campaigns/${mergeCampaign}`);
    await expect.poll(() => page.getByText("ballot_url").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await checkScreen(page, "54-campaign-merge-data");
  });
});

// ── organisation settings and a member's history (art. 15) ──
// Last in the file: the yellow brand colour set here would otherwise reach the messages above.
describe("when an admin opens the organisation settings and a member's history", () => {
  const DAY = 24 * 60 * 60 * 1000;
  let memberNumber: string;
  beforeAll(async () => {
    const { db, clock } = stack.harness;
    const now = clock.now().getTime();
    const member = await db.member.findFirstOrThrow({
      where: { status: "active", email: { not: null }, mobile: { not: null } }, orderBy: { id: "desc" }, select: { id: true, memberNumber: true },
    });
    memberNumber = member.memberNumber;
    const { segmentId } = await saveSegment(db, { name: "Aktive medlemmer", rules: { field: "status", op: "eq", value: "active" } });
    const newsletter = await db.newsletter.create({ data: { slug: "medlemsbladet", name: "Medlemsbladet" } });
    // The member's own choices before the messages: an SMS opt-in for campaigns and a newsletter subscription.
    await recordConsentEvent(db, { memberId: member.id, purpose: "campaign", channel: "sms", action: "opt_in", source: "preference_centre", actor: "member", at: new Date(now - 90 * DAY) });
    await recordConsentEvent(db, {
      memberId: member.id, purpose: "newsletter", channel: "email", newsletterId: newsletter.id, action: "opt_in", source: "subscribe_form", actor: "member", at: new Date(now - 60 * DAY),
    });
    const rules = { rules: { field: "status", op: "eq", value: "active" } };
    // Sent campaigns as the pipeline leaves them (completed, one delivery row per channel, sent_at
    // set), written directly: launching each through the workers would add minutes, not coverage.
    const sent: Array<{ name: string; purpose: string; channel: "email" | "sms"; audience: object; daysAgo: number; newsletterId?: number; extra?: object }> = [
      { name: "Tariffoppgjøret 2026: resultatet", purpose: "bargaining", channel: "email", audience: rules, daysAgo: 3 },
      { name: "Medlemsfordeler i desember", purpose: "campaign", channel: "sms", audience: rules, daysAgo: 10 },
      { name: "Medlemsbladet nr. 11", purpose: "newsletter", channel: "email", audience: { subscribersOf: newsletter.id }, daysAgo: 30, newsletterId: newsletter.id },
      { name: "Informasjon om årsmøtet", purpose: "information", channel: "email", audience: { segmentId }, daysAgo: 45 },
      { name: "Kurs i forhandlingsteknikk", purpose: "course", channel: "email", audience: rules, daysAgo: 120, extra: { audienceList: true } },
    ];
    for (const s of sent) {
      const at = new Date(now - s.daysAgo * DAY);
      const campaign = await createCampaign(db, {
        name: s.name, purpose: s.purpose, channels: [s.channel], audience: s.audience, content: TEST_CONTENT, data: { deadline: "1. mars" },
        ...(s.newsletterId ? { newsletterId: s.newsletterId } : {}),
      }, clock);
      await db.campaign.update({ where: { id: campaign.id }, data: { state: "completed", launchedAt: at, completedAt: at, ...s.extra } });
      await db.delivery.create({ data: { campaignId: campaign.id, memberId: member.id, channel: s.channel, status: "sent", attempts: 1, sentAt: at, createdAt: at, updatedAt: at } });
    }
  });

  it("should show the settings with the uploaded logo and the preview in the colours the server derived", async () => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/admin/organisation`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toBe("Organisasjon");
    // Through the API as the UI calls it (session cookie, CSRF token): a yellow brand colour, then a logo.
    const statuses = await page.evaluate(async (logo) => {
      const me = (await (await fetch("/api/v1/auth/me")).json()) as { csrfToken: string };
      const headers = { "x-csrf-token": me.csrfToken, accept: "application/json" };
      const current = (await (await fetch("/api/v1/organisation")).json()) as Record<string, unknown>;
      const body = {
        name: "Norsk Tjenestemannslag", shortName: "NTL", brandColour: "#ffff00", addressLines: ["Postboks 9123 Grønland", "0133 OSLO"],
        contactEmail: current.contactEmail ?? null, contactPhone: "22 00 00 00", orgNumber: "974760673", privacyUrl: "https://ntl.example.no/personvern",
      };
      const saved = await fetch("/api/v1/organisation", { method: "PUT", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
      const uploaded = await fetch("/api/v1/organisation/logo", { method: "PUT", headers: { ...headers, "content-type": "image/svg+xml" }, body: logo });
      return [saved.status, uploaded.status];
    }, LOGO_SVG);
    expect(statuses).toEqual([200, 200]);
    await page.reload();
    const logo = page.getByRole("img", { name: "Logoen til Norsk Tjenestemannslag" });
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.getByText("Merkefargen er gjort mørkere i lenker for å gi nok kontrast (4,5:1).").count()).toBe(1);
    expect(await page.getByLabel(/^Merkefarge/).inputValue()).toBe("#ffff00");
    expect(await page.getByText(/^Sist endret .* av ada\.admin@ntl\.example\.no$/).count()).toBe(1);
    await checkScreen(page, "60-organisation");
  });

  it("should show on the member page what was sent to the member, why, and the member's choice at the time", async () => {
    const { page } = admin;
    await page.goto(`${stack.baseUrl}/members/${memberNumber}`);
    const table = page.getByRole("table", { name: "Meldinger sendt til medlemmet, med grunnlag" });
    await expect.poll(() => table.count(), { timeout: 30_000 }).toBe(1);
    for (const name of ["Tariffoppgjøret 2026: resultatet", "Medlemsfordeler i desember", "Medlemsbladet nr. 11", "Informasjon om årsmøtet", "Kurs i forhandlingsteknikk"]) {
      expect(await table.getByRole("link", { name }).count(), name).toBe(1);
    }
    expect(await table.getByText("Segment: Aktive medlemmer").count()).toBe(1);
    expect(await table.getByText("Nyhetsbrev: Medlemsbladet").count()).toBe(1);
    expect(await table.getByText("Opplastet liste").count()).toBe(1);
    expect(await page.getByText("Meldinger eldre enn 400 dager er slettet etter lagringstiden.").count()).toBe(1);
    await checkScreen(page, "61-member-history");
  });
});

/** A small logo: a red square with the union's initials, as an SVG (rendered to PNG by the server). */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="48" viewBox="0 0 120 48"><rect width="120" height="48" rx="6" fill="#c8102e"/><rect x="8" y="8" width="32" height="32" fill="#ffffff"/><rect x="48" y="14" width="64" height="8" fill="#ffffff"/><rect x="48" y="28" width="44" height="6" fill="#ffffff"/></svg>`;
