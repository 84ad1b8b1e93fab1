// Every screen an admin can open, in real Chromium: it renders without a page error under the
// strict CSP, axe finds no serious or critical violation, and a screenshot is kept. The flows
// in flows.test.ts check the screens with data in motion; this one checks them all at rest,
// in Norwegian and (for two) in English.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { checkScreen, expectNoPersonalDataLeaks, launchChromium, logIn, openContext, type StaffPage } from "./support/browser.ts";
import { startStack, type Stack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let admin: StaffPage;
beforeAll(async () => {
  stack = await startStack({ members: 200 });
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
