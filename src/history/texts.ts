// Texts of the member's history page, its request and expiry pages, and its CSV download, in
// the member's language. Purpose and channel names come from the public pages' TEXTS.
import { assertNever } from "../assert.ts";
import { isPurpose, type ConsentSource } from "../consent/purposes.ts";
import type { HistoryEntry, LawfulBasis } from "../contracts/history.ts";
import { TEXTS, type Lang, type Texts } from "../http/i18n.ts";

type Choice = HistoryEntry["consent"]["choice"];

export interface HistoryTexts {
  /** The Intl locale dates are written in. */
  locale: string;
  /** Purpose and channel names of the public pages. */
  common: Pick<Texts, "purposes" | "channels">;
  title: string;
  intro: string;
  empty: string;
  retention: (days: number) => string;
  validUntil: (when: string) => string;
  downloadHeading: string;
  downloadCsv: string;
  downloadJson: string;
  labels: { at: string; channel: string; purpose: string; status: string; why: string; basis: string; consent: string };
  statuses: Record<string, string>;
  audience: { segment: (name: string) => string; rules: string; list: string; newsletter: (name: string) => string };
  basesHeading: string;
  bases: Record<LawfulBasis, string>;
  choices: Record<Choice, string>;
  /** "since 6 December 2026 at 13:00 (preference centre)". */
  since: (when: string, source: string) => string;
  sources: Record<ConsentSource, string>;
  requested: string;
  expiredTitle: string;
  expired: string;
}

const nb: HistoryTexts = {
  locale: "nb-NO",
  common: TEXTS.nb,
  title: "Hva vi har sendt deg",
  intro: "Her er alle meldingene vi har sendt deg, med hvorfor du fikk dem og hva du hadde valgt da de ble sendt.",
  empty: "Vi har ikke sendt deg noen meldinger i denne perioden.",
  retention: (days) => `Vi sletter opplysninger om hver enkelt utsendelse etter ${days} dager. Eldre meldinger står derfor ikke her.`,
  validUntil: (when) => `Lenken til denne siden virker til ${when}.`,
  downloadHeading: "Last ned oversikten",
  downloadCsv: "Last ned som CSV (regneark)",
  downloadJson: "Last ned som JSON",
  labels: { at: "Sendt", channel: "Kanal", purpose: "Formål", status: "Status", why: "Hvorfor du fikk den", basis: "Grunnlag", consent: "Valget ditt da" },
  statuses: { sent: "sendt", delivered: "levert", bounced: "kom i retur" },
  audience: {
    segment: (name) => `Du var med i utvalget «${name}».`,
    rules: "Du passet med utvalgsreglene for utsendelsen.",
    list: "Du stod på en liste over mottakere som ble lastet opp.",
    newsletter: (name) => `Du abonnerer på nyhetsbrevet «${name}».`,
  },
  basesHeading: "Hva gir oss rett til å sende dette?",
  bases: { membership: "Medlemskapet ditt", legitimate_interest: "Berettiget interesse", consent: "Samtykke" },
  choices: {
    not_applicable: "Gjelder ikke: meldinger om medlemskapet kan ikke velges bort",
    no_choice: "Du hadde ikke gjort noe valg",
    opted_in: "Ja",
    opted_out: "Meldt av",
    objected: "Reservert mot alt annet enn medlemskapet",
  },
  since: (when, source) => `siden ${when} (${source})`,
  sources: {
    unsubscribe_link: "avmeldingslenke", one_click: "avmelding i e-postprogrammet", preference_centre: "Dine valg", sms_stop: "STOPP på SMS",
    staff: "registrert av forbundet", import: "medlemsregisteret", complaint: "klage på e-post", mailto: "avmelding på e-post", subscribe_form: "påmeldingsskjema",
  },
  requested: "Har vi en e-postadresse eller et mobilnummer til deg, er en lenke til oversikten på vei dit. Den virker i 24 timer.",
  expiredTitle: "Lenken er utløpt",
  expired: "Lenker til oversikten virker i 24 timer. Be om en ny på siden «Dine valg»: lenken dit står nederst i e-postene fra oss.",
};

