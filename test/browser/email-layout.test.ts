// The organisation's email layout in a real browser engine: axe-core's colour-contrast rule
// (WCAG 2.1 SC 1.4.3, 4.5:1) on the header, the author's button in the brand colour and the
// footer, for brand colours from unreadable-as-text yellow to near-white, and one screenshot.
import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrganisationIdentity } from "../../src/organisation/identity.ts";
import { compileTemplateSource } from "../../src/templates/compile.ts";
import { CompiledTemplate } from "../../src/templates/compiled.ts";
import { sampleContext } from "../../src/templates/context.ts";
import { TemplateInputSchema } from "../../src/templates/schema.ts";
import { launchChromium, screenshot } from "./support/browser.ts";

const PUBLIC_URL = "https://budstikke.example.no";
const MJML = `<mjml><mj-body><mj-section><mj-column><mj-text><h1>Tariffoppgjøret 2026</h1><p>Hei {{member.firstName}}, her er resultatet. <a href="https://example.no/les">Les mer</a></p></mj-text><mj-button href="https://example.no/stem">Stem nå</mj-button></mj-column></mj-section></mj-body></mjml>`;

function identity(brandColour: string): OrganisationIdentity {
  return {
    profileId: 1, name: "Fjordunionen", shortName: "Fjordunionen", brandColour, addressLines: ["Postboks 1 Sentrum", "0101 OSLO"],
    contactEmail: "post@fjordunionen.example", contactPhone: "22 00 00 00", orgNumber: "974760673", privacyUrl: "https://fjordunionen.example/personvern", logo: null,
  };
}

async function emailHtml(brandColour: string): Promise<string> {
  const source = TemplateInputSchema.parse({ name: "Tariff", purpose: "bargaining", email: { nb: { subject: "Tariff", mjml: MJML } } });
  const { artefacts } = await compileTemplateSource(source, { identity: identity(brandColour), publicUrl: PUBLIC_URL });
  return new CompiledTemplate(artefacts).renderEmail(sampleContext({ language: "nb", campaignName: "Tariff", data: {}, publicUrl: PUBLIC_URL })).html;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("the email layout's colours", () => {
  it.each(["#ffff00", "#00ff00", "#f0f0f0", "#777777", "#c8102e", "#1f4e79", "#000000"])(
    "should keep every text at 4.5:1 or more with brand colour %s",
    async (colour) => {
      const context = await browser.newContext({ viewport: { width: 640, height: 900 } });
      const page = await context.newPage();
      try {
        await page.setContent(await emailHtml(colour));
        const results = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
        const failures = results.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`));
        expect(failures).toEqual([]);
        // axe checked something: the footer links and the button are there.
        expect(results.passes.find((p) => p.id === "color-contrast")?.nodes.length ?? 0).toBeGreaterThan(5);
        if (colour === "#ffff00") await screenshot(page, "email-layout-yellow");
      } finally {
        await context.close();
      }
    },
  );
});
