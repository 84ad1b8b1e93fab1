// Logging in and out in real Chromium: password, then TOTP for roles that need it; a deep link
// survives the detour through the login page; an ended session sends the user to log in again
// and back to where they were; the UI runs under the strict CSP without a single violation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { checkScreen, expectNoPersonalDataLeaks, launchChromium, logIn, openContext } from "./support/browser.ts";
import { startStack, type Stack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  stack = await startStack({ members: 300 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("when staff log in", () => {
  it("should show the login screen, accessible, and bring a communicator back to the page they asked for", async () => {
    const staff = await openContext(browser);
    const { page } = staff;
    await page.goto(`${stack.baseUrl}/campaigns`);
    await page.waitForURL(/\/login$/);
    await checkScreen(page, "01-login");
    await logIn(stack, staff, stack.users.communicator, "/campaigns");
    await page.waitForURL(/\/campaigns$/);
    await expect.poll(() => page.getByText("Kari Kommunikasjon").isVisible()).toBe(true);
    expect(staff.observed.console.filter((line) => /Content Security Policy|Refused to/.test(line))).toEqual([]);
    await expectNoPersonalDataLeaks(staff, [stack.users.communicator.email]);
    await staff.context.close();
  });

  it("should ask an approver for the TOTP code after the password, and refuse a wrong one", async () => {
    const staff = await openContext(browser);
    const { page } = staff;
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByLabel("E-post").fill(stack.users.approver.email);
    await page.getByLabel(/^Passord/).fill("en lang og trygg passordsetning");
    await page.getByRole("button", { name: "Logg inn" }).click();
    const code = page.getByLabel(/Engangskode/);
    await code.waitFor();
    await checkScreen(page, "02-login-totp");
    const current = await stack.totp(stack.users.approver);
    await code.fill(current === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Logg inn" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Feil e-post, passord eller kode");
    await code.fill(await stack.totp(stack.users.approver));
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect.poll(() => page.getByText("Gunnar Godkjenner").isVisible()).toBe(true);
    await staff.context.close();
  });

  it("should send a user whose session ended to the login page, then back to where they were", async () => {
    const staff = await openContext(browser);
    const { page } = staff;
    await logIn(stack, staff, stack.users.communicator, "/segments");
    await page.waitForURL(/\/segments$/);
    // The server ends every session (as the idle timeout or an admin would); the next request finds out.
    await stack.harness.db.staffSession.deleteMany({});
    // Whichever request finds out first (the click's, or a screen's own refresh) sends the user to log in.
    await Promise.all([page.waitForURL(/\/login$/), page.getByRole("link", { name: "Kampanjer" }).click({ timeout: 5000 }).catch(() => undefined)]);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Økten din er utløpt");
    await page.getByLabel("E-post").fill(stack.users.communicator.email);
    await page.getByLabel(/^Passord/).fill("en lang og trygg passordsetning");
    await page.getByRole("button", { name: "Logg inn" }).click();
    // Back where the user was: the campaign list (or the segment list, if a refresh found out before the click).
    await page.waitForURL(/\/(campaigns|segments)$/);
    await staff.context.close();
  });

  it("should log out: the cookie is gone and a reload asks for a login", async () => {
    const staff = await openContext(browser);
    const { page } = staff;
    await logIn(stack, staff, stack.users.communicator);
    await page.getByRole("button", { name: "Logg ut" }).click();
    await page.waitForURL(/\/login$/);
    await page.reload();
    await page.waitForURL(/\/login$/);
    expect((await staff.context.cookies()).filter((c) => c.name === "budstikke_session")).toEqual([]);
    await staff.context.close();
  });
});
