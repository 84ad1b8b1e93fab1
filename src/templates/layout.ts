// The organisation's email layout: every email is the author's MJML wrapped in one header (logo
// and name) and one footer (who sends it, from where, why the member gets it, how to opt out,
// where the privacy statement is). Compiled with the template version for one version of the
// organisation settings (src/organisation/builds.ts), so a message never changes after launch.
//
// Everything the layout adds is literal text from the settings, escaped here; the settings
// refuse `{{`/`}}`, so nothing in them can become a Handlebars expression. Inserted pieces hold
// no newline, so MJML's line numbers stay the author's.
//
// Contrast: text on the brand colour is black or white, links use the brand colour darkened to
// 4.5:1 on every background they sit on (src/organisation/colours.ts). Dark mode: the email
// declares itself light-only (clients that honour color-scheme leave it as designed), and every
// part has an explicit background next to its text colour, so clients that invert colours anyway
// invert whole pairs and keep the contrast; a dark-mode style sheet would have to recolour the
// author's content too, which we cannot judge. With images blocked the header still reads: the
// name is text, and the logo is decoration (alt="").
import { PURPOSE_LABELS } from "../consent/purpose-labels.ts";
import type { Purpose } from "../consent/purposes.ts";
import { BODY_TEXT, brandShades, FOOTER_BACKGROUND, FOOTER_TEXT, PAGE_BACKGROUND } from "../organisation/colours.ts";
import { logoUrl, type OrganisationIdentity } from "../organisation/identity.ts";
import { escapeHtml } from "./escape.ts";
import type { Language } from "./schema.ts";

/** What a build needs besides the template: the identity version, and where links and the logo live. */
export interface TemplateBrand {
  identity: OrganisationIdentity;
  publicUrl: string;
}

const LOGO_HEIGHT = 48;
const LOGO_MAX_WIDTH = 200;

interface FooterTexts {
  unsubscribe: string;
  preferences: string;
  privacy: string;
  orgNumber: string;
  why: (purpose: Purpose, name: string) => string;
}

const FOOTER: Record<Language, FooterTexts> = {
  nb: {
    unsubscribe: "Meld deg av", preferences: "Endre innstillingene dine", privacy: "Personvernerklæring", orgNumber: "Org.nr.",
    why: (purpose, name) =>
      purpose === "service" ? `Du får denne e-posten fordi du er medlem av ${name}. Meldinger om medlemskapet ditt går til alle medlemmer.`
      : purpose === "newsletter" ? `Du får denne e-posten fordi du har meldt deg på nyhetsbrevet fra ${name}.`
      : `Du får denne e-posten fordi du er medlem av ${name} og ikke har reservert deg mot ${PURPOSE_LABELS.nb[purpose]}.`,
  },
  nn: {
    unsubscribe: "Meld deg av", preferences: "Endre innstillingane dine", privacy: "Personvernerklæring", orgNumber: "Org.nr.",
    why: (purpose, name) =>
      purpose === "service" ? `Du får denne e-posten fordi du er medlem av ${name}. Meldingar om medlemskapet ditt går til alle medlemmer.`
      : purpose === "newsletter" ? `Du får denne e-posten fordi du har meldt deg på nyheitsbrevet frå ${name}.`
      : `Du får denne e-posten fordi du er medlem av ${name} og ikkje har reservert deg mot ${PURPOSE_LABELS.nn[purpose]}.`,
  },
  en: {
    unsubscribe: "Unsubscribe", preferences: "Change your preferences", privacy: "Privacy statement", orgNumber: "Org. no.",
    why: (purpose, name) =>
      purpose === "service" ? `You receive this email because you are a member of ${name}. Messages about your membership go to every member.`
      : purpose === "newsletter" ? `You receive this email because you subscribed to the newsletter from ${name}.`
      : `You receive this email because you are a member of ${name} and have not opted out of ${PURPOSE_LABELS.en[purpose]}.`,
  },
};

