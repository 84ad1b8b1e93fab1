// POST /lang: the language switch on every member page, a plain form so it works without
// JavaScript. The choice is kept in a cookie for this browser; when the form carries a member
// link token, it is also remembered for the member (member.language: later messages come in that
// language), with an audit row. The answer is a 303 back to the page, whatever the token was, so
// the switch tells nobody whether a token is valid.
import type { FastifyInstance } from "fastify";
import { verifyToken } from "../consent/tokens.ts";
import { liveMember } from "../members/live.ts";
import { shownIdentity } from "../organisation/identity.ts";
import type { AppDeps } from "./app.ts";
import { html } from "./html.ts";
import { isLang, TEXTS, type Lang } from "./i18n.ts";
import { LANG_COOKIE, memberPage, pageLanguage } from "./member-shell.ts";

type Deps = Pick<AppDeps, "db" | "config" | "clock">;
type Form = Record<string, string | string[] | undefined>;

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Where to go back to: a path on this site, else "/". "//host" and "/\host" are refused because
 * browsers read both as another host; so is anything with spaces, controls or non-ASCII (a real
 * page's path arrives percent-encoded).
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2048) return "/";
  return /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(value) ? value : "/";
}

export function langCookie(lang: Lang, secure: boolean): string {
  return `${LANG_COOKIE}=${lang}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
}

/** Sets member.language from a valid member link token, unless it is so already or the member is erased. */
async function rememberForMember({ db, config, clock }: Deps, token: string, lang: Lang): Promise<void> {
  const claims = verifyToken(config.secretKeys, token);
  if (!claims) return;
  const now = clock.now();
  await db.$transaction(async (tx) => {
    const member = await liveMember(tx, claims.memberId);
    if (!member || member.language === lang) return;
    await tx.member.update({ where: { id: claims.memberId }, data: { language: lang, updatedAt: now } });
    await tx.auditLog.create({
      data: { actor: "member", action: "member.language", entity: "member", entityId: String(claims.memberId), at: now, details: { from: member.language, to: lang } },
    });
  });
}

/** Registers POST /lang in the public pages' scope (its form parser and rate limit). */
export function registerLanguageSwitch(app: FastifyInstance, deps: Deps): void {
  app.post<{ Body: Form | undefined }>("/lang", async (request, reply) => {
    const form = request.body ?? {};
    const back = safeReturnPath(form.return);
    const chosen = form.lang;
    if (!isLang(chosen)) {
      const lang = pageLanguage(request);
      const t = TEXTS[lang];
      const identity = await shownIdentity(deps.db, deps.config);
      const body = html`<h1>${t.languageNav}</h1><p class="status" role="status">${t.errorPrefix}: ${t.unknownLanguage}</p><p><a href="${back}">${t.back}</a></p>`;
      return reply.code(400).type("text/html; charset=utf-8").header("cache-control", "no-store")
        .send(memberPage(lang, `${t.errorPrefix}: ${t.languageNav}`, body, { identity, here: back }));
    }
    if (typeof form.token === "string") await rememberForMember(deps, form.token, chosen);
    return reply
      .header("set-cookie", langCookie(chosen, deps.config.PUBLIC_URL.startsWith("https:")))
      .header("cache-control", "no-store")
      .redirect(back, 303);
  });
}
