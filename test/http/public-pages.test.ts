import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { decide } from "../../src/consent/decide.ts";
import { createNewsletter } from "../../src/consent/newsletters.ts";
import { signToken, type TokenClaims } from "../../src/consent/tokens.ts";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { useTestDatabase } from "../support/db.ts";
import { makeMember, pseudonymsFromConfig, testConfig } from "../consent/support.ts";

const { db, url } = await useTestDatabase();
const config = testConfig(url);
const pseudonyms = pseudonymsFromConfig(config);
const clock = new ManualClock(new Date("2026-11-26T10:00:00Z"));
const app = await buildApp({ db, config, clock, logger: createLogger("silent"), rateLimit: { max: 1000, timeWindowMs: 60_000 } });
afterAll(() => app.close());

const token = (claims: Partial<TokenClaims> & { memberId: number }) =>
  signToken(config.secretKeys, { purpose: "campaign", channel: "email", campaignId: 5, issuedAt: clock.now(), ...claims });
const form = (body: Record<string, string>) => ({
  headers: { "content-type": "application/x-www-form-urlencoded" },
  payload: new URLSearchParams(body).toString(),
});

async function rowCounts() {
  const [events, states, suppressions, audit] = await Promise.all([
    db.consentEvent.count(), db.consentState.count(), db.suppression.count(), db.auditLog.count(),
  ]);
  return { events, states, suppressions, audit };
}

