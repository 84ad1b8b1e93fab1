import { describe, expect, it } from "vitest";
import { compileTemplateSource } from "../../src/templates/compile.ts";
import { formatDate, formatMoney } from "../../src/templates/helpers.ts";
import { TemplateInputSchema } from "../../src/templates/schema.ts";
import { compile, contextFor, mjmlDoc, newsletterFixture } from "./support.ts";

const multilingual = {
  name: "Språk", purpose: "information" as const,
  email: {
    nb: { subject: "Hei {{member.firstName}}", mjml: mjmlDoc("<mj-text>Bokmål: {{member.firstName}}</mj-text>") },
    en: { subject: "Hi {{member.firstName}}", mjml: mjmlDoc("<mj-text>English: {{member.firstName}}</mj-text>") },
    nn: { subject: "Hei på deg {{member.firstName}}", mjml: mjmlDoc("<mj-text>Nynorsk: {{member.firstName}}</mj-text>") },
  },
  sms: { nb: { body: "Bokmål {{member.firstName}}" }, en: { body: "English {{member.firstName}}" } },
};

describe("when members have different languages", () => {
  it("should render nb, nn and en from their own variants", async () => {
    const t = await compile(multilingual);
    expect(t.renderEmail(contextFor("nb")).html).toContain("Bokmål: Kari Åse");
    expect(t.renderEmail(contextFor("nn")).html).toContain("Nynorsk: Kari Åse");
    expect(t.renderEmail(contextFor("en")).subject).toBe("Hi Kari Åse");
  });

  it("should fall back to nb content but keep the opt-out text in the member's language", async () => {
    const t = await compile(multilingual);
    const nn = t.renderSms(contextFor("nn"));
    expect(nn.body).toBe("Bokmål Kari Åse\nSvar STOPP for å melda deg av");
    expect(t.renderSms(contextFor("en")).body).toBe("English Kari Åse\nReply STOPP to unsubscribe");
    expect(t.renderSms(contextFor("nb")).body).toBe("Bokmål Kari Åse\nSvar STOPP for å melde deg av");
  });
});

describe("when the purpose is not service", () => {
  it("should add the member's own unsubscribe link to HTML and text", async () => {
    const t = await compile(multilingual);
    const ctx = contextFor("nn");
    ctx.links = { unsubscribeUrl: "https://b.example.no/u/TOKEN-A?x=1&y=2", preferencesUrl: "https://b.example.no/preferences/TOKEN-A" };
    const email = t.renderEmail(ctx);
    // Handlebars escapes "=" as &#x3D; as well as "&": both are valid in an attribute.
    expect(email.html).toContain('href="https://b.example.no/u/TOKEN-A?x&#x3D;1&amp;y&#x3D;2"');
    expect(email.html).toContain("Meld deg av");
    expect(email.text).toContain("Meld deg av (https://b.example.no/u/TOKEN-A?x=1&y=2)");
    expect(email.text).toContain("innstillingane");
  });

  it("should add nothing to service messages", async () => {
    const t = await compile({ ...multilingual, purpose: "service" });
    expect(t.renderEmail(contextFor("nb")).html).not.toContain("/u/PREVIEW");
    expect(t.renderSms(contextFor("nb")).body).toBe("Bokmål Kari Åse");
  });
});

describe("when a link variable sits in an MJML href", () => {
  it("should survive MJML compilation intact, even with quoted helper arguments", async () => {
    const t = await compile({
      name: "L", purpose: "service",
      email: { nb: { subject: "s", mjml: mjmlDoc('<mj-button href="{{links.unsubscribeUrl}}">Av</mj-button>\n<mj-text><a href="{{default data.url "https://x.example.no/?a=1&b=2"}}">x</a></mj-text>') } },
    });
    const ctx = contextFor("nb");
    const html = t.renderEmail(ctx).html;
    expect(html).toContain(`href="${ctx.links.unsubscribeUrl}"`);
    expect(html).toContain('href="https://x.example.no/?a&#x3D;1&amp;b&#x3D;2"');
  });
});

describe("when member data contains markup", () => {
  it("should render it as text, escaped in HTML and untouched in plain text", async () => {
    const t = await compile(newsletterFixture());
    const ctx = contextFor("nb", { firstName: "<script>alert(1)</script>" });
    const email = t.renderEmail(ctx);
    expect(email.html).not.toContain("<script>alert(1)</script>");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.subject).toContain("<script>alert(1)</script>");
  });

  it("should not let a template reach prototype properties", async () => {
    const t = await compile({ name: "P", purpose: "service", sms: { nb: { body: "[{{data.constructor.name}}][{{data.__proto__}}]" } } });
    expect(t.renderSms(contextFor("nb")).body).toBe("[][]");
  });
});

describe("when helpers format values", () => {
  it("should use Norwegian formats and Oslo time", () => {
    expect(formatDate("2026-12-31T23:30:00Z")).toBe("1. januar 2027");
    expect(formatDate("2026-06-30T22:30:00Z", "short")).toBe("01.07.2026");
    expect(formatMoney(1234.5).replace(/\s/g, " ")).toBe("1 234,50 kr");
    expect(formatDate("not a date")).toBe("not a date");
  });

  it("should apply default and upper in templates", async () => {
    const t = await compile({ name: "H", purpose: "service", sms: { nb: { body: "{{upper geo.countyName}} {{default data.missing \"ingen\"}}" } } });
    expect(t.renderSms(contextFor("nb")).body).toBe("AKERSHUS ingen");
  });
});

describe("when the plain-text alternative is given", () => {
  it("should use it (plus the footer) instead of deriving one", async () => {
    const input = newsletterFixture();
    input.email!.nb.text = "Egen tekst til {{member.firstName}}";
    const { artefacts } = await compileTemplateSource(TemplateInputSchema.parse(input));
    expect(artefacts.email!.nb.text).toMatch(/^Egen tekst til \{\{member.firstName\}\}\n\n--\n.*Meld deg av: \{\{links.unsubscribeUrl\}\}/s);
  });
});
