// The frame of the member pages (identity, language switch, footer) and POST /lang, through
// app.inject on a real database: the switch redirects only within the site, sets the cookie,
// remembers the language for the member only with a valid member link token (audited), and no
// GET changes a member's language. The subscribe form's errors are tied to the field.
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { createNewsletter } from "../../src/consent/newsletters.ts";
import { signToken, type TokenClaims } from "../../src/consent/tokens.ts";
import { buildApp } from "../../src/http/app.ts";
import { safeReturnPath } from "../../src/http/language-switch.ts";
import { createLogger } from "../../src/log.ts";
import { storeLogo } from "../../src/organisation/logo.ts";
import { useTestDatabase } from "../support/db.ts";
import { makeMember, testConfig } from "../consent/support.ts";

const { db, url } = await useTestDatabase();
const config = testConfig(url);
const clock = new ManualClock(new Date("2026-12-06T10:00:00Z"));
const app = await buildApp({ db, config, clock, logger: createLogger("silent"), rateLimit: { max: 1000, timeWindowMs: 60_000 } });
afterAll(() => app.close());

const LOGO_SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#c8102e"/></svg>');
const logo = await storeLogo(db, LOGO_SVG, clock.now());
await db.organisationProfile.create({
  data: {
    name: "Norsk Tjenestemannslag", shortName: "NTL", brandColour: "#c8102e", addressLines: ["Postboks 9123 Grønland", "0133 OSLO"],
    contactEmail: "post@ntl.example.no", contactPhone: "+47 22 00 00 00", orgNumber: "999888777",
    privacyUrl: "https://www.ntl.example.no/personvern", logoId: logo.id, createdAt: clock.now(),
  },
});
const newsletter = await createNewsletter(db, { slug: "tariffnytt", name: "Tariffnytt" });

const token = (claims: Partial<TokenClaims> & { memberId: number }) =>
  signToken(config.secretKeys, { purpose: "campaign", channel: "email", campaignId: 5, issuedAt: clock.now(), ...claims });
const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  payload: new URLSearchParams(body).toString(),
});
const language = async (memberId: number) => (await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { language: true } })).language;
const languageAudits = (memberId: number) => db.auditLog.count({ where: { action: "member.language", entityId: String(memberId) } });

