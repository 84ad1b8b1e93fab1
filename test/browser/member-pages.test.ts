// Every page a member reaches from a message, in real Chromium against the real server: in
// bokmål, nynorsk and English, at 1280 and 320 CSS px (320 px is 1280 px at 400 % zoom), axe-core
// (WCAG 2.0/2.1 A and AA rules) finds no violation of any impact, the page has its language and
// scrolls only vertically. Then by hand, as far as a test can: the language switch with
// JavaScript off (and remembered for the member), the keyboard (skip link first, focus always
// visible), and a pale brand colour (#ffff00) still passes colour contrast.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNewsletter, NEWSLETTER_CONSENT_TEXT_VERSION } from "../../src/consent/newsletters.ts";
import { signToken } from "../../src/consent/tokens.ts";
import type { Lang } from "../../src/http/i18n.ts";
import { confirmationToken, hashToken } from "../../src/newsletters/subscriptions.ts";
import { storeLogo } from "../../src/organisation/logo.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { createHistoryLink } from "../../src/history/links.ts";
import { TEST_CONTENT } from "../support/pipeline-harness.ts";
import { launchChromium, screenshot } from "./support/browser.ts";
import { startStack, type Stack } from "./support/stack.ts";

const LANGS: Lang[] = ["nb", "nn", "en"];
const WIDTHS = [1280, 320] as const;
const DAY = 24 * 3_600_000;
const ORGANISATION = {
  name: "Norsk Tjenestemannslag", shortName: "NTL", addressLines: ["Postboks 9123 Grønland", "0133 OSLO"],
  contactEmail: "post@ntl.example.no", contactPhone: "+47 22 00 00 00", orgNumber: "999888777", privacyUrl: "https://www.ntl.example.no/personvern",
};
// A logo with a shape and two colours, as an admin would upload it (stored as PNG by storeLogo).
const LOGO_SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="96" height="64" viewBox="0 0 96 64">
<rect width="96" height="64" rx="8" fill="#1f4e79"/><path d="M14 50V14h10l16 22V14h10v36H40L24 28v22z" fill="#fff"/><circle cx="72" cy="32" r="14" fill="#f2c230"/></svg>`);

let stack: Stack;
let browser: Browser;
let newsletterSlug: string;

beforeAll(async () => {
  stack = await startStack({ members: 40 });
  browser = await launchChromium();
  const { db, clock } = stack.harness;
  const logo = await storeLogo(db, LOGO_SVG, clock.now());
  await db.organisationProfile.create({ data: { ...ORGANISATION, brandColour: "#1f4e79", logoId: logo.id, createdAt: clock.now() } });
  newsletterSlug = (await createNewsletter(db, { slug: "tariffnytt", name: "Tariffnytt" })).slug;
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

let serial = 0;
async function memberFor(lang: Lang): Promise<number> {
  serial += 1;
  const member = await stack.harness.db.member.create({
    data: { memberNumber: `MP${serial}`, firstName: "Kari", lastName: "Nordmann", status: "active", language: lang, email: `kari.mp${serial}@example.no` },
  });
  return member.id;
}

function memberToken(memberId: number, issuedAt = stack.harness.clock.now()): string {
  return signToken(stack.harness.config.secretKeys, { memberId, purpose: "campaign", channel: "email", campaignId: null, issuedAt });
}

/** A confirmation request waiting for the member, with the token its email would carry. */
async function pendingConfirmation(memberId: number): Promise<string> {
  const { db, config, clock } = stack.harness;
  const newsletter = await db.newsletter.findUniqueOrThrow({ where: { slug: newsletterSlug } });
  const now = clock.now();
  const request = await db.newsletterSubscription.create({
    data: {
      memberId, newsletterId: newsletter.id, tokenHash: hashToken(`placeholder-${memberId}`), requestedAt: now,
      expiresAt: new Date(now.getTime() + 7 * DAY), source: "staff", consentTextVersion: NEWSLETTER_CONSENT_TEXT_VERSION,
    },
  });
  const token = confirmationToken(config.secretKeys, request);
  await db.newsletterSubscription.update({ where: { id: request.id }, data: { tokenHash: hashToken(token) } });
  return token;
}

/** A context that has chosen `lang` (the cookie POST /lang sets), at 1280 px. */
async function contextIn(lang: Lang): Promise<{ context: BrowserContext; page: Page; console: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "nb-NO" });
  await context.addCookies([{ name: "lang", value: lang, url: stack.baseUrl }]);
  const page = await context.newPage();
  const console: string[] = [];
  page.on("console", (message) => console.push(message.text()));
  page.on("pageerror", (error) => console.push(`pageerror: ${error.message}`));
  return { context, page, console };
}

/** axe with the WCAG 2.0 and 2.1 A/AA rules: no violation of ANY impact (stricter than the shared expectAccessible). */
async function expectNoAxeViolations(page: Page, screen: string, rules?: string[]): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const results = await (rules ? builder.withRules(rules) : builder).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).slice(0, 3).join(" | ")}`,
  );
  expect(found, `axe on ${screen}`).toEqual([]);
  expect(results.passes.length, `axe ran rules on ${screen}`).toBeGreaterThan(0);
  // Contrast measured, not left for review (axe says "incomplete" when it cannot tell a background).
  const unmeasured = results.incomplete.filter((v) => v.id === "color-contrast").flatMap((v) => v.nodes.map((n) => n.target.join(" ")));
  expect(unmeasured, `contrast axe could not measure on ${screen}`).toEqual([]);
}

