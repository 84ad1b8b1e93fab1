// Texts of the public pages in the member's language (nb, nn, en).
import { PURPOSE_LABELS } from "../consent/purpose-labels.ts";
import type { ChannelName, Purpose } from "../consent/purposes.ts";

export type Lang = "nb" | "nn" | "en";

export interface Texts {
  title: string;
  purposes: Record<Purpose, string>;
  channels: Record<ChannelName, string>;
  allPurposes: string;
  unsubscribeIntro: (what: string) => string;
  unsubscribeButton: string;
  unsubscribed: (what: string) => string;
  resubscribeButton: string;
  resubscribed: (what: string) => string;
  preferencesLink: string;
  preferencesTitle: string;
  preferencesIntro: string;
  objection: string;
  newslettersHeading: string;
  save: string;
  saved: string;
  serviceNote: string;
  notFound: string;
  onChannel: (channel: string) => string;
  /** An old link may opt out, not in. */
  linkTooOld: string;
  freshLinkButton: string;
  freshLinkSent: (days: number) => string;
  optInNeedsFreshLink: string;
  lockedHint: string;
  /** The frame of every member page (member-shell.ts). */
  skipLink: string;
  languageNav: string;
  orgNumber: string;
  emailLabel: string;
  phoneLabel: string;
  privacyLink: string;
  accessibilityLink: string;
  /** Starts the title of a page with an error, and each error message (not told by colour alone). */
  errorPrefix: string;
  unknownLanguage: string;
  back: string;
  notFoundHint: string;
  /** The preference centre's way to the art. 15 overview (the POST is /preferences/:token/history). */
  historyHeading: string;
  historyIntro: string;
  historyButton: string;
}

/** Each language named in itself: the switch shows these whatever language the page is in. */
export const LANGUAGE_NAMES: Record<Lang, string> = { nb: "Bokmål", nn: "Nynorsk", en: "English" };
export const LANGS: readonly Lang[] = ["nb", "nn", "en"];

export function isLang(value: unknown): value is Lang {
  return value === "nb" || value === "nn" || value === "en";
}

