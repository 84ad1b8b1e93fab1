// Whole staff flows in real Chromium against the real server, workers, SMTP sink and Twilio
// fake, one step building on the last: a segment with a live count, a template previewed and
// test-sent, a campaign that needs four-eyes approval, its approval in a second browser, live
// progress to completion, a member unsubscribing from the email, and a steward's limits. Every
// key screen is checked with axe and photographed (test-results/screens/).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { campaignStatus } from "../../src/campaigns/status.ts";
import { countMatching } from "../../src/segments/preview.ts";
import { checkScreen, expectNoPersonalDataLeaks, launchChromium, logIn, openContext, type StaffPage } from "./support/browser.ts";
import { startStack, type Stack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let communicator: StaffPage;
beforeAll(async () => {
  // Slow enough (150 messages a second per channel) that progress can be watched.
  stack = await startStack({ members: 1200, ratePerSecond: 150 });
  browser = await launchChromium();
  communicator = await openContext(browser);
  await logIn(stack, communicator, stack.users.communicator);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Opens a Mantine Select (a combobox by its label) and picks an option by its text. */
async function pick(page: Page, label: string, option: string, within = page.locator("body")) {
  await within.getByRole("combobox", { name: label }).first().click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

const SEGMENT = "Aktive med e-post";
const TEMPLATE = "Tariffinformasjon desember";
const CAMPAIGN = "Tariffoppgjøret: resultat og uravstemning";
let campaignId = 0;

describe("a communicator", () => {
  it("builds a segment and sees the count change as a condition is added, matching the API's count", async () => {
    const { page } = communicator;
    await page.goto(`${stack.baseUrl}/segments/new`);
    await page.getByRole("textbox", { name: "Navn" }).fill(SEGMENT);
    const count = page.getByRole("status", { name: "Antall medlemmer" });

    await page.getByRole("button", { name: "Legg til betingelse" }).click();
    await pick(page, "Felt", "Medlemsstatus");
    await pick(page, "Sammenligning", "er");
    await pick(page, "Verdi", "Aktiv");
    const active = await countMatching(stack.harness.db, { field: "status", op: "eq", value: "active" }, "2026-12-02");
    await expect.poll(() => count.textContent()).toBe(active.toLocaleString("nb-NO"));

    await page.getByRole("button", { name: "Legg til betingelse" }).click();
    const second = page.getByRole("group", { name: "Betingelse: ny betingelse" });
    await pick(page, "Felt", "Har e-post", second);
    const withEmail = await countMatching(stack.harness.db, { all: [{ field: "status", op: "eq", value: "active" }, { field: "contact.email", op: "exists", value: true }] }, "2026-12-02");
    expect(withEmail).toBeLessThan(active);
    await page.getByRole("group", { name: "Betingelse: Har e-post" }).getByText("Ja", { exact: true }).click();
    await expect.poll(() => count.textContent()).toBe(withEmail.toLocaleString("nb-NO"));
    await checkScreen(page, "10-segment-builder");

    await page.getByRole("button", { name: "Lagre segment" }).click();
    await page.waitForURL(/\/segments\/\d+$/);
    expect(await stack.harness.db.segment.count({ where: { name: SEGMENT } })).toBe(1);
  });

  it("writes a template, previews it for a real member and test-sends it to their own address", async () => {
    const { page } = communicator;
    await page.goto(`${stack.baseUrl}/templates/new`);
    await page.getByRole("textbox", { name: "Navn" }).fill(TEMPLATE);
    await pick(page, "Formål", "Tariffoppgjør");
    await page.getByRole("textbox", { name: "Emne" }).fill("Resultatet i tariffoppgjøret, {{member.firstName}}");
    const mjml = page.getByRole("textbox", { name: "MJML" });
    await mjml.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(
      "<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}, resultatet er klart.</mj-text></mj-column></mj-section></mj-body></mjml>",
    );
    await page.getByRole("button", { name: "Lagre mal" }).click();
    await page.waitForURL(/\/templates\/\d+/);

    const member = await stack.harness.db.member.findFirstOrThrow({ where: { status: "active", email: { not: null } }, orderBy: { memberNumber: "asc" } });
    const picker = page.getByRole("combobox", { name: "Medlem" });
    await picker.click();
    await picker.fill(member.memberNumber);
    await page.getByRole("option", { name: new RegExp(member.memberNumber) }).click();
    const preview = page.frameLocator('iframe[title="Forhåndsvisning av e-posten"]');
    await expect.poll(() => preview.locator("body").textContent({ timeout: 1000 }).catch(() => "")).toContain(`Hei ${member.firstName}, resultatet er klart.`);
    await checkScreen(page, "11-template-preview");

    await page.getByRole("button", { name: "Send test til meg" }).click();
    await page.getByRole("button", { name: "Send testen" }).click();
    await expect.poll(() => stack.harness.sink.messages.filter((m) => m.to.includes(stack.users.communicator.email)).length, { timeout: 30_000 }).toBe(1);
  });

  it("creates a campaign above the approval threshold and sees it wait for approval", async () => {
    const { page } = communicator;
    await page.goto(`${stack.baseUrl}/campaigns/new`);
    await page.getByRole("textbox", { name: "Navn på kampanjen" }).fill(CAMPAIGN);
    await pick(page, "Formål", "Tariffoppgjør");
    await page.getByRole("button", { name: "Neste" }).click();
    await pick(page, "Segment", `${SEGMENT} (versjon 1)`);
    await page.getByRole("button", { name: "Neste" }).click();
    await page.getByRole("checkbox", { name: /E-post/ }).check();
    await page.getByRole("button", { name: "Neste" }).click();
    await pick(page, "Mal", `${TEMPLATE} (E-post)`);
    await page.getByRole("button", { name: "Neste" }).click();
    await page.getByRole("button", { name: "Neste" }).click();
    const submit = page.getByRole("button", { name: "Send til godkjenning" });
    await submit.waitFor();
    await checkScreen(page, "12-campaign-review");
    await submit.click();
    await page.getByRole("dialog").getByRole("button", { name: "Send til godkjenning" }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    campaignId = Number(new URL(page.url()).pathname.split("/").pop());
    await expect.poll(() => page.getByText("Venter på godkjenning").first().isVisible()).toBe(true);
    const row = await stack.harness.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(row.state).toBe("awaiting_approval");
    expect(row.submittedCount).toBeGreaterThan(stack.harness.config.APPROVAL_THRESHOLD);
    await checkScreen(page, "13-campaign-awaiting-approval");
  });
});

describe("an approver in another browser", () => {
  it("approves it; the communicator sends it and watches live progress until it completes, with the database's counts", async () => {
    const approver = await openContext(browser);
    await logIn(stack, approver, stack.users.approver, "/approvals");
    await approver.page.getByRole("link", { name: CAMPAIGN }).click();
    await approver.page.waitForURL(new RegExp(`/approvals/${campaignId}$`));
    await approver.page.getByRole("button", { name: "Godkjenn" }).waitFor();
    await checkScreen(approver.page, "14-approval-review");
    await approver.page.getByRole("button", { name: "Godkjenn" }).click();
    await approver.page.getByRole("dialog").getByRole("button", { name: "Godkjenn" }).click();
    await expect.poll(async () => (await stack.harness.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("approved");
    await approver.context.close();

    const { page } = communicator;
    await page.goto(`${stack.baseUrl}/campaigns/${campaignId}`);
    await page.getByRole("button", { name: "Send nå" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send kampanjen nå" }).click();
    await page.goto(`${stack.baseUrl}/`);
    const sending = page.getByRole("region", { name: "Sender nå" });
    await expect.poll(() => sending.getByText(CAMPAIGN).isVisible(), { timeout: 30_000 }).toBe(true);
    await checkScreen(page, "15-overview-sending");
    const done = await stack.harness.waitFor(campaignId, (s) => s.state === "completed", 120_000);
    await expect.poll(() => sending.getByText(CAMPAIGN).isVisible(), { timeout: 30_000 }).toBe(false);

    await page.goto(`${stack.baseUrl}/campaigns/${campaignId}`);
    const status = await campaignStatus(stack.harness.db, campaignId, stack.harness.clock);
    expect(status).toEqual(done);
    const sent = status.channels.email!.sent;
    expect(sent).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(sent.toLocaleString("nb-NO"), { exact: true }).first().isVisible()).toBe(true);
    await checkScreen(page, "16-campaign-completed");
  });
});

describe("a member", () => {
  it("unsubscribes with the link in the email, and the member page shows the opt-out in the consent history", async () => {
    const message = stack.harness.sink.messages.find((m) => m.subject.startsWith("Resultatet i tariffoppgjøret") && !m.to.includes(stack.users.communicator.email))!;
    const link = /href="([^"]*\/u\/[^"]+)"/.exec(message.html ?? "")?.[1];
    expect(link).toBeDefined();
    const memberPage = await browser.newPage();
    await memberPage.goto(link!.replaceAll("&amp;", "&"));
    await memberPage.getByRole("button", { name: "Meld meg av" }).click();
    await memberPage.waitForLoadState("load");
    await memberPage.close();
    const member = await stack.harness.db.member.findFirstOrThrow({ where: { email: message.to[0] } });

    const { page } = communicator;
    await page.goto(`${stack.baseUrl}/members/${member.memberNumber}`);
    const history = page.getByRole("region", { name: "Samtykkehistorikk" });
    await expect.poll(() => page.getByRole("heading", { name: "Samtykkehistorikk" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Avmeldingslenke").first().isVisible()).toBe(true);
    void history;
    await checkScreen(page, "17-member-page");
    await expectNoPersonalDataLeaks(communicator, [member.email!, ...(member.mobile ? [member.mobile] : [])]);
  });
});

describe("a steward", () => {
  it("cannot find a member outside their scope, by search or by URL", async () => {
    const steward = await openContext(browser);
    await logIn(stack, steward, stack.users.steward, "/members");
    const { page } = steward;
    const search = page.getByRole("searchbox", { name: "Søk etter medlem" });
    await search.fill(stack.stewardScope.inside);
    await expect.poll(() => page.getByRole("link", { name: stack.stewardScope.inside }).isVisible()).toBe(true);
    await search.fill(stack.stewardScope.outside);
    await expect.poll(() => page.getByText(/Ingen medlemmer|Fant ingen/).first().isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: stack.stewardScope.outside }).count()).toBe(0);
    await checkScreen(page, "18-steward-search");
    await page.goto(`${stack.baseUrl}/members/${stack.stewardScope.outside}`);
    await expect.poll(() => page.getByText("Fant ikke medlemmet (eller du har ikke tilgang)").isVisible()).toBe(true);
    await page.goto(`${stack.baseUrl}/members/${stack.stewardScope.inside}`);
    await expect.poll(() => page.getByRole("heading", { name: "Kontaktinformasjon" }).isVisible()).toBe(true);
    await steward.context.close();
  });
});