/**
 * The page as it is now, at each width: language set, no horizontal scrolling, no axe violation;
 * photographed in bokmål. Leaves the page at 1280 px.
 */
async function checkMemberPage(page: Page, lang: Lang, name: string): Promise<void> {
  await page.waitForLoadState("load");
  await page.mouse.move(0, 0);
  expect(await page.locator("html").getAttribute("lang"), name).toBe(lang);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const screen = `member-${name}-${lang}-${width}`;
    const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(scrollWidth, `${screen}: no horizontal scroll`).toBeLessThanOrEqual(width);
    await expectNoAxeViolations(page, screen);
    if (lang === "nb") await screenshot(page, `member-${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const T = {
  nb: { unsubscribe: "Meld meg av", save: "Lagre", freshLink: "Send meg en ny lenke", subscribe: "Meld meg på", confirm: "Ja, meld meg på", history: "Send meg oversikten" },
  nn: { unsubscribe: "Meld meg av", save: "Lagre", freshLink: "Send meg ei ny lenkje", subscribe: "Meld meg på", confirm: "Ja, meld meg på", history: "Send meg oversikta" },
  en: { unsubscribe: "Unsubscribe", save: "Save", freshLink: "Send me a fresh link", subscribe: "Subscribe", confirm: "Yes, subscribe me", history: "Send me the overview" },
} as const;

/** Two messages that left us for the member (rows as the pipeline leaves them), for the history page. */
async function sentMessages(memberId: number): Promise<void> {
  const { db, clock } = stack.harness;
  for (const [i, channel] of (["email", "sms"] as const).entries()) {
    const at = new Date(clock.now().getTime() - (i + 1) * 7 * DAY);
    const campaign = await createCampaign(db, {
      name: `Tariffoppgjøret 2026, melding ${i + 1}`, purpose: "bargaining", channels: [channel],
      audience: { rules: { field: "status", op: "eq", value: "active" } }, content: TEST_CONTENT, data: { deadline: "1. mars" },
    }, clock);
    await db.campaign.update({ where: { id: campaign.id }, data: { state: "completed", launchedAt: at, completedAt: at } });
    await db.delivery.create({ data: { campaignId: campaign.id, memberId, channel, status: "sent", attempts: 1, sentAt: at, createdAt: at, updatedAt: at } });
  }
}

/** Submits the form of the named button and waits for the page it answers with. */
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name, exact: true }).click()]);
}

describe("when members open each member page", () => {
  it.each(LANGS)("should pass axe with no violations at 320 and 1280 px in %s", async (lang) => {
    const { db, config, clock } = stack.harness;
    const memberId = await memberFor(lang);
    const fresh = memberToken(memberId);
    const old = memberToken(memberId, new Date(clock.now().getTime() - (config.PREFERENCES_OPT_IN_DAYS + 1) * DAY));
    const confirmation = await pendingConfirmation(memberId);
    const { context, page, console } = await contextIn(lang);
    const t = T[lang];
    try {
      await page.goto(`${stack.baseUrl}/u/${fresh}`);
      await checkMemberPage(page, lang, "unsubscribe");
      await press(page, t.unsubscribe);
      await expect.poll(() => page.locator('[role="status"]').count()).toBe(1);
      await checkMemberPage(page, lang, "unsubscribed");

      await page.goto(`${stack.baseUrl}/subscribe/confirm/${confirmation}`);
      await checkMemberPage(page, lang, "confirm");
      await press(page, t.confirm);
      await checkMemberPage(page, lang, "confirm-done");

      await page.goto(`${stack.baseUrl}/preferences/${fresh}`);
      await checkMemberPage(page, lang, "preferences");
      await press(page, t.save);
      await expect.poll(() => page.locator('[role="status"]').count()).toBe(1);
      await checkMemberPage(page, lang, "preferences-saved");

      await page.goto(`${stack.baseUrl}/preferences/${old}`);
      await checkMemberPage(page, lang, "preferences-old-link");
      await press(page, t.freshLink);
      await checkMemberPage(page, lang, "fresh-link-sent");

      await page.goto(`${stack.baseUrl}/subscribe/${newsletterSlug}`);
      await checkMemberPage(page, lang, "subscribe");
      await press(page, t.subscribe);
      // The server's error, tied to the field, with the browser's own validation off.
      const field = page.locator("#email");
      await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
      expect(await field.getAttribute("aria-describedby")).toBe("email-error");
      await checkMemberPage(page, lang, "subscribe-error");
      await field.fill("nobody@example.no");
      await press(page, t.subscribe);
      await checkMemberPage(page, lang, "subscribe-done");

      // "What have you sent me?": asked for in the preference centre, the page the link opens, and an expired link.
      await page.goto(`${stack.baseUrl}/preferences/${fresh}`);
      await press(page, t.history);
      await checkMemberPage(page, lang, "history-requested");
      await sentMessages(memberId);
      await page.goto(`${stack.baseUrl}/history/${await createHistoryLink(db, memberId, clock.now())}`);
      expect(await page.locator("ol li").count()).toBe(2);
      await checkMemberPage(page, lang, "history");
      await page.goto(`${stack.baseUrl}/history/${await createHistoryLink(db, memberId, new Date(clock.now().getTime() - 2 * DAY))}`);
      await checkMemberPage(page, lang, "history-expired");

      await page.goto(`${stack.baseUrl}/tilgjengelighet`);
      await checkMemberPage(page, lang, "accessibility");

      await page.goto(`${stack.baseUrl}/u/not-a-token`);
      await checkMemberPage(page, lang, "not-found");
      // The inline styles are allowed by the CSP (a refused style would show here), and nothing failed.
      expect(console.filter((line) => /pageerror|Content Security Policy|Refused to/.test(line))).toEqual([]);
    } finally {
      await context.close();
    }
    // GET and language do not mix: only the POSTs above changed anything, and not the language.
    expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).language).toBe(lang);
  });
});

describe("when a member switches language with JavaScript off", () => {
  it("should post the form, come back to the same page in nynorsk, and remember nynorsk for the member", async () => {
    const { db } = stack.harness;
    const memberId = await memberFor("nb");
    const token = memberToken(memberId);
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${stack.baseUrl}/u/${token}`);
      expect(await page.locator("html").getAttribute("lang")).toBe("nb");
      const nav = page.getByRole("navigation", { name: "Språk" });
      expect(await nav.locator('[aria-current="true"]').textContent()).toBe("Bokmål");
      await Promise.all([page.waitForNavigation(), nav.getByRole("button", { name: "Nynorsk" }).click()]);
      expect(new URL(page.url()).pathname).toBe(`/u/${token}`);
      expect(await page.locator("html").getAttribute("lang")).toBe("nn");
      expect(await page.getByRole("navigation", { name: "Språk" }).locator('[aria-current="true"]').textContent()).toBe("Nynorsk");
      expect(await page.getByRole("button", { name: "Meld meg av" }).count()).toBe(1);
      expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).language).toBe("nn");
      expect(await db.auditLog.count({ where: { action: "member.language", entityId: String(memberId) } })).toBe(1);
      const cookie = (await context.cookies()).find((c) => c.name === "lang");
      expect(cookie).toMatchObject({ value: "nn", httpOnly: true, sameSite: "Lax", path: "/" });
    } finally {
      await context.close();
    }
    // Another browser, without the cookie, shows the member's remembered language.
    const other = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await other.newPage();
      await page.goto(`${stack.baseUrl}/preferences/${token}`);
      expect(await page.locator("html").getAttribute("lang")).toBe("nn");
    } finally {
      await other.close();
    }
  });
});

