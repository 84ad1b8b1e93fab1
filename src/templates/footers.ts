// Standard opt-out texts added to every message whose purpose is not `service`.
// Decision: we always ADD them (never refuse a template for lacking one). A member can then
// always opt out, in their own language, whatever the template author wrote, and the link
// is the signed per-member, per-purpose link from the consent area.
import type { Language } from "./schema.ts";

const EMAIL_FOOTER: Record<Language, { lead: string; unsubscribe: string; or: string; preferences: string }> = {
  nb: { lead: "Vil du ikke ha flere slike e-poster?", unsubscribe: "Meld deg av", or: "eller", preferences: "endre innstillingene dine" },
  nn: { lead: "Vil du ikkje ha fleire slike e-postar?", unsubscribe: "Meld deg av", or: "eller", preferences: "endre innstillingane dine" },
  en: { lead: "Don't want emails like this?", unsubscribe: "Unsubscribe", or: "or", preferences: "change your preferences" },
};

/** An MJML section inserted as the last section of the email body. */
export function emailFooterMjml(language: Language): string {
  const t = EMAIL_FOOTER[language];
  return `<mj-section padding="8px 0"><mj-column><mj-text font-size="12px" line-height="1.5" color="#555555" align="center">${t.lead} <a href="{{links.unsubscribeUrl}}" style="color:#555555">${t.unsubscribe}</a> ${t.or} <a href="{{links.preferencesUrl}}" style="color:#555555">${t.preferences}</a>.</mj-text></mj-column></mj-section>`;
}

/** The same for the plain-text alternative. */
export function emailFooterText(language: Language): string {
  const t = EMAIL_FOOTER[language];
  return `\n\n--\n${t.lead}\n${t.unsubscribe}: {{links.unsubscribeUrl}}\n${capitalise(t.preferences)}: {{links.preferencesUrl}}\n`;
}

/** Norwegian operators expect STOP/STOPP; the SMS webhook honours both. */
export const SMS_STOP_LINE: Record<Language, string> = {
  nb: "Svar STOPP for å melde deg av",
  nn: "Svar STOPP for å melda deg av",
  en: "Reply STOPP to unsubscribe",
};

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase("nb-NO") + s.slice(1);
}