/** "999888777" → "999 888 777". */
export function formatOrgNumber(digits: string): string {
  return digits.replace(/^(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3");
}

/** The sentence saying why the member gets this message. */
export function whyYouReceive(language: Language, purpose: Purpose, name: string): string {
  return FOOTER[language].why(purpose, name);
}

function head(brand: TemplateBrand): string {
  const shades = brandShades(brand.identity.brandColour);
  return `<mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text color="${BODY_TEXT}" font-size="16px" line-height="1.5" /><mj-button background-color="${shades.brand}" color="${shades.onBrand}" font-size="16px" font-weight="bold" inner-padding="12px 24px" /></mj-attributes><mj-raw><meta name="color-scheme" content="light only"><meta name="supported-color-schemes" content="light"></mj-raw>`;
}

function header(brand: TemplateBrand): string {
  const { identity } = brand;
  const shades = brandShades(identity.brandColour);
  const name = `<mj-text font-size="20px" font-weight="bold" color="${BODY_TEXT}" padding="8px 16px">${escapeHtml(identity.name)}</mj-text>`;
  const section = (columns: string) =>
    `<mj-section background-color="${PAGE_BACKGROUND}" border-bottom="4px solid ${shades.brand}" padding="12px 8px">${columns}</mj-section>`;
  if (!identity.logo) return section(`<mj-column vertical-align="middle">${name}</mj-column>`);
  const width = Math.min(LOGO_MAX_WIDTH, Math.round((identity.logo.width / identity.logo.height) * LOGO_HEIGHT));
  const logo = `<mj-image src="${escapeHtml(logoUrl(brand.publicUrl, identity.logo.id))}" alt="" width="${width}px" height="${LOGO_HEIGHT}px" align="left" padding="4px 16px" />`;
  return section(`<mj-group><mj-column width="${width + 40}px" vertical-align="middle">${logo}</mj-column><mj-column vertical-align="middle">${name}</mj-column></mj-group>`);
}

function footer(brand: TemplateBrand, language: Language, purpose: Purpose): string {
  const { identity } = brand;
  const t = FOOTER[language];
  const shades = brandShades(identity.brandColour);
  const link = (href: string, label: string) => `<a href="${href}" style="color:${shades.link};text-decoration:underline">${escapeHtml(label)}</a>`;
  const sender = [
    `<strong>${escapeHtml(identity.name)}</strong>`,
    ...(identity.addressLines.length ? [escapeHtml(identity.addressLines.join(", "))] : []),
    ...(identity.orgNumber ? [`${t.orgNumber} ${formatOrgNumber(identity.orgNumber)}`] : []),
  ].join("<br>");
  const links = [
    ...(purpose === "service" ? [] : [link("{{links.unsubscribeUrl}}", t.unsubscribe), link("{{links.preferencesUrl}}", t.preferences)]),
    ...(identity.privacyUrl ? [link(escapeHtml(identity.privacyUrl), t.privacy)] : []),
  ];
  const text = (content: string) => `<mj-text font-size="13px" line-height="1.5" color="${FOOTER_TEXT}" padding="6px 24px">${content}</mj-text>`;
  return `<mj-section background-color="${FOOTER_BACKGROUND}" padding="16px 0"><mj-column>${text(sender)}${text(escapeHtml(t.why(purpose, identity.name)))}${links.length ? text(links.join(" &nbsp;·&nbsp; ")) : ""}</mj-column></mj-section>`;
}

/**
 * The author's MJML with the layout around it, or an error message when the document has no
 * <mj-body> to wrap (the author's compile reports that with its line).
 */
export function wrapInLayout(source: string, brand: TemplateBrand, language: Language, purpose: Purpose): string | null {
  const bodyOpen = /<mj-body\b[^>]*>/i.exec(source);
  const bodyClose = source.lastIndexOf("</mj-body>");
  const mjmlOpen = /<mjml\b[^>]*>/i.exec(source);
  if (!bodyOpen || bodyClose === -1 || !mjmlOpen) return null;
  const afterBodyOpen = bodyOpen.index + bodyOpen[0].length;
  let out = `${source.slice(0, afterBodyOpen)}${header(brand)}${source.slice(afterBodyOpen, bodyClose)}${footer(brand, language, purpose)}${source.slice(bodyClose)}`;
  // The layout's defaults go first in <mj-head>, so the author's own mj-attributes still win.
  const headOpen = /<mj-head\b[^>]*>/i.exec(out);
  if (headOpen) {
    const at = headOpen.index + headOpen[0].length;
    out = `${out.slice(0, at)}${head(brand)}${out.slice(at)}`;
  } else {
    const at = mjmlOpen.index + mjmlOpen[0].length;
    out = `${out.slice(0, at)}<mj-head>${head(brand)}</mj-head>${out.slice(at)}`;
  }
  // An explicit page background (unless the author chose one): inverting clients then invert a pair.
  return /background-color=/i.test(bodyOpen[0]) ? out : out.replace(/<mj-body\b/i, `<mj-body background-color="${PAGE_BACKGROUND}"`);
}

/** The plain-text part's footer: the same facts and links as the HTML footer. */
export function layoutTextFooter(brand: TemplateBrand, language: Language, purpose: Purpose): string {
  const { identity } = brand;
  const t = FOOTER[language];
  const lines = [
    identity.name,
    ...(identity.addressLines.length ? [identity.addressLines.join(", ")] : []),
    ...(identity.orgNumber ? [`${t.orgNumber} ${formatOrgNumber(identity.orgNumber)}`] : []),
    "",
    t.why(purpose, identity.name),
    ...(purpose === "service" ? [] : ["", `${t.unsubscribe}: {{links.unsubscribeUrl}}`, `${t.preferences}: {{links.preferencesUrl}}`]),
    ...(identity.privacyUrl ? [`${t.privacy}: ${identity.privacyUrl}`] : []),
  ];
  return `\n\n--\n${lines.join("\n")}\n`;
}

/** The plain-text part's header line. */
export function layoutTextHeader(brand: TemplateBrand): string {
  return `${brand.identity.name}\n\n`;
}

/** What a letter shows of the organisation: above the window and in every page's footer. */
export interface LetterHead {
  name: string;
  addressLines: string[];
  /** "Fjordunionen · post@… · 22 00 00 00 · Org.nr. 999 888 777". */
  contactLine: string;
  /** The logo's PNG (loaded with the build, see src/organisation/builds.ts), or null. */
  logoId: number | null;
}

export function letterHead(brand: TemplateBrand): LetterHead {
  const { identity } = brand;
  const contact = [
    identity.name,
    ...(identity.contactEmail ? [identity.contactEmail] : []),
    ...(identity.contactPhone ? [identity.contactPhone] : []),
    ...(identity.orgNumber ? [`Org.nr. ${formatOrgNumber(identity.orgNumber)}`] : []),
  ];
  return { name: identity.name, addressLines: identity.addressLines, contactLine: contact.join(" · "), logoId: identity.logo?.id ?? null };
}
