// Public pages reached from links in messages: unsubscribe (RFC 8058 one-click and a page
// button) and the preference centre. GET only renders (mail scanners prefetch links); POST
// changes state. The token in the URL is the only credential, and any bad token, unknown or
// erased member gets the same plain 404.
//
// A token always opts out. Saying yes again (opting in, lifting an objection) needs a token
// issued within PREFERENCES_OPT_IN_DAYS; with an older one the page offers a fresh link, sent to
// the address on file.
//
// Every page is drawn in the organisation's frame (member-shell.ts: name, logo, language
// switch, contacts) in the language the visitor chose, else the member's, else bokmål. The
// language switch (POST /lang) and the accessibility statement live in this scope too, so they
// share its form parser and rate limit.
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { recordConsentEvent } from "../consent/ledger.ts";
import { loadPreferences, matrix, savePreferences, unsubscribeScope } from "../consent/preferences.ts";
import { mayOptIn, verifyToken, type VerifiedClaims } from "../consent/tokens.ts";
import { checkEmail } from "../members/fields.ts";
import { liveMember } from "../members/live.ts";
import { shownIdentity } from "../organisation/identity.ts";
import { requestMemberLink } from "../queues/queues.ts";
import { registerAccessibilityPage } from "./accessibility-page.ts";
import type { AppDeps } from "./app.ts";
import { html, page, type Html } from "./html.ts";
import { TEXTS, type Lang, type Texts } from "./i18n.ts";
import { registerLanguageSwitch } from "./language-switch.ts";
import { memberPage, pageLanguage } from "./member-shell.ts";
import {
  freshLinkSent, preferencesForm, resubscribed, tooOldToOptIn, unsubscribed, unsubscribeQuestion, type LinkState,
} from "./public-views.ts";
// ── newsletters ──
import { confirmOutcome, confirmQuestion, subscribeForm, type EmailField } from "./public-views.ts";
import { CONFIRMATION_DAYS, confirmSubscription, findByToken, requestSubscription, requestSubscriptionByEmail } from "../newsletters/subscriptions.ts";
import { newsletterTextsFor } from "../newsletters/texts.ts";
// ── end newsletters ──

type Form = Record<string, string | string[] | undefined>;
interface TokenParams {
  token: string;
}

/**
 * The plain 404: the same for every bad token, unknown member or missing page (it looks nothing
 * up, so it tells nothing), in the language the visitor chose on a member page, else bokmål.
 */
export function notFoundPage(reply: FastifyReply): FastifyReply {
  const lang = pageLanguage(reply.request);
  const t = TEXTS[lang];
  return reply.code(404).type("text/html; charset=utf-8").header("cache-control", "no-store")
    .send(page(lang, `${t.notFound} (404)`, html`<h1>${t.notFound}</h1><p>${t.notFoundHint}</p>`));
}

interface Resolved {
  claims: VerifiedClaims;
  lang: Lang;
  t: Texts;
  link: LinkState;
}