const nn: HistoryTexts = {
  locale: "nn-NO",
  common: TEXTS.nn,
  title: "Kva vi har sendt deg",
  intro: "Her er alle meldingane vi har sendt deg, med kvifor du fekk dei og kva du hadde valt då dei vart sende.",
  empty: "Vi har ikkje sendt deg nokon meldingar i denne perioden.",
  retention: (days) => `Vi slettar opplysningar om kvar einskild utsending etter ${days} dagar. Eldre meldingar står difor ikkje her.`,
  validUntil: (when) => `Lenkja til denne sida verkar til ${when}.`,
  downloadHeading: "Last ned oversikta",
  downloadCsv: "Last ned som CSV (rekneark)",
  downloadJson: "Last ned som JSON",
  labels: { at: "Sendt", channel: "Kanal", purpose: "Føremål", status: "Status", why: "Kvifor du fekk ho", basis: "Grunnlag", consent: "Valet ditt då" },
  statuses: { sent: "sendt", delivered: "levert", bounced: "kom i retur" },
  audience: {
    segment: (name) => `Du var med i utvalet «${name}».`,
    rules: "Du passa med utvalsreglane for utsendinga.",
    list: "Du stod på ei liste over mottakarar som vart lasta opp.",
    newsletter: (name) => `Du abonnerer på nyheitsbrevet «${name}».`,
  },
  basesHeading: "Kva gjev oss rett til å sende dette?",
  bases: { membership: "Medlemskapet ditt", legitimate_interest: "Berettiga interesse", consent: "Samtykke" },
  choices: {
    not_applicable: "Gjeld ikkje: meldingar om medlemskapet kan ikkje veljast bort",
    no_choice: "Du hadde ikkje gjort noko val",
    opted_in: "Ja",
    opted_out: "Meld av",
    objected: "Reservert mot alt anna enn medlemskapet",
  },
  since: (when, source) => `sidan ${when} (${source})`,
  sources: {
    unsubscribe_link: "avmeldingslenkje", one_click: "avmelding i e-postprogrammet", preference_centre: "Vala dine", sms_stop: "STOPP på SMS",
    staff: "registrert av forbundet", import: "medlemsregisteret", complaint: "klage på e-post", mailto: "avmelding på e-post", subscribe_form: "påmeldingsskjema",
  },
  requested: "Har vi ei e-postadresse eller eit mobilnummer til deg, er ei lenkje til oversikta på veg dit. Ho verkar i 24 timar.",
  expiredTitle: "Lenkja har gått ut",
  expired: "Lenkjer til oversikta verkar i 24 timar. Be om ei ny på sida «Vala dine»: lenkja dit står nedst i e-postane frå oss.",
};

const en: HistoryTexts = {
  locale: "en-GB",
  common: TEXTS.en,
  title: "What we have sent you",
  intro: "These are all the messages we have sent you, with why you got them and what you had chosen when they were sent.",
  empty: "We have not sent you any messages in this period.",
  retention: (days) => `We delete the record of each message after ${days} days, so older messages are not listed here.`,
  validUntil: (when) => `The link to this page works until ${when}.`,
  downloadHeading: "Download the overview",
  downloadCsv: "Download as CSV (spreadsheet)",
  downloadJson: "Download as JSON",
  labels: { at: "Sent", channel: "Channel", purpose: "Purpose", status: "Status", why: "Why you got it", basis: "Basis", consent: "Your choice then" },
  statuses: { sent: "sent", delivered: "delivered", bounced: "bounced" },
  audience: {
    segment: (name) => `You were in the segment “${name}”.`,
    rules: "You matched the selection rules of the mailing.",
    list: "You were on an uploaded list of recipients.",
    newsletter: (name) => `You subscribe to the newsletter “${name}”.`,
  },
  basesHeading: "What entitles us to send this?",
  bases: { membership: "Your membership", legitimate_interest: "Legitimate interest", consent: "Consent" },
  choices: {
    not_applicable: "Not applicable: messages about your membership cannot be refused",
    no_choice: "You had not made a choice",
    opted_in: "Yes",
    opted_out: "Unsubscribed",
    objected: "Objected to everything but your membership",
  },
  since: (when, source) => `since ${when} (${source})`,
  sources: {
    unsubscribe_link: "unsubscribe link", one_click: "unsubscribe in your email program", preference_centre: "Your choices", sms_stop: "STOP by SMS",
    staff: "recorded by the union", import: "the member registry", complaint: "email complaint", mailto: "unsubscribe by email", subscribe_form: "subscribe form",
  },
  requested: "If we have an email address or mobile number for you, a link to the overview is on its way there. It works for 24 hours.",
  expiredTitle: "The link has expired",
  expired: "Links to the overview work for 24 hours. Ask for a new one on the “Your choices” page: the link to it is at the bottom of our emails.",
};

export const HISTORY_TEXTS: Record<Lang, HistoryTexts> = { nb, nn, en };

/** Europe/Oslo date and time in the page language, e.g. "6. desember 2026 kl. 13:00". */
export function osloDateTime(t: HistoryTexts, at: Date | string): string {
  return new Intl.DateTimeFormat(t.locale, { timeZone: "Europe/Oslo", dateStyle: "long", timeStyle: "short" }).format(new Date(at));
}

/** One sentence: why the member got the message (the audience). */
export function whyText(t: HistoryTexts, why: HistoryEntry["why"]): string {
  switch (why.audience) {
    case "segment":
      return t.audience.segment(why.segmentName ?? "");
    case "newsletter":
      return t.audience.newsletter(why.newsletterName ?? "");
    case "list":
      return t.audience.list;
    case "rules":
      return t.audience.rules;
    default:
      return assertNever(why.audience);
  }
}

/** "Medlemskapet ditt (GDPR art. 6(1)(b) and 9(2)(d))". */
export function basisText(t: HistoryTexts, why: HistoryEntry["why"]): string {
  return `${t.bases[why.lawfulBasis]} (${why.legalReference})`;
}

/** The choice, with when and how it was made. */
export function consentText(t: HistoryTexts, consent: HistoryEntry["consent"]): string {
  const choice = t.choices[consent.choice];
  if (!consent.since) return choice;
  const source = t.sources[consent.source as ConsentSource] ?? consent.source ?? "";
  return `${choice}, ${t.since(osloDateTime(t, consent.since), source)}`;
}

export const statusText = (t: HistoryTexts, status: string) => t.statuses[status] ?? status;

export const purposeText = (t: HistoryTexts, purpose: string) => (isPurpose(purpose) ? t.common.purposes[purpose] : purpose);