export const TEXTS: Record<Lang, Texts> = {
  nb: {
    title: "Avmelding",
    purposes: PURPOSE_LABELS.nb,
    channels: { email: "e-post", sms: "SMS", letter: "brev" },
    allPurposes: "alle utsendelser unntatt medlemsadministrasjon",
    unsubscribeIntro: (what) => `Vil du melde deg av ${what}?`,
    unsubscribeButton: "Meld meg av",
    unsubscribed: (what) => `Du er meldt av ${what}.`,
    resubscribeButton: "Angre – meld meg på igjen",
    resubscribed: (what) => `Du er meldt på ${what} igjen.`,
    preferencesLink: "Velg selv hva du vil få",
    preferencesTitle: "Dine valg",
    preferencesIntro: "Kryss av for det du vil få fra oss, og på hvilken måte.",
    objection: "Ikke kontakt meg om noe annet enn medlemskapet mitt",
    newslettersHeading: "Nyhetsbrev",
    save: "Lagre",
    saved: "Valgene dine er lagret.",
    serviceNote: "Meldinger om medlemskapet ditt, som kontingent, får du uansett.",
    notFound: "Siden finnes ikke.",
    onChannel: (c) => `på ${c}`,
    linkTooOld: "Denne lenken er for gammel til å melde deg på igjen eller oppheve en reservasjon. Du kan fortsatt melde deg av. Vil du endre noe annet, sender vi deg en ny lenke.",
    freshLinkButton: "Send meg en ny lenke",
    freshLinkSent: (days) => `Har vi en e-postadresse eller et mobilnummer til deg, er en ny lenke på vei dit. Den kan brukes i ${days} dager.`,
    optInNeedsFreshLink: "Avmeldingene dine er lagret. For å melde deg på igjen trenger du en ny lenke.",
    lockedHint: "(krever ny lenke)",
    skipLink: "Hopp til hovedinnholdet",
    languageNav: "Språk",
    orgNumber: "Org.nr.",
    emailLabel: "E-post",
    phoneLabel: "Telefon",
    privacyLink: "Personvernerklæring",
    accessibilityLink: "Tilgjengelighetserklæring",
    errorPrefix: "Feil",
    unknownLanguage: "Vi kjenner ikke det språket. Velg bokmål, nynorsk eller engelsk.",
    back: "Tilbake",
    notFoundHint: "Lenken kan være skrevet feil, eller den gjelder ikke lenger.",
    historyHeading: "Hva har dere sendt meg?",
    historyIntro: "Vi sender deg en lenke til en oversikt over alt vi har sendt deg. Lenken går til e-postadressen eller mobilnummeret vi har registrert, og virker i 24 timer.",
    historyButton: "Send meg oversikten",
  },
  nn: {
    title: "Avmelding",
    purposes: PURPOSE_LABELS.nn,
    channels: { email: "e-post", sms: "SMS", letter: "brev" },
    allPurposes: "alle utsendingar unnateke medlemsadministrasjon",
    unsubscribeIntro: (what) => `Vil du melde deg av ${what}?`,
    unsubscribeButton: "Meld meg av",
    unsubscribed: (what) => `Du er meld av ${what}.`,
    resubscribeButton: "Angre – meld meg på igjen",
    resubscribed: (what) => `Du er meld på ${what} igjen.`,
    preferencesLink: "Vel sjølv kva du vil få",
    preferencesTitle: "Vala dine",
    preferencesIntro: "Kryss av for det du vil få frå oss, og på kva måte.",
    objection: "Ikkje kontakt meg om noko anna enn medlemskapet mitt",
    newslettersHeading: "Nyheitsbrev",
    save: "Lagre",
    saved: "Vala dine er lagra.",
    serviceNote: "Meldingar om medlemskapet ditt, som kontingent, får du uansett.",
    notFound: "Sida finst ikkje.",
    onChannel: (c) => `på ${c}`,
    linkTooOld: "Denne lenkja er for gammal til å melde deg på igjen eller oppheve ei reservasjon. Du kan framleis melde deg av. Vil du endre noko anna, sender vi deg ei ny lenkje.",
    freshLinkButton: "Send meg ei ny lenkje",
    freshLinkSent: (days) => `Har vi ei e-postadresse eller eit mobilnummer til deg, er ei ny lenkje på veg dit. Ho kan brukast i ${days} dagar.`,
    optInNeedsFreshLink: "Avmeldingane dine er lagra. For å melde deg på igjen treng du ei ny lenkje.",
    lockedHint: "(krev ny lenkje)",
    skipLink: "Hopp til hovudinnhaldet",
    languageNav: "Språk",
    orgNumber: "Org.nr.",
    emailLabel: "E-post",
    phoneLabel: "Telefon",
    privacyLink: "Personvernerklæring",
    accessibilityLink: "Tilgjengelegheitserklæring",
    errorPrefix: "Feil",
    unknownLanguage: "Vi kjenner ikkje det språket. Vel bokmål, nynorsk eller engelsk.",
    back: "Tilbake",
    notFoundHint: "Lenkja kan vere skriven feil, eller ho gjeld ikkje lenger.",
    historyHeading: "Kva har de sendt meg?",
    historyIntro: "Vi sender deg ei lenkje til ei oversikt over alt vi har sendt deg. Lenkja går til e-postadressa eller mobilnummeret vi har registrert, og verkar i 24 timar.",
    historyButton: "Send meg oversikta",
  },
  en: {
    title: "Unsubscribe",
    purposes: PURPOSE_LABELS.en,
    channels: { email: "email", sms: "SMS", letter: "letter" },
    allPurposes: "everything except membership administration",
    unsubscribeIntro: (what) => `Do you want to unsubscribe from ${what}?`,
    unsubscribeButton: "Unsubscribe",
    unsubscribed: (what) => `You are unsubscribed from ${what}.`,
    resubscribeButton: "Undo – subscribe me again",
    resubscribed: (what) => `You are subscribed to ${what} again.`,
    preferencesLink: "Choose what you receive",
    preferencesTitle: "Your choices",
    preferencesIntro: "Tick what you want to receive from us, and how.",
    objection: "Do not contact me about anything but my membership",
    newslettersHeading: "Newsletters",
    save: "Save",
    saved: "Your choices are saved.",
    serviceNote: "Messages about your membership, such as dues, are always sent.",
    notFound: "Page not found.",
    onChannel: (c) => `by ${c}`,
    linkTooOld: "This link is too old to subscribe you again or lift an objection. You can still unsubscribe. To change anything else, we will send you a fresh link.",
    freshLinkButton: "Send me a fresh link",
    freshLinkSent: (days) => `If we have an email address or mobile number for you, a fresh link is on its way there. It can be used for ${days} days.`,
    optInNeedsFreshLink: "Your unsubscriptions are saved. To subscribe again you need a fresh link.",
    lockedHint: "(needs a fresh link)",
    skipLink: "Skip to main content",
    languageNav: "Language",
    orgNumber: "Org. no.",
    emailLabel: "Email",
    phoneLabel: "Phone",
    privacyLink: "Privacy statement",
    accessibilityLink: "Accessibility statement",
    errorPrefix: "Error",
    unknownLanguage: "We do not know that language. Choose Bokmål, Nynorsk or English.",
    back: "Back",
    notFoundHint: "The link may be mistyped, or it is no longer valid.",
    historyHeading: "What have you sent me?",
    historyIntro: "We will send you a link to an overview of everything we have sent you. The link goes to the email address or mobile number we have on file, and works for 24 hours.",
    historyButton: "Send me the overview",
  },
};

export function textsFor(language: string | null | undefined): { lang: Lang; t: Texts } {
  const lang: Lang = isLang(language) ? language : "nb";
  return { lang, t: TEXTS[lang] };
}
