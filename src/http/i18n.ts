// Texts of the public pages in the member's language (nb, nn, en).
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
}

export const TEXTS: Record<Lang, Texts> = {
  nb: {
    title: "Avmelding",
    purposes: {
      service: "medlemsadministrasjon", bargaining: "tariffoppgjør og uravstemninger", information: "informasjon fra forbundet",
      campaign: "kampanjer og medlemsfordeler", survey: "medlemsundersøkelser", course: "kurs og arrangementer", newsletter: "nyhetsbrev",
    },
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
  },
  nn: {
    title: "Avmelding",
    purposes: {
      service: "medlemsadministrasjon", bargaining: "tariffoppgjer og uravstemningar", information: "informasjon frå forbundet",
      campaign: "kampanjar og medlemsfordelar", survey: "medlemsundersøkingar", course: "kurs og arrangement", newsletter: "nyheitsbrev",
    },
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
  },
  en: {
    title: "Unsubscribe",
    purposes: {
      service: "membership administration", bargaining: "pay settlements and ballots", information: "union information",
      campaign: "campaigns and member benefits", survey: "member surveys", course: "courses and events", newsletter: "newsletter",
    },
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
  },
};

export function textsFor(language: string | null | undefined): { lang: Lang; t: Texts } {
  const lang: Lang = language === "nn" || language === "en" ? language : "nb";
  return { lang, t: TEXTS[lang] };
}
