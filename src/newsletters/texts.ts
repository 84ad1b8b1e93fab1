// What members read about newsletter subscriptions, in nb, nn and en: the subscribe form, the
// confirmation page and the confirmation email. The consent text (what a subscriber agrees to)
// is versioned by NEWSLETTER_CONSENT_TEXT_VERSION (src/consent/newsletters.ts): change the
// version whenever `consent` changes in substance.
export type NewsletterLang = "nb" | "nn" | "en";

export interface NewsletterTexts {
  subscribeTitle: (name: string) => string;
  consent: (name: string) => string;
  emailLabel: string;
  subscribeButton: string;
  /** Errors of the subscribe form's email field: said next to the field, never by colour alone. */
  emailMissing: string;
  emailMalformed: string;
  /** The same answer whether or not the address belongs to a member (the page reveals nothing). */
  checkYourEmail: (days: number) => string;
  confirmTitle: string;
  confirmQuestion: (name: string) => string;
  confirmButton: string;
  confirmed: (name: string) => string;
  alreadyConfirmed: (name: string) => string;
  expired: string;
  pendingHint: string;
  preferencesRequested: string;
  mailSubject: (name: string) => string;
  mailHello: (firstName: string) => string;
  mailBody: (name: string, days: number) => string;
  mailIgnore: string;
}

export const NEWSLETTER_TEXTS: Record<NewsletterLang, NewsletterTexts> = {
  nb: {
    subscribeTitle: (name) => `Meld deg på «${name}»`,
    consent: (name) =>
      `Jeg vil få nyhetsbrevet «${name}» på e-post. Du kan melde deg av når som helst, med lenken i hvert nyhetsbrev eller på siden for dine valg.`,
    emailLabel: "E-postadressen du er registrert med som medlem",
    subscribeButton: "Meld meg på",
    emailMissing: "Skriv inn e-postadressen din.",
    emailMalformed: "Skriv inn en hel e-postadresse, som navn@eksempel.no.",
    checkYourEmail: (days) =>
      `Takk! Er adressen registrert på et medlem, har vi sendt en e-post med en lenke for å bekrefte påmeldingen. Lenken gjelder i ${days} dager.`,
    confirmTitle: "Bekreft påmelding",
    confirmQuestion: (name) => `Vil du få nyhetsbrevet «${name}»?`,
    confirmButton: "Ja, meld meg på",
    confirmed: (name) => `Du er meldt på «${name}».`,
    alreadyConfirmed: (name) => `Påmeldingen til «${name}» er allerede bekreftet.`,
    expired: "Lenken er utløpt. Meld deg på igjen, så sender vi en ny.",
    pendingHint: "(venter på bekreftelse på e-post)",
    preferencesRequested: "Valgene dine er lagret. Vi har sendt en e-post for å bekrefte påmelding til nyhetsbrev.",
    mailSubject: (name) => `Bekreft påmelding til «${name}»`,
    mailHello: (firstName) => `Hei ${firstName},`,
    mailBody: (name, days) => `du har bedt om å få nyhetsbrevet «${name}». Bekreft påmeldingen med lenken under. Den gjelder i ${days} dager.`,
    mailIgnore: "Har du ikke bedt om dette, kan du se bort fra e-posten. Da blir du ikke meldt på.",
  },
  nn: {
    subscribeTitle: (name) => `Meld deg på «${name}»`,
    consent: (name) =>
      `Eg vil få nyheitsbrevet «${name}» på e-post. Du kan melde deg av når som helst, med lenkja i kvart nyheitsbrev eller på sida for vala dine.`,
    emailLabel: "E-postadressa du er registrert med som medlem",
    subscribeButton: "Meld meg på",
    emailMissing: "Skriv inn e-postadressa di.",
    emailMalformed: "Skriv inn ei heil e-postadresse, som namn@eksempel.no.",
    checkYourEmail: (days) =>
      `Takk! Er adressa registrert på eit medlem, har vi sendt ein e-post med ei lenkje for å stadfeste påmeldinga. Lenkja gjeld i ${days} dagar.`,
    confirmTitle: "Stadfest påmelding",
    confirmQuestion: (name) => `Vil du få nyheitsbrevet «${name}»?`,
    confirmButton: "Ja, meld meg på",
    confirmed: (name) => `Du er meld på «${name}».`,
    alreadyConfirmed: (name) => `Påmeldinga til «${name}» er allereie stadfesta.`,
    expired: "Lenkja har gått ut. Meld deg på igjen, så sender vi ei ny.",
    pendingHint: "(ventar på stadfesting på e-post)",
    preferencesRequested: "Vala dine er lagra. Vi har sendt ein e-post for å stadfeste påmelding til nyheitsbrev.",
    mailSubject: (name) => `Stadfest påmelding til «${name}»`,
    mailHello: (firstName) => `Hei ${firstName},`,
    mailBody: (name, days) => `du har bede om å få nyheitsbrevet «${name}». Stadfest påmeldinga med lenkja under. Ho gjeld i ${days} dagar.`,
    mailIgnore: "Har du ikkje bede om dette, kan du sjå bort frå e-posten. Då blir du ikkje meld på.",
  },
  en: {
    subscribeTitle: (name) => `Subscribe to “${name}”`,
    consent: (name) =>
      `I want to receive the newsletter “${name}” by email. You can unsubscribe at any time, with the link in every issue or on your choices page.`,
    emailLabel: "The email address you are registered with as a member",
    subscribeButton: "Subscribe",
    emailMissing: "Enter your email address.",
    emailMalformed: "Enter a whole email address, like name@example.com.",
    checkYourEmail: (days) =>
      `Thank you! If the address belongs to a member, we have sent an email with a link to confirm the subscription. The link is valid for ${days} days.`,
    confirmTitle: "Confirm subscription",
    confirmQuestion: (name) => `Do you want to receive the newsletter “${name}”?`,
    confirmButton: "Yes, subscribe me",
    confirmed: (name) => `You are subscribed to “${name}”.`,
    alreadyConfirmed: (name) => `Your subscription to “${name}” is confirmed already.`,
    expired: "This link has expired. Subscribe again and we will send a new one.",
    pendingHint: "(waiting for your confirmation by email)",
    preferencesRequested: "Your choices are saved. We have sent an email to confirm your newsletter subscription.",
    mailSubject: (name) => `Confirm your subscription to “${name}”`,
    mailHello: (firstName) => `Hi ${firstName},`,
    mailBody: (name, days) => `you asked to receive the newsletter “${name}”. Confirm with the link below. It is valid for ${days} days.`,
    mailIgnore: "If you did not ask for this, ignore this email: you will not be subscribed.",
  },
};

export function newsletterTextsFor(language: string | null | undefined): { lang: NewsletterLang; t: NewsletterTexts } {
  const lang: NewsletterLang = language === "nn" || language === "en" ? language : "nb";
  return { lang, t: NEWSLETTER_TEXTS[lang] };
}
