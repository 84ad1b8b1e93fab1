// Public pages reached from links in messages: unsubscribe (RFC 8058 one-click and a page
// button) and the preference centre. GET only renders (mail scanners prefetch links); POST
// changes state. The token in the URL is the only credential, and any bad token, unknown or
// erased member gets the same plain 404.
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { recordConsentEvent } from "../consent/ledger.ts";
import { loadPreferences, matrix, savePreferences, unsubscribeScope, type Preferences } from "../consent/preferences.ts";
import { CHANNELS, OPTOUT_PURPOSES } from "../consent/purposes.ts";
import { verifyToken, type TokenClaims } from "../consent/tokens.ts";
import type { AppDeps } from "./app.ts";
import { html, page, raw, type Html } from "./html.ts";
import { textsFor, type Lang, type Texts } from "./i18n.ts";

type Form = Record<string, string | string[] | undefined>;
interface TokenParams {
  token: string;
}

export function notFoundPage(reply: FastifyReply): FastifyReply {
  return reply.code(404).type("text/html; charset=utf-8").send(page("nb", "404", html`<h1>404</h1><p>Siden finnes ikke. / Page not found.</p>`));
}

export function publicPages(deps: AppDeps): FastifyPluginAsync {
  const { db, config, clock, pseudonyms } = deps;

  async function resolve(token: string): Promise<{ claims: TokenClaims; lang: Lang; t: Texts } | null> {
    const claims = verifyToken(config.secretKeys, token);
    if (!claims) return null;
    const member = await db.member.findUnique({ where: { id: claims.memberId }, select: { language: true } });
    if (!member || (await db.erasedMember.findUnique({ where: { memberId: claims.memberId } }))) return null;
    return { claims, ...textsFor(member.language) };
  }

  async function scopeLabel(claims: TokenClaims, t: Texts): Promise<string> {
    if (claims.purpose === "service") return `${t.allPurposes} ${t.onChannel(t.channels[claims.channel])}`;
    if (claims.purpose === "newsletter" && claims.newsletterId) {
      const n = await db.newsletter.findUnique({ where: { id: claims.newsletterId } });
      if (n) return `${t.purposes.newsletter} «${n.name}»`;
    }
    return t.purposes[claims.purpose];
  }

  const send = (reply: FastifyReply, lang: Lang, title: string, body: Html) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(page(lang, title, body));

  return async (app) => {
    await app.register(formbody);
    // RFC 8058 allows multipart/form-data for the one-click POST; only the marker matters.
    app.addContentTypeParser("multipart/form-data", { parseAs: "string", bodyLimit: 4096 }, (_req, body, done) => {
      done(null, /List-Unsubscribe[\s\S]*One-Click/.test(String(body)) ? { "List-Unsubscribe": "One-Click" } : {});
    });
    await app.register(rateLimit, { max: deps.rateLimit?.max ?? 60, timeWindow: deps.rateLimit?.timeWindowMs ?? 60_000 });

    app.get<{ Params: TokenParams }>("/u/:token", async (request, reply) => {
      const found = await resolve(request.params.token);
      if (!found) return notFoundPage(reply);
      const { lang, t } = found;
      const what = await scopeLabel(found.claims, t);
      const action = `/u/${request.params.token}`;
      return send(reply, lang, t.title, html`<h1>${t.title}</h1>
<p>${t.unsubscribeIntro(what)}</p>
<form method="post" action="${action}"><input type="hidden" name="action" value="unsubscribe"><button type="submit">${t.unsubscribeButton}</button></form>
<p>${t.serviceNote}</p>
<p><a href="/preferences/${request.params.token}">${t.preferencesLink}</a></p>`);
    });

    app.post<{ Params: TokenParams; Body: Form | undefined }>("/u/:token", async (request, reply) => {
      const found = await resolve(request.params.token);
      if (!found) return notFoundPage(reply);
      const { claims, lang, t } = found;
      const form = request.body ?? {};
      const oneClick = form["List-Unsubscribe"] === "One-Click";
      const scope = unsubscribeScope(claims);
      const resubscribe = !oneClick && form.action === "resubscribe";
      await recordConsentEvent(db, {
        memberId: claims.memberId, purpose: scope.purpose, channel: scope.channel, newsletterId: scope.newsletterId,
        action: resubscribe ? "opt_in" : scope.action, source: oneClick ? "one_click" : "unsubscribe_link",
        actor: "member", at: clock.now(), campaignId: claims.campaignId,
      });
      // RFC 8058: answer the mail provider's POST directly, no redirect.
      if (oneClick) return reply.code(200).type("text/plain; charset=utf-8").header("cache-control", "no-store").send("OK");
      const what = await scopeLabel(claims, t);
      const token = request.params.token;
      const body = resubscribe
        ? html`<h1>${t.title}</h1><p class="status" role="status">${t.resubscribed(what)}</p>`
        : html`<h1>${t.title}</h1><p class="status" role="status">${t.unsubscribed(what)}</p>
<form method="post" action="/u/${token}"><input type="hidden" name="action" value="resubscribe"><button type="submit">${t.resubscribeButton}</button></form>`;
      return send(reply, lang, t.title, html`${body}<p><a href="/preferences/${token}">${t.preferencesLink}</a></p>`);
    });

    app.get<{ Params: TokenParams }>("/preferences/:token", async (request, reply) => {
      const found = await resolve(request.params.token);
      if (!found) return notFoundPage(reply);
      const prefs = await loadPreferences(db, pseudonyms, found.claims.memberId);
      return send(reply, found.lang, found.t.preferencesTitle, preferencesForm(found.t, request.params.token, prefs, null));
    });

    app.post<{ Params: TokenParams; Body: Form | undefined }>("/preferences/:token", async (request, reply) => {
      const found = await resolve(request.params.token);
      if (!found) return notFoundPage(reply);
      const form = request.body ?? {};
      const on = (name: string) => form[name] === "on" || (Array.isArray(form[name]) && form[name].includes("on"));
      const ids = Object.keys(form).flatMap((k) => (/^nl-\d{1,9}$/.test(k) && on(k) ? [Number(k.slice(3))] : []));
      await savePreferences(db, pseudonyms, found.claims.memberId, {
        objection: on("objection"),
        allowed: matrix((p, c) => on(`p-${p}-${c}`)),
        newsletters: ids,
      }, { at: clock.now(), actor: "member" });
      const prefs = await loadPreferences(db, pseudonyms, found.claims.memberId);
      return send(reply, found.lang, found.t.preferencesTitle, preferencesForm(found.t, request.params.token, prefs, found.t.saved));
    });
  };
}

function preferencesForm(t: Texts, token: string, prefs: Preferences, status: string | null): Html {
  const check = (name: string, checked: boolean, label: string) =>
    html`<label><input type="checkbox" name="${name}"${raw(checked ? " checked" : "")}> ${label}</label>`;
  const rows = OPTOUT_PURPOSES.map(
    (p) => html`<fieldset><legend>${t.purposes[p]}</legend>${CHANNELS.map((c) => check(`p-${p}-${c}`, prefs.allowed[p][c], t.channels[c]))}</fieldset>`,
  );
  const letters = prefs.newsletters.length
    ? html`<fieldset><legend>${t.newslettersHeading}</legend>${prefs.newsletters.map((n) => check(`nl-${n.id}`, n.subscribed, n.name))}</fieldset>`
    : raw("");
  return html`<h1>${t.preferencesTitle}</h1>
${status ? html`<p class="status" role="status">${status}</p>` : raw("")}
<p>${t.preferencesIntro}</p>
<form method="post" action="/preferences/${token}">
${rows}
${letters}
<fieldset><legend>${t.allPurposes}</legend>${check("objection", prefs.objection, t.objection)}</fieldset>
<p>${t.serviceNote}</p>
<button type="submit">${t.save}</button>
</form>`;
}
