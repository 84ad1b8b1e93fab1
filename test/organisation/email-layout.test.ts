// The organisation's email layout around every template (issue 14).
import { describe, expect, it } from "vitest";
import type { OrganisationIdentity } from "../../src/organisation/identity.ts";
import { compileTemplateSource } from "../../src/templates/compile.ts";
import { CompiledTemplate } from "../../src/templates/compiled.ts";
import { sampleContext } from "../../src/templates/context.ts";
import { TemplateInputSchema, TemplateValidationError, type Language } from "../../src/templates/schema.ts";

const PUBLIC_URL = "https://budstikke.example.no";
const IDENTITY: OrganisationIdentity = {
  profileId: 7, name: "Fjordunionen", shortName: "Fjordunionen", brandColour: "#c8102e",
  addressLines: ["Postboks 1 Sentrum", "0101 OSLO"], contactEmail: "post@fjordunionen.example", contactPhone: "22 00 00 00",
  orgNumber: "974760673", privacyUrl: "https://fjordunionen.example/personvern", logo: { id: 3, width: 300, height: 100 },
};
const MJML = `<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}.</mj-text></mj-column></mj-section></mj-body></mjml>`;

async function render(purpose: string, language: Language, identity = IDENTITY, mjml = MJML) {
  const source = TemplateInputSchema.parse({ name: "Mal", purpose, email: { nb: { subject: "Emne", mjml } } });
  const { artefacts } = await compileTemplateSource(source, { identity, publicUrl: PUBLIC_URL });
  return new CompiledTemplate(artefacts).renderEmail(sampleContext({ language, campaignName: "Mal", data: {}, publicUrl: PUBLIC_URL }));
}

describe("the email layout", () => {
  it("should put the logo and the name in the header, the name as text so it reads with images blocked", async () => {
    const { html } = await render("information", "nb");
    expect(html).toMatch(/<img[^>]+alt=""[^>]+src="https:\/\/budstikke\.example\.no\/org\/logo\/3\.png"|<img[^>]+src="https:\/\/budstikke\.example\.no\/org\/logo\/3\.png"[^>]+alt=""/);
    const withoutImages = html.replace(/<img[^>]*>/g, "");
    expect(withoutImages.indexOf("Fjordunionen")).toBeLessThan(withoutImages.indexOf("Hei Kari"));
  });

  it("should give a service message no unsubscribe or preference links, and say why every member gets it", async () => {
    const { html, text } = await render("service", "nb");
    for (const part of [html, text]) {
      expect(part).not.toContain("/u/PREVIEW");
      expect(part).not.toContain("/preferences/PREVIEW");
      expect(part).toContain("Du får denne e-posten fordi du er medlem av Fjordunionen. Meldinger om medlemskapet ditt går til alle medlemmer.");
      expect(part).toContain("https://fjordunionen.example/personvern");
    }
  });

  it.each([
    ["nn", "ikkje har reservert deg mot informasjon frå forbundet", "Endre innstillingane dine"],
    ["en", "have not opted out of union information", "Change your preferences"],
  ] as const)("should write the footer in the member's language (%s)", async (language, why, preferences) => {
    const { html, text } = await render("information", language);
    for (const part of [html, text]) {
      expect(part).toContain(why);
      expect(part).toContain(preferences);
      expect(part).toContain("/u/PREVIEW");
    }
    expect(text).toContain(`${preferences}: ${PUBLIC_URL}/preferences/PREVIEW`);
  });

  it("should say a newsletter comes because the member subscribed", async () => {
    const { text } = await render("newsletter", "nb");
    expect(text).toContain("Du får denne e-posten fordi du har meldt deg på nyhetsbrevet fra Fjordunionen.");
  });

  it("should leave out what the settings do not have", async () => {
    const bare = { ...IDENTITY, addressLines: [], orgNumber: null, privacyUrl: null, logo: null };
    const { html, text } = await render("information", "nb", bare);
    expect(html).not.toContain("<img");
    for (const part of [html, text]) {
      expect(part).not.toMatch(/Org\.nr|Personvern|undefined|null/);
      expect(part).toContain("Fjordunionen");
    }
  });

  it("should escape the settings' text, and let the author's own button colours win", async () => {
    const identity = { ...IDENTITY, name: `Fagforbundet <b>"A&B"</b>` };
    const mjml = `<mjml><mj-head><mj-attributes><mj-button background-color="#123456" /></mj-attributes></mj-head><mj-body><mj-section><mj-column><mj-button href="https://x.example">Stem</mj-button></mj-column></mj-section></mj-body></mjml>`;
    const { html } = await render("information", "nb", identity, mjml);
    expect(html).toContain("Fagforbundet &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;");
    expect(html).not.toContain("<b>\"A&B\"</b>");
    expect(html).toMatch(/background:#123456/);
  });

  it("should report the author's mistakes at the author's lines", async () => {
    const source = TemplateInputSchema.parse({
      name: "Feil", purpose: "information",
      email: { nb: { subject: "S", mjml: "<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n<mj-text>{{member.firstName}</mj-text>\n</mj-column></mj-section></mj-body></mjml>" } },
    });
    const error = await compileTemplateSource(source, { identity: IDENTITY, publicUrl: PUBLIC_URL }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateValidationError);
    expect((error as TemplateValidationError).problems.some((p) => p.line === 5)).toBe(true);
  });
});
