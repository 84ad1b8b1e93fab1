// Bounces and complaints as staff see them: a campaign sent through the real pipeline, then DSNs
// and an ARF report taken by the intake; the campaign page shows the bounced count and the
// complaint rate with its alert, accessibly (axe) and in a screenshot; the member page shows the
// complaint opt-out in the consent history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { ingestInbound } from "../../src/inbound/ingest.ts";
import { createLogger } from "../../src/log.ts";
import { arfFor, dsnFor } from "../support/bounce-messages.ts";
import { allDone } from "../support/pipeline-harness.ts";
import { checkScreen, launchChromium, logIn, openContext, type StaffPage } from "./support/browser.ts";
import { startStack, type Stack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let staff: StaffPage;
let campaignId: number;
let complainer: string;

beforeAll(async () => {
  stack = await startStack({ members: 300, env: { BOUNCE_DOMAIN: "bounce.ntl.example.no" } });
  const h = stack.harness;
  campaignId = await h.launch({ channels: ["email"], name: "Tariffoppgjøret 2026" });
  await h.waitFor(campaignId, allDone);
  const deps = { db: h.db, config: h.config, clock: h.clock, logger: createLogger("silent"), pseudonyms: pseudonymsFromConfig(h.config) };
  const [c, ...bounced] = h.sink.messages.slice(0, 5);
  for (const m of bounced) {
    await ingestInbound(deps, Buffer.from(dsnFor({ to: m.mailFrom!, originalMessageId: m.messageId!, recipient: m.rcptTo[0]!, action: "failed", status: "5.1.1" })), { via: "smtp" });
  }
  await ingestInbound(deps, Buffer.from(arfFor({ to: "bounces@bounce.ntl.example.no", originalMessageId: c!.messageId!, recipient: c!.rcptTo[0]!, returnPath: c!.mailFrom! })), { via: "smtp" });
  const delivery = await h.db.delivery.findFirstOrThrow({ where: { providerId: c!.messageId! } });
  complainer = (await h.db.member.findUniqueOrThrow({ where: { id: delivery.memberId } })).memberNumber;
  browser = await launchChromium();
  staff = await openContext(browser);
  await logIn(stack, staff, stack.users.admin);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("when a sent campaign has bounces and a complaint", () => {
  it("should show the bounced count and the complaint rate with its alert on the campaign page", async () => {
    const { page } = staff;
    await page.goto(`${stack.baseUrl}/campaigns/${campaignId}`);
    await expect.poll(() => page.getByText(/^Spamklager: 1 /).count()).toBe(1);
    // One complaint in under 300 emails is above 0.3 %: the red alert (the campaign had completed, so it did not pause).
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "For mange melder e-posten som spam" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("columnheader", { name: "Returnert" }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("bounce 5.1.1").first().isVisible()).toBe(true);
    await checkScreen(page, "40-campaign-bounces-complaints");
  });

  it("should show the complaint opt-out in the member's consent history", async () => {
    const { page } = staff;
    await page.goto(`${stack.baseUrl}/members/${complainer}`);
    await expect.poll(() => page.getByText("Spamklage").first().isVisible()).toBe(true);
    await checkScreen(page, "41-member-complaint-opt-out");
  });
});