describe("when a visitor uses the language switch", () => {
  it("should answer 303 to the page it came from and set a year-long, HttpOnly, SameSite=Lax, Secure cookie", async () => {
    const response = await app.inject({ method: "POST", url: "/lang", ...form({ lang: "nn", return: "/subscribe/tariffnytt" }) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/subscribe/tariffnytt");
    expect(response.headers["set-cookie"]).toBe("lang=nn; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly; Secure");

    const page = await app.inject({ method: "GET", url: "/subscribe/tariffnytt", headers: { cookie: "lang=nn" } });
    expect(page.body).toContain('<html lang="nn">');
    expect(page.body).toContain("E-postadressa du er registrert med som medlem");
  });

  it("should not set Secure when PUBLIC_URL is plain http (a development server)", async () => {
    const local = await buildApp({ db, config: { ...config, PUBLIC_URL: "http://localhost:3000" }, clock, logger: createLogger("silent") });
    try {
      const response = await local.inject({ method: "POST", url: "/lang", ...form({ lang: "en", return: "/" }) });
      expect(response.headers["set-cookie"]).toBe("lang=en; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
    } finally {
      await local.close();
    }
  });

  it.each([
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    ["/u/abc def", "/"],
    ["/preferences/abc?x=1", "/preferences/abc?x=1"],
  ])("should send a return of %j to %j", async (given, expected) => {
    const response = await app.inject({ method: "POST", url: "/lang", ...form({ lang: "en", return: given }) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(expected);
    expect(safeReturnPath(given)).toBe(expected);
  });

  it("should answer an unknown language with a 400 page that says so, and set no cookie", async () => {
    const response = await app.inject({ method: "POST", url: "/lang", ...form({ lang: "de", return: "/tilgjengelighet" }) });
    expect(response.statusCode).toBe(400);
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(response.body).toContain("Vi kjenner ikke det språket");
    expect(response.body).toContain('href="/tilgjengelighet"');
  });

  it("should remember the language for the member with a valid member link token, once, with an audit row", async () => {
    const memberId = await makeMember(db, { language: "nb" });
    const t = token({ memberId });
    const response = await app.inject({ method: "POST", url: "/lang", ...form({ lang: "nn", return: `/u/${t}`, token: t }) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/u/${t}`);
    expect(await language(memberId)).toBe("nn");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "member.language", entityId: String(memberId) } });
    expect(audit).toMatchObject({ actor: "member", entity: "member", at: clock.now(), details: { from: "nb", to: "nn" } });

    // The same choice again changes nothing and writes no second row.
    await app.inject({ method: "POST", url: "/lang", ...form({ lang: "nn", return: "/", token: t }) });
    expect(await languageAudits(memberId)).toBe(1);

    // The member's next visit without the cookie (another device) is in the remembered language.
    const page = await app.inject({ method: "GET", url: `/u/${t}` });
    expect(page.body).toContain('<html lang="nn">');
  });

  it("should set only the cookie for a token that is tampered, of another kind, or of an erased member", async () => {
    const memberId = await makeMember(db, { language: "nb" });
    const good = token({ memberId });
    const tampered = good.slice(0, 10) + (good[10] === "A" ? "B" : "A") + good.slice(11);
    const erased = await makeMember(db, { language: "nb" });
    await db.erasedMember.create({ data: { memberId: erased, erasedAt: clock.now() } });
    // A history link's token (random, looked up in member_history_link) is not a member link token.
    const historyLike = "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg";
    for (const t of [tampered, historyLike, token({ memberId: erased }), "x"]) {
      const response = await app.inject({ method: "POST", url: "/lang", ...form({ lang: "en", return: "/", token: t }) });
      expect(response.statusCode).toBe(303);
      expect(response.headers["set-cookie"]).toContain("lang=en");
    }
    expect(await language(memberId)).toBe("nb");
    expect(await language(erased)).toBe("nb");
    expect(await languageAudits(memberId)).toBe(0);
    expect(await languageAudits(erased)).toBe(0);
  });

  it("should be rate-limited like the other public POSTs", async () => {
    const strict = await buildApp({ db, config, clock, logger: createLogger("silent"), rateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await strict.inject({ method: "POST", url: "/lang", remoteAddress: "203.0.113.9", ...form({ lang: "en", return: "/" }) })).statusCode);
      }
      expect(codes).toEqual([303, 303, 303, 429, 429]);
    } finally {
      await strict.close();
    }
  });
});

describe("when anything GETs a member page", () => {
  it("should show it in the cookie's language and never change the member's language", async () => {
    const memberId = await makeMember(db, { language: "nb" });
    const t = token({ memberId });
    for (const path of [`/u/${t}`, `/preferences/${t}`, "/tilgjengelighet", "/subscribe/tariffnytt", `/lang?lang=en&token=${t}`]) {
      const response = await app.inject({ method: "GET", url: path, headers: { cookie: "other=1; lang=en" } });
      expect(response.statusCode, path).toBeLessThan(500);
      if (response.statusCode === 200) expect(response.body, path).toContain('<html lang="en">');
    }
    expect(await language(memberId)).toBe("nb");
    expect(await languageAudits(memberId)).toBe(0);
  });

  it("should fall back to the member's language, then bokmål, for a cookie that is not one of ours", async () => {
    const memberId = await makeMember(db, { language: "en" });
    const page = await app.inject({ method: "GET", url: `/u/${token({ memberId })}`, headers: { cookie: "lang=de" } });
    expect(page.body).toContain('<html lang="en">');
    const form = await app.inject({ method: "GET", url: "/subscribe/tariffnytt", headers: { cookie: "lang=<b>" } });
    expect(form.body).toContain('<html lang="nb">');
  });
});

describe("when a member page is drawn", () => {
  it("should show the organisation's name and logo, the language switch, and a footer with address, org nr, contacts and statements", async () => {
    const memberId = await makeMember(db, { language: "nb" });
    const t = token({ memberId });
    const { body } = await app.inject({ method: "GET", url: `/preferences/${t}` });
    expect(body).toContain('<a class="skip" href="#main">Hopp til hovedinnholdet</a>');
    expect(body).toContain('<main id="main" class="wrap" tabindex="-1">');
    expect(body).toMatch(/<header class="site-header">[\s\S]*<img class="logo" src="\/org\/logo\/\d+\.png" alt="" width="\d+" height="\d+"><span>Norsk Tjenestemannslag<\/span>/);
    expect(body).toContain("<title>Dine valg – Norsk Tjenestemannslag</title>");
    // The switch: a form that carries the page and the token, the current language not a button.
    expect(body).toContain('<nav class="langs" aria-label="Språk"><form method="post" action="/lang">');
    expect(body).toContain(`<input type="hidden" name="return" value="/preferences/${t}"><input type="hidden" name="token" value="${t}">`);
    expect(body).toContain('<span class="current" lang="nb" aria-current="true">Bokmål</span>');
    expect(body).toContain('<button type="submit" name="lang" value="nn" lang="nn">Nynorsk</button>');
    expect(body).toContain('<button type="submit" name="lang" value="en" lang="en">English</button>');
    const footer = body.slice(body.indexOf("<footer"));
    expect(footer).toContain("Postboks 9123 Grønland<br>0133 OSLO");
    expect(footer).toContain("Org.nr. 999 888 777");
    expect(footer).toContain('<a href="mailto:post@ntl.example.no">post@ntl.example.no</a>');
    expect(footer).toContain('<a href="tel:+4722000000">+47 22 00 00 00</a>');
    expect(footer).toContain('<a href="https://www.ntl.example.no/personvern">Personvernerklæring</a>');
    expect(footer).toContain('<a href="/tilgjengelighet">Tilgjengelighetserklæring</a>');
    // The way to the art. 15 overview.
    expect(body).toContain("Hva har dere sendt meg?");
    expect(body).toContain(`<form method="post" action="/preferences/${t}/history"><button type="submit">Send meg oversikten</button></form>`);
    // Nothing fetched from elsewhere.
    expect(body).not.toMatch(/<(script|link)\b/);
    expect(body).not.toMatch(/(src|href)="https?:\/\/(?!www\.ntl\.example\.no\/personvern)/);
  });

  it("should say in English what the organisation number is", async () => {
    const { body } = await app.inject({ method: "GET", url: "/tilgjengelighet", headers: { cookie: "lang=en" } });
    expect(body).toContain("Org. no. 999 888 777");
    expect(body).toContain('<span class="current" lang="en" aria-current="true">English</span>');
  });
});

describe("when a visitor opens the accessibility statement", () => {
  it.each([
    ["nb", "Tilgjengelighetserklæring", "Skriv til"],
    ["nn", "Tilgjengelegheitserklæring", "Skriv til"],
    ["en", "Accessibility statement", "Write to"],
  ])("should show it in %s with the standard, the tests, the contact email and the complaints body", async (lang, heading, write) => {
    const response = await app.inject({ method: "GET", url: "/tilgjengelighet", headers: { cookie: `lang=${lang}` } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`<html lang="${lang}">`);
    expect(response.body.replaceAll("\u00AD", "")).toContain(`<h1>${heading}</h1>`);
    expect(response.body).toContain("WCAG 2.1");
    expect(response.body).toContain("axe-core");
    expect(response.body).toContain(`${write} <a href="mailto:post@ntl.example.no">post@ntl.example.no</a>`);
    expect(response.body).toContain('<a href="https://www.uutilsynet.no/">uutilsynet.no</a>');
    expect(response.body).toContain("2026");
  });
});

describe("when someone uses the newsletter subscribe form", () => {
  it("should answer an empty address with a 400 whose error is next to the field and tied to it", async () => {
    const response = await app.inject({ method: "POST", url: "/subscribe/tariffnytt", ...form({ email: "  " }) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("<title>Feil: Meld deg på «Tariffnytt» – Norsk Tjenestemannslag</title>");
    expect(response.body).toContain('<p class="field-error" id="email-error">Feil: Skriv inn e-postadressen din.</p>');
    expect(response.body).toMatch(/<input id="email"[^>]* aria-invalid="true" aria-describedby="email-error">/);
    expect(await db.newsletterSubscription.count()).toBe(0);
  });

  it("should keep a malformed address in the field, in the visitor's language", async () => {
    const response = await app.inject({ method: "POST", url: "/subscribe/tariffnytt", ...form({ email: "kari.nordmann@" }, { cookie: "lang=en" }) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Error: Enter a whole email address, like name@example.com.");
    expect(response.body).toContain('value="kari.nordmann@"');
    expect(response.body).toContain('aria-invalid="true"');
  });

  it("should escape what was typed", async () => {
    const response = await app.inject({ method: "POST", url: "/subscribe/tariffnytt", ...form({ email: '"><script>x</script>' }) });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain("<script>");
    expect(response.body).toContain("&quot;&gt;&lt;script&gt;");
  });

  it("should answer a well-formed address the same whether or not it is a member's", async () => {
    await makeMember(db, { email: "kari.medlem@example.no" });
    const member = await app.inject({ method: "POST", url: "/subscribe/tariffnytt", ...form({ email: "kari.medlem@example.no" }) });
    const stranger = await app.inject({ method: "POST", url: "/subscribe/tariffnytt", ...form({ email: "nobody@example.no" }) });
    expect(member.statusCode).toBe(200);
    expect(stranger.body).toBe(member.body);
    expect(member.body).not.toMatch(/<input[^>]*aria-invalid/);
    expect(member.body).toContain('role="status"');
    expect(await db.newsletterSubscription.count({ where: { newsletterId: newsletter.id } })).toBe(1);
  });
});

describe("when a page is not found", () => {
  it("should answer a plain page with its language set, in the visitor's language", async () => {
    const nb = await app.inject({ method: "GET", url: "/u/not-a-token" });
    expect(nb.statusCode).toBe(404);
    expect(nb.body).toContain('<html lang="nb">');
    expect(nb.body).toContain("<main>");
    const nn = await app.inject({ method: "GET", url: "/u/not-a-token", headers: { cookie: "lang=nn" } });
    expect(nn.body).toContain('<html lang="nn">');
    expect(nn.body).toContain("Sida finst ikkje.");
  });
});