describe("when a mail provider sends the RFC 8058 one-click POST", () => {
  it("should opt the member out at once, answer 200 without a redirect, and the next decision is opted_out_purpose", async () => {
    const memberId = await makeMember(db);
    expect(await decide(db, memberId, "campaign", "email", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
    const response = await app.inject({ method: "POST", url: `/u/${token({ memberId })}`, ...form({ "List-Unsubscribe": "One-Click" }) });
    expect(response.statusCode).toBe(200);
    expect(response.headers.location).toBeUndefined();
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(await decide(db, memberId, "campaign", "email", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect(await decide(db, memberId, "campaign", "sms", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect(await decide(db, memberId, "information", "email", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
    const events = await db.consentEvent.findMany({ where: { memberId } });
    expect(events).toMatchObject([{ purpose: "campaign", channel: "all", action: "opt_out", source: "one_click", actor: "member", campaignId: 5 }]);
  });

  it("should also accept the multipart/form-data body some providers send", async () => {
    const memberId = await makeMember(db);
    const boundary = "----x";
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const response = await app.inject({
      method: "POST", url: `/u/${token({ memberId, purpose: "survey" })}`,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, payload,
    });
    expect(response.statusCode).toBe(200);
    expect(await decide(db, memberId, "survey", "letter", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
  });
});

describe("when a member uses the unsubscribe page", () => {
  it("should show the page in the member's language, opt out on the button, and resubscribe on the confirmation's button", async () => {
    const memberId = await makeMember(db, { language: "nn" });
    const t = token({ memberId, purpose: "bargaining" });
    const page = await app.inject({ method: "GET", url: `/u/${t}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="nn">');
    expect(page.body).toContain("tariffoppgjer");
    expect(page.body).toContain(`action="/u/${t}"`);
    expect(page.body).toContain(`href="/preferences/${t}"`);
    expect(page.body).not.toMatch(/<(script|link|img)\b/);

    const done = await app.inject({ method: "POST", url: `/u/${t}`, ...form({ action: "unsubscribe" }) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Du er meld av");
    expect(done.body).toContain('value="resubscribe"');
    expect(await decide(db, memberId, "bargaining", "sms", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });

    clock.advance(60_000);
    const again = await app.inject({ method: "POST", url: `/u/${t}`, ...form({ action: "resubscribe" }) });
    expect(again.body).toContain("igjen");
    expect(await decide(db, memberId, "bargaining", "sms", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
    const sources = (await db.consentEvent.findMany({ where: { memberId }, orderBy: { id: "asc" } })).map((e) => [e.action, e.source]);
    expect(sources).toEqual([["opt_out", "unsubscribe_link"], ["opt_in", "unsubscribe_link"]]);
  });
});

describe("when a member uses the preference centre", () => {
  it("should show and change opt-outs per purpose and channel and newsletter subscriptions, recording only changes", async () => {
    const news = await createNewsletter(db, { slug: "tariff", name: "Tariffnytt" });
    const memberId = await makeMember(db, { language: "en" });
    const t = token({ memberId, purpose: "information" });
    const shown = await app.inject({ method: "GET", url: `/preferences/${t}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('name="p-campaign-sms" checked');
    expect(shown.body).toContain(`name="nl-${news.id}">`);

    // Everything on except campaign by SMS; subscribe to the newsletter.
    const wanted: Record<string, string> = { [`nl-${news.id}`]: "on" };
    for (const p of ["bargaining", "information", "campaign", "survey", "course"]) {
      for (const c of ["email", "sms", "letter"]) if (!(p === "campaign" && c === "sms")) wanted[`p-${p}-${c}`] = "on";
    }
    const saved = await app.inject({ method: "POST", url: `/preferences/${t}`, ...form(wanted) });
    expect(saved.statusCode).toBe(200);
    // Newsletters are double opt-in: ticking one asks for a confirmation by email and subscribes nobody yet.
    expect(saved.body).toContain("Your choices are saved. We have sent an email to confirm your newsletter subscription.");
    expect(saved.body).toContain("(waiting for your confirmation by email)");
    expect(saved.body).toContain('name="p-campaign-sms">');
    expect(await decide(db, memberId, "campaign", "sms", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect(await decide(db, memberId, "campaign", "email", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
    expect(await decide(db, memberId, "newsletter", "email", clock.now(), { pseudonyms, newsletterId: news.id })).toEqual({ allowed: false, reason: "not_subscribed" });
    expect(await db.newsletterSubscription.count({ where: { memberId, newsletterId: news.id, confirmedAt: null } })).toBe(1);
    const count = await db.consentEvent.count({ where: { memberId } });
    expect(count).toBe(1);

    // Saving the same form again appends nothing.
    await app.inject({ method: "POST", url: `/preferences/${t}`, ...form(wanted) });
    expect(await db.consentEvent.count({ where: { memberId } })).toBe(count);

    // The global objection.
    await app.inject({ method: "POST", url: `/preferences/${t}`, ...form({ ...wanted, objection: "on" }) });
    expect(await decide(db, memberId, "information", "letter", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "objection" });
    expect(await decide(db, memberId, "service", "letter", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
  });
});

describe("when anything GETs the public URLs", () => {
  it("should change no row (mail scanners prefetch links)", async () => {
    const memberId = await makeMember(db);
    const urls = ["campaign", "service", "newsletter", "survey"].flatMap((purpose) => {
      const t = token({ memberId, purpose: purpose as TokenClaims["purpose"], newsletterId: purpose === "newsletter" ? 1 : null });
      return [`/u/${t}`, `/preferences/${t}`, `/u/${t}?List-Unsubscribe=One-Click`, `/preferences/${t}?objection=on`];
    });
    urls.push("/u/not-a-token", "/preferences/AAAA", "/", "/healthz", "/webhooks/twilio/inbound?Body=STOPP");
    const before = await rowCounts();
    for (const u of urls) {
      for (const method of ["GET", "HEAD"] as const) {
        const response = await app.inject({ method, url: u });
        expect(response.statusCode).toBeLessThan(500);
      }
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe("when a token is bad, tampered or for an erased member", () => {
  it("should answer the same plain 404 that leaks nothing", async () => {
    const memberId = await makeMember(db);
    const good = token({ memberId });
    const tampered = good.slice(0, 10) + (good[10] === "A" ? "B" : "A") + good.slice(11);
    const erasedId = await makeMember(db);
    await db.erasedMember.create({ data: { memberId: erasedId, erasedAt: clock.now() } });
    const bodies = new Set<string>();
    for (const t of [tampered, "x", token({ memberId: 1_999_999 }), token({ memberId: erasedId }), signToken(["another-key-0123456789abcdef0123456789"], { memberId, purpose: "campaign", channel: "email", campaignId: null, issuedAt: clock.now() })]) {
      for (const method of ["GET", "POST"] as const) {
        for (const path of ["/u/", "/preferences/"]) {
          const response = await app.inject({ method, url: path + t, ...(method === "POST" ? form({ "List-Unsubscribe": "One-Click" }) : {}) });
          expect(response.statusCode).toBe(404);
          bodies.add(response.body);
        }
      }
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).not.toMatch(/token|member|stack|error/i);
    expect(await db.consentEvent.count({ where: { memberId } })).toBe(0);
  });
});

describe("when responses go out", () => {
  it("should carry security headers", async () => {
    const memberId = await makeMember(db);
    const response = await app.inject({ method: "GET", url: `/u/${token({ memberId })}` });
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
  });
});

// RFC 8058 POSTs come from the provider, not the member: thousands of members share an IP.
const strict = await buildApp({ db, config, clock, logger: createLogger("silent"), rateLimit: { max: 3, timeWindowMs: 60_000 } });
afterAll(() => strict.close());

describe("when a mail provider's servers send many one-click POSTs from one address", () => {
  it("should honour every POST with a valid token, and rate-limit only requests with invalid ones", async () => {
    const members = await Promise.all(Array.from({ length: 100 }, () => makeMember(db)));
    const codes = await Promise.all(
      members.map((memberId) =>
        strict.inject({ method: "POST", url: `/u/${token({ memberId, purpose: "information" })}`, remoteAddress: "66.102.0.1", ...form({ "List-Unsubscribe": "One-Click" }) }),
      ),
    );
    expect(codes.map((c) => c.statusCode)).toEqual(members.map(() => 200));
    for (const memberId of members) {
      expect(await decide(db, memberId, "information", "email", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    }
    const guesses: number[] = [];
    for (let i = 0; i < 5; i++) guesses.push((await strict.inject({ method: "POST", url: `/u/guess${i}`, remoteAddress: "66.102.0.1" })).statusCode);
    expect(guesses).toEqual([404, 404, 404, 429, 429]);
    // Valid tokens still get through from the same address after the guesses were limited.
    const after = await strict.inject({ method: "GET", url: `/u/${token({ memberId: members[0]! })}`, remoteAddress: "66.102.0.1" });
    expect(after.statusCode).toBe(200);
  });

  it("should not believe X-Forwarded-For unless TRUST_PROXY names the proxy", async () => {
    const guess = (app: typeof strict, i: number, remoteAddress: string) =>
      app.inject({ method: "GET", url: `/u/nope${i}`, remoteAddress, headers: { "x-forwarded-for": `198.51.100.${i}` } }).then((r) => r.statusCode);
    const forged: number[] = [];
    for (let i = 0; i < 5; i++) forged.push(await guess(strict, i, "203.0.113.7"));
    // A different claimed client address on each request does not dodge the limit.
    expect(forged).toEqual([404, 404, 404, 429, 429]);

    const proxied = await buildApp({
      db, config: { ...config, TRUST_PROXY: ["10.0.0.1"] }, clock, logger: createLogger("silent"), rateLimit: { max: 3, timeWindowMs: 60_000 },
    });
    try {
      const viaProxy: number[] = [];
      for (let i = 0; i < 5; i++) viaProxy.push(await guess(proxied, i, "10.0.0.1"));
      // Behind the named proxy, each client is limited on its own address.
      expect(viaProxy).toEqual([404, 404, 404, 404, 404]);
    } finally {
      await proxied.close();
    }
  });
});

describe("when a member follows an old link", () => {
  const DAY = 24 * 3_600_000;
  const oldToken = (memberId: number, purpose: TokenClaims["purpose"] = "campaign") =>
    token({ memberId, purpose, issuedAt: new Date(clock.now().getTime() - (config.PREFERENCES_OPT_IN_DAYS + 1) * DAY) });

  it("should still opt out, by one-click and by the page, but not subscribe again", async () => {
    const memberId = await makeMember(db);
    const t = oldToken(memberId);
    expect((await app.inject({ method: "POST", url: `/u/${t}`, ...form({ "List-Unsubscribe": "One-Click" }) })).statusCode).toBe(200);
    expect(await decide(db, memberId, "campaign", "email", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });

    const page = await app.inject({ method: "POST", url: `/u/${t}`, ...form({ action: "unsubscribe" }) });
    expect(page.body).not.toContain('value="resubscribe"');
    expect(page.body).toContain("for gammel");

    const again = await app.inject({ method: "POST", url: `/u/${t}`, ...form({ action: "resubscribe" }) });
    expect(again.statusCode).toBe(403);
    expect(await decide(db, memberId, "campaign", "email", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect((await db.consentEvent.findMany({ where: { memberId } })).map((e) => e.action)).toEqual(["opt_out", "opt_out"]);
  });

  it("should record the opt-outs of the preference form but not its opt-ins or the lifting of an objection", async () => {
    const memberId = await makeMember(db);
    const fresh = token({ memberId });
    await app.inject({ method: "POST", url: `/preferences/${fresh}`, ...form({ objection: "on" }) });
    expect(await decide(db, memberId, "information", "email", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "objection" });

    const t = oldToken(memberId);
    const shown = await app.inject({ method: "GET", url: `/preferences/${t}` });
    expect(shown.body).toContain('name="objection" checked disabled');
    expect(shown.body).toContain('<input type="hidden" name="objection" value="on">');

    // Everything ticked and the objection unticked: all of it is a yes again.
    const all: Record<string, string> = {};
    for (const p of ["bargaining", "information", "campaign", "survey", "course"]) for (const c of ["email", "sms", "letter"]) all[`p-${p}-${c}`] = "on";
    const saved = await app.inject({ method: "POST", url: `/preferences/${t}`, ...form(all) });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain("ny lenke");
    expect(await decide(db, memberId, "information", "email", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "objection" });
    expect(await db.consentEvent.count({ where: { memberId, action: "opt_in" } })).toBe(0);

    // Unticking a box is a refusal, and that is recorded.
    const other = await makeMember(db);
    const some = { ...all };
    delete some["p-survey-sms"];
    await app.inject({ method: "POST", url: `/preferences/${oldToken(other)}`, ...form(some) });
    expect(await decide(db, other, "survey", "sms", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect(await decide(db, other, "survey", "email", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
  });

  it("should accept a token made before issue times existed for opt-out only", async () => {
    const memberId = await makeMember(db);
    const raw = Buffer.alloc(15);
    raw.writeUInt8(2, 0);
    raw.writeUInt32BE(memberId, 1);
    raw.writeUInt8(4, 5); // v2 position of "survey"
    raw.writeUInt8(0, 6); // email
    const { createHmac } = await import("node:crypto");
    const tag = createHmac("sha256", config.secretKeys[0]!).update("budstikke-unsubscribe-v1\0").update(raw).digest().subarray(0, 16);
    const v2 = Buffer.concat([raw, tag]).toString("base64url");
    expect((await app.inject({ method: "POST", url: `/u/${v2}`, ...form({ "List-Unsubscribe": "One-Click" }) })).statusCode).toBe(200);
    expect(await decide(db, memberId, "survey", "email", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect((await app.inject({ method: "POST", url: `/u/${v2}`, ...form({ action: "resubscribe" }) })).statusCode).toBe(403);
  });
});
