// Real Chromium (Debian's, /usr/bin/chromium or CHROMIUM_PATH) driven by playwright-core, with
// the flags this machine needs (no sandbox as root, no background networking to Google), and
// the checks every screen gets: axe-core (no serious or critical violations), no personal data
// in the console, in URLs or in local storage, and a screenshot under test-results/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import type { StaffLogin, Stack } from "./stack.ts";

export const SCREENSHOTS = join(import.meta.dirname, "../../../test-results/screens");

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/** What a page did that the privacy checks look at. */
export interface Observed {
  console: string[];
  urls: string[];
}

export interface StaffPage {
  context: BrowserContext;
  page: Page;
  observed: Observed;
}

/** A fresh context (no shared cookies) at 1280×800, recording console output and every URL requested. */
export async function openContext(browser: Browser): Promise<StaffPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "nb-NO", timezoneId: "America/New_York" });
  const page = await context.newPage();
  const observed: Observed = { console: [], urls: [] };
  page.on("console", (message) => observed.console.push(message.text()));
  page.on("pageerror", (error) => observed.console.push(`pageerror: ${error.message}`));
  page.on("request", (request) => observed.urls.push(request.url()));
  page.on("framenavigated", (frame) => observed.urls.push(frame.url()));
  return { context, page, observed };
}

export async function logIn(stack: Stack, { page }: StaffPage, user: StaffLogin, path = "/"): Promise<void> {
  await page.goto(`${stack.baseUrl}${path}`);
  await page.getByLabel("E-post").fill(user.email);
  await page.getByLabel(/^Passord/).fill(PASSWORD_OF(user));
  await page.getByRole("button", { name: "Logg inn" }).click();
  if (user.totpSecret) {
    const code = page.getByLabel(/Engangskode/);
    await code.waitFor();
    await code.fill(await stack.totp(user));
    await page.getByRole("button", { name: "Logg inn" }).click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

// One password for every test user (stack.ts), kept in one place.
import { PASSWORD } from "./stack.ts";
const PASSWORD_OF = (_user: StaffLogin) => PASSWORD;

/** axe-core on the page as it is now: no serious or critical violations. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(bad, `axe on ${screen}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The screen is settled (no request in flight), checked with axe, and photographed. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  // Colours under a hovering pointer or mid-transition (a link just clicked) are not the page's own.
  await page.mouse.move(0, 799);
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
  await expectAccessible(page, name);
  await screenshot(page, name);
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE = /(?:\+47|%2B47)?\d{8}/;

/** No email address or phone number in any URL the page requested, in its console, or in local storage. */
export async function expectNoPersonalDataLeaks(staff: StaffPage, personal: string[]): Promise<void> {
  for (const url of staff.observed.urls) {
    const query = new URL(url).search;
    expect(query, url).not.toMatch(EMAIL);
    expect(query.replace(/cursor=[^&]*/g, ""), url).not.toMatch(PHONE);
    for (const value of personal) expect(decodeURIComponent(url)).not.toContain(value);
  }
  for (const line of staff.observed.console) {
    expect(line).not.toMatch(EMAIL);
    for (const value of personal) expect(line).not.toContain(value);
  }
  const storage = await staff.page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(storage).not.toMatch(EMAIL);
  for (const value of personal) expect(storage).not.toContain(value);
}