describe("when a member uses the keyboard", () => {
  /** The focused element: what it is and how its focus shows. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      return {
        tag: element.tagName.toLowerCase(), className: element.className, text: (element.textContent ?? "").trim().slice(0, 40),
        outlineWidth: Number.parseFloat(style.outlineWidth), outlineStyle: style.outlineStyle,
        visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
      };
    });

  it("should reach the skip link first, with a visible focus ring, and then every control with a visible focus", async () => {
    const memberId = await memberFor("nb");
    const { context, page } = await contextIn("nb");
    try {
      await page.goto(`${stack.baseUrl}/preferences/${memberToken(memberId)}`);
      await page.keyboard.press("Tab");
      const skip = await focused(page);
      expect(skip).toMatchObject({ tag: "a", className: "skip", text: "Hopp til hovedinnholdet", visible: true, outlineStyle: "solid" });
      expect(skip!.outlineWidth).toBeGreaterThan(0);
      await screenshot(page, "member-focus-skip-1280");

      // The skip link moves on to the content: the next Tab lands inside <main>, past the switch.
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);

      // From the top, every stop shows its focus (outline > 0), through header, form and footer.
      await page.goto(`${stack.baseUrl}/preferences/${memberToken(memberId)}`);
      const stops: string[] = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const now = await focused(page);
        if (!now) break;
        expect(now.outlineWidth, `focus on ${now.tag} ${now.text}`).toBeGreaterThan(0);
        expect(now.outlineStyle, `focus on ${now.tag} ${now.text}`).not.toBe("none");
        expect(now.visible, `focus on ${now.tag} ${now.text}`).toBe(true);
        stops.push(`${now.tag}:${now.text}`);
        if (now.text === "Nynorsk") await screenshot(page, "member-focus-language-1280");
        if (now.text === "Tilgjengelighetserklæring") break;
      }
      expect(stops[0]).toBe("a:Hopp til hovedinnholdet");
      expect(stops).toContain("button:Nynorsk");
      expect(stops).toContain("button:Lagre");
      expect(stops).toContain("button:Send meg oversikten");
      expect(stops.at(-1)).toBe("a:Tilgjengelighetserklæring");
    } finally {
      await context.close();
    }
  });
});

describe("when the organisation's brand colour is pale yellow (#ffff00)", () => {
  it("should still pass colour contrast on every kind of member page", async () => {
    const { db, clock } = stack.harness;
    const current = await db.organisationProfile.findFirstOrThrow({ orderBy: { id: "desc" } });
    await db.organisationProfile.create({ data: { ...ORGANISATION, brandColour: "#ffff00", logoId: current.logoId, createdAt: clock.now() } });
    const memberId = await memberFor("nb");
    const token = memberToken(memberId);
    const { context, page } = await contextIn("nb");
    try {
      for (const [path, name] of [[`/u/${token}`, "unsubscribe"], [`/preferences/${token}`, "preferences"], ["/tilgjengelighet", "accessibility"]] as const) {
        await page.goto(`${stack.baseUrl}${path}`);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          await expectNoAxeViolations(page, `yellow ${name} ${width}`, ["color-contrast"]);
          await expectNoAxeViolations(page, `yellow ${name} ${width} (all rules)`);
        }
        await page.setViewportSize({ width: 1280, height: 800 });
        await screenshot(page, `member-yellow-${name}-1280`);
      }
      await page.goto(`${stack.baseUrl}/subscribe/${newsletterSlug}`);
      await press(page, "Meld meg på");
      await expectNoAxeViolations(page, "yellow subscribe-error", ["color-contrast"]);
      await screenshot(page, "member-yellow-subscribe-error-1280");
    } finally {
      await context.close();
    }
  });
});
