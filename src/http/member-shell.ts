// The frame of every page a member reaches from a message: a skip link, the organisation's name
// and logo, a language switch that works without JavaScript (a POST form, see
// language-switch.ts), the page's own content in <main>, and a footer with who we are (name,
// address, organisation number), how to reach us, the privacy statement and the accessibility
// statement. WCAG 2.1 AA: one h1 per page (the body's), landmarks, <html lang>, visible focus.
import type { FastifyRequest } from "fastify";
import { brandShades } from "../organisation/colours.ts";
import { logoPath, type OrganisationIdentity } from "../organisation/identity.ts";
import { html, htmlDocument, raw, type Html } from "./html.ts";
import { isLang, LANGS, LANGUAGE_NAMES, TEXTS, type Lang, type Texts } from "./i18n.ts";
import { memberStyle } from "./member-style.ts";

export interface MemberChrome {
  identity: OrganisationIdentity;
  /** This page's path (what the language switch comes back to). */
  here: string;
  /** The member's link token on this page, if any (the language switch then remembers the choice for the member). */
  token?: string | undefined;
}

const none = raw("");

export function memberPage(lang: Lang, title: string, body: Html, chrome: MemberChrome): string {
  const t = TEXTS[lang];
  const { identity } = chrome;
  const content = html`<a class="skip" href="#main">${t.skipLink}</a>
${header(t, lang, chrome)}
<main id="main" class="wrap" tabindex="-1">
${body}
</main>
${footer(t, identity)}`;
  return htmlDocument(lang, `${title} – ${identity.name}`, memberStyle(brandShades(identity.brandColour)), content.html);
}

function header(t: Texts, lang: Lang, { identity, here, token }: MemberChrome): Html {
  // The name is shown as text beside the logo, so the logo itself is decoration (alt="").
  const logo = identity.logo
    ? html`<img class="logo" src="${logoPath(identity.logo.id)}" alt="" width="${identity.logo.width}" height="${identity.logo.height}">`
    : none;
  // Each language is named in itself and marked with its own lang (SC 3.1.2); the current one
  // is not a button (choosing it would do nothing) but is marked aria-current.
  const choices = LANGS.map((l) =>
    l === lang
      ? html`<li><span class="current" lang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</span></li>`
      : html`<li><button type="submit" name="lang" value="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</button></li>`,
  );
  return html`<header class="site-header"><div class="wrap bar">
<p class="org">${logo}<span>${identity.name}</span></p>
<nav class="langs" aria-label="${t.languageNav}"><form method="post" action="/lang">
<input type="hidden" name="return" value="${here}">${token ? html`<input type="hidden" name="token" value="${token}">` : none}
<ul>${choices}</ul>
</form></nav>
</div></header>`;
}

/** "999888777" → "999 888 777", as the Brønnøysund registers write it. */
export function formatOrgNumber(orgNumber: string): string {
  return orgNumber.replace(/^(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3");
}

function footer(t: Texts, identity: OrganisationIdentity): Html {
  const address = identity.addressLines.length ? html`<p>${identity.addressLines.map((line, i) => html`${i ? raw("<br>") : none}${line}`)}</p>` : none;
  const orgNumber = identity.orgNumber ? html`<p>${t.orgNumber} ${formatOrgNumber(identity.orgNumber)}</p>` : none;
  const contacts = [
    identity.contactEmail ? html`${t.emailLabel}: <a href="mailto:${identity.contactEmail}">${identity.contactEmail}</a>` : null,
    identity.contactPhone ? html`${t.phoneLabel}: <a href="tel:${identity.contactPhone.replace(/[^\d+]/g, "")}">${identity.contactPhone}</a>` : null,
  ].filter((c): c is Html => c !== null);
  const contact = contacts.length ? html`<address>${contacts.map((c, i) => html`${i ? raw("<br>") : none}${c}`)}</address>` : none;
  const privacy = identity.privacyUrl ? html`<li><a href="${identity.privacyUrl}">${t.privacyLink}</a></li>` : none;
  return html`<footer class="site-footer"><div class="wrap">
<p><strong>${identity.name}</strong></p>
${address}${orgNumber}${contact}
<ul>${privacy}<li><a href="/tilgjengelighet">${t.accessibilityLink}</a></li></ul>
</div></footer>`;
}

/** The cookie that remembers the visitor's choice of language (set by POST /lang). */
export const LANG_COOKIE = "lang";

/** The `lang` cookie's value, when it is one of ours. */
export function languageFromCookie(cookieHeader: string | undefined): Lang | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, value] = part.split("=", 2).map((s) => s.trim());
    if (name === LANG_COOKIE && isLang(value)) return value;
  }
  return null;
}

/** The language to show: the visitor's chosen one (cookie), else the member's, else nb. */
export function pageLanguage(request: FastifyRequest, memberLanguage?: string | null): Lang {
  return languageFromCookie(request.headers.cookie) ?? (isLang(memberLanguage) ? memberLanguage : "nb");
}