export function publicPages(deps: AppDeps): FastifyPluginAsync {
  const { db, config, clock, pseudonyms } = deps;

  async function resolve(request: FastifyRequest, token: string): Promise<Resolved | null> {
    const claims = verifyToken(config.secretKeys, token);
    if (!claims) return null;
    const member = await liveMember(db, claims.memberId);
    if (!member) return null;
    const fresh = mayOptIn(claims, clock.now(), config.PREFERENCES_OPT_IN_DAYS);
    const lang = pageLanguage(request, member.language);
    return { claims, lang, t: TEXTS[lang], link: { token, fresh, canSendFreshLink: deps.queues !== undefined } };
  }

  async function scopeLabel(claims: VerifiedClaims, t: Texts): Promise<string> {
    if (claims.purpose === "service") return `${t.allPurposes} ${t.onChannel(t.channels[claims.channel])}`;
    if (claims.purpose === "newsletter" && claims.newsletterId) {
      const n = await db.newsletter.findUnique({ where: { id: claims.newsletterId } });
      if (n) return `${t.purposes.newsletter} «${n.name}»`;
    }
    return t.purposes[claims.purpose];
  }

  /** A member page in the organisation's frame; `token` lets the language switch remember the choice for the member. */
  async function send(request: FastifyRequest, reply: FastifyReply, lang: Lang, title: string, body: Html, options: { status?: number; token?: string } = {}) {
    const identity = await shownIdentity(db, config);
    const document = memberPage(lang, title, body, { identity, here: request.url, token: options.token });
    return reply.code(options.status ?? 200).type("text/html; charset=utf-8").header("cache-control", "no-store").send(document);
  }

  /** A request that carries a valid token is never rate-limited (see the limiter below). */
  const carriesValidToken = (request: FastifyRequest) => {
    const token = (request.params as Partial<TokenParams> | undefined)?.token;
    return typeof token === "string" && verifyToken(config.secretKeys, token) !== null;
  };

  return async (app) => {
    await app.register(formbody);
    // RFC 8058 allows multipart/form-data for the one-click POST; only the marker matters.
    app.addContentTypeParser("multipart/form-data", { parseAs: "string", bodyLimit: 4096 }, (_req, body, done) => {
      done(null, /List-Unsubscribe[\s\S]*One-Click/.test(String(body)) ? { "List-Unsubscribe": "One-Click" } : {});
    });
    // One-click POSTs come from mailbox providers' servers, so thousands of members share an
    // address: requests with a valid token are not counted. Only guessing (invalid tokens) is.
    await app.register(rateLimit, {
      max: deps.rateLimit?.max ?? 60,
      timeWindow: deps.rateLimit?.timeWindowMs ?? 60_000,
      allowList: (request) => carriesValidToken(request),
    });

    registerLanguageSwitch(app, deps);
    registerAccessibilityPage(app, deps);

    app.get<{ Params: TokenParams }>("/u/:token", async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found) return notFoundPage(reply);
      const { claims, lang, t, link } = found;
      return send(request, reply, lang, t.title, unsubscribeQuestion(t, await scopeLabel(claims, t), link), { token: link.token });
    });

    app.post<{ Params: TokenParams; Body: Form | undefined }>("/u/:token", async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found) return notFoundPage(reply);
      const { claims, lang, t, link } = found;
      const form = request.body ?? {};
      const oneClick = form["List-Unsubscribe"] === "One-Click";
      const resubscribe = !oneClick && form.action === "resubscribe";
      if (resubscribe && !link.fresh) return send(request, reply, lang, t.title, tooOldToOptIn(t, link), { status: 403, token: link.token });
      const scope = unsubscribeScope(claims);
      await recordConsentEvent(db, {
        memberId: claims.memberId, purpose: scope.purpose, channel: scope.channel, newsletterId: scope.newsletterId,
        action: resubscribe ? "opt_in" : scope.action, source: oneClick ? "one_click" : "unsubscribe_link",
        actor: "member", at: clock.now(), campaignId: claims.campaignId,
      });
      // RFC 8058: answer the mail provider's POST directly, no redirect.
      if (oneClick) return reply.code(200).type("text/plain; charset=utf-8").header("cache-control", "no-store").send("OK");
      const what = await scopeLabel(claims, t);
      return send(request, reply, lang, t.title, resubscribe ? resubscribed(t, what, link) : unsubscribed(t, what, link), { token: link.token });
    });

    app.get<{ Params: TokenParams }>("/preferences/:token", async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found) return notFoundPage(reply);
      const { claims, lang, t, link } = found;
      const prefs = await loadPreferences(db, pseudonyms, claims.memberId, clock.now());
      return send(request, reply, lang, t.preferencesTitle, preferencesForm(t, link, prefs, null, newsletterTextsFor(lang).t.pendingHint), { token: link.token });
    });

    app.post<{ Params: TokenParams; Body: Form | undefined }>("/preferences/:token", async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found) return notFoundPage(reply);
      const form = request.body ?? {};
      const on = (name: string) => form[name] === "on" || (Array.isArray(form[name]) && form[name].includes("on"));
      const ids = Object.keys(form).flatMap((k) => (/^nl-\d{1,9}$/.test(k) && on(k) ? [Number(k.slice(3))] : []));
      const saved = await savePreferences(db, pseudonyms, found.claims.memberId, {
        objection: on("objection"),
        allowed: matrix((p, c) => on(`p-${p}-${c}`)),
        newsletters: ids,
      }, { at: clock.now(), actor: "member", allowOptIn: found.link.fresh });
      // ── newsletters: ticked newsletters are asked for; the emailed confirmation subscribes ──
      const nt = newsletterTextsFor(found.lang).t;
      for (const newsletterId of saved.subscriptionRequests) {
        await requestSubscription({ db, clock, queues: deps.queues }, { memberId: found.claims.memberId, newsletterId, source: "preference_centre" });
      }
      // ── end newsletters ──
      const prefs = await loadPreferences(db, pseudonyms, found.claims.memberId, clock.now());
      const status = saved.withheld > 0 ? found.t.optInNeedsFreshLink : saved.subscriptionRequests.length > 0 ? nt.preferencesRequested : found.t.saved;
      return send(request, reply, found.lang, found.t.preferencesTitle, preferencesForm(found.t, found.link, prefs, status, nt.pendingHint), { token: found.link.token });
    });

    // ── newsletters: a public subscribe form per newsletter, and the confirmation link's page ──
    app.get<{ Params: { slug: string } }>("/subscribe/:slug", async (request, reply) => {
      const newsletter = await db.newsletter.findUnique({ where: { slug: request.params.slug } });
      if (!newsletter) return notFoundPage(reply);
      const { lang, t } = newsletterTextsFor(pageLanguage(request));
      return send(request, reply, lang, t.subscribeTitle(newsletter.name), subscribeForm(t, newsletter, null));
    });

    app.post<{ Params: { slug: string }; Body: Form | undefined }>("/subscribe/:slug", async (request, reply) => {
      const newsletter = await db.newsletter.findUnique({ where: { slug: request.params.slug } });
      if (!newsletter) return notFoundPage(reply);
      const { lang, t } = newsletterTextsFor(pageLanguage(request));
      const typed = request.body?.email;
      const field: EmailField = { value: typeof typed === "string" ? typed.slice(0, 320) : "", error: null };
      const address = field.value.trim();
      field.error = address === "" ? t.emailMissing : checkEmail(address).ok ? null : t.emailMalformed;
      if (field.error) {
        // The typed value comes back in the field, so nothing is lost while it is corrected.
        const prefix = TEXTS[lang].errorPrefix;
        return send(request, reply, lang, `${prefix}: ${t.subscribeTitle(newsletter.name)}`, subscribeForm(t, newsletter, null, field, prefix), { status: 400 });
      }
      await requestSubscriptionByEmail({ db, clock, queues: deps.queues }, newsletter.id, address);
      // The same answer whether or not the address is a member's: the page reveals nothing.
      return send(request, reply, lang, t.subscribeTitle(newsletter.name), subscribeForm(t, newsletter, t.checkYourEmail(CONFIRMATION_DAYS)));
    });

    app.get<{ Params: TokenParams }>("/subscribe/confirm/:token", async (request, reply) => {
      const link = await findByToken(db, request.params.token);
      if (!link) return notFoundPage(reply);
      const member = await db.member.findUnique({ where: { id: link.memberId }, select: { language: true } });
      const { lang, t } = newsletterTextsFor(pageLanguage(request, member?.language));
      if (link.confirmedAt) return send(request, reply, lang, t.confirmTitle, confirmOutcome(t, t.alreadyConfirmed(link.newsletterName)));
      if (link.expiresAt <= clock.now()) return send(request, reply, lang, t.confirmTitle, confirmOutcome(t, t.expired), { status: 410 });
      return send(request, reply, lang, t.confirmTitle, confirmQuestion(t, request.params.token, link.newsletterName));
    });

    app.post<{ Params: TokenParams }>("/subscribe/confirm/:token", async (request, reply) => {
      const link = await findByToken(db, request.params.token);
      if (!link) return notFoundPage(reply);
      const member = await db.member.findUnique({ where: { id: link.memberId }, select: { language: true } });
      const { lang, t } = newsletterTextsFor(pageLanguage(request, member?.language));
      const outcome = await confirmSubscription({ db, clock }, link);
      if (outcome === "expired") return send(request, reply, lang, t.confirmTitle, confirmOutcome(t, t.expired), { status: 410 });
      return send(request, reply, lang, t.confirmTitle, confirmOutcome(t, outcome === "confirmed" ? t.confirmed(link.newsletterName) : t.alreadyConfirmed(link.newsletterName)));
    });
    // ── end newsletters ──

    app.post<{ Params: TokenParams }>("/preferences/:token/fresh-link", async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found || !deps.queues) return notFoundPage(reply);
      const { claims } = found;
      await requestMemberLink(deps.queues, {
        memberId: claims.memberId, purpose: claims.purpose, channel: claims.channel,
        campaignId: claims.campaignId, newsletterId: claims.newsletterId ?? null,
      }, clock.now());
      // The same answer whether or not the member has an address: the page reveals nothing.
      return send(request, reply, found.lang, found.t.preferencesTitle, freshLinkSent(found.t, config.PREFERENCES_OPT_IN_DAYS), { token: found.link.token });
    });
  };
}
