// Why the union may send a purpose at all: the lawful basis under GDPR art. 6 (and, because
// membership of a union is special-category data, art. 9), with the legal reference and one
// sentence a member can read. The member's history page, its downloads and the staff member page
// all explain a message with this one table.
import { assertNever } from "../assert.ts";
import type { Purpose } from "../consent/purposes.ts";
import type { LawfulBasis } from "../contracts/history.ts";
import type { Lang } from "../http/i18n.ts";

export interface PurposeBasis {
  basis: LawfulBasis;
  /** E.g. "GDPR art. 6(1)(f) and 9(2)(d)" (the same in every language, as the regulation cites itself). */
  legalReference: string;
  /** One sentence per language saying what the basis means for this purpose. */
  explanation: Record<Lang, string>;
}

const MEMBERSHIP: PurposeBasis = {
  basis: "membership",
  legalReference: "GDPR art. 6(1)(b) and 9(2)(d)",
  explanation: {
    nb: "Vi trenger dette for å oppfylle medlemskapet ditt (for eksempel kontingent og medlemsopplysninger), og som fagforening kan vi behandle opplysninger om medlemmene våre.",
    nn: "Vi treng dette for å oppfylle medlemskapet ditt (til dømes kontingent og medlemsopplysningar), og som fagforeining kan vi behandle opplysningar om medlemmene våre.",
    en: "We need this to fulfil your membership (such as dues and membership details), and as a trade union we may process data about our members.",
  },
};

const UNION_ACTIVITY: PurposeBasis = {
  basis: "legitimate_interest",
  legalReference: "GDPR art. 6(1)(f) and 9(2)(d)",
  explanation: {
    nb: "Det er en del av forbundets berettigede virksomhet overfor medlemmene. Du kan når som helst reservere deg eller melde deg av.",
    nn: "Det er ein del av forbundet si berettiga verksemd overfor medlemmene. Du kan når som helst reservere deg eller melde deg av.",
    en: "It is part of the union's legitimate activities towards its members. You can object or unsubscribe at any time.",
  },
};

const MARKETING: PurposeBasis = {
  basis: "legitimate_interest",
  legalReference: "GDPR art. 6(1)(f) and 9(2)(d)",
  explanation: {
    nb: "Kampanjer og medlemsfordeler sender vi til medlemmer som en del av forbundets berettigede virksomhet. Hver melding har en lenke der du kan melde deg av, gratis (markedsføringsloven § 15).",
    nn: "Kampanjar og medlemsfordelar sender vi til medlemmer som ein del av forbundet si berettiga verksemd. Kvar melding har ei lenkje der du kan melde deg av, gratis (marknadsføringslova § 15).",
    en: "We send campaigns and member benefits to members as part of the union's legitimate activities. Every message has a link to unsubscribe, free of charge (Norwegian Marketing Control Act § 15).",
  },
};

const CONSENT: PurposeBasis = {
  basis: "consent",
  legalReference: "GDPR art. 6(1)(a) and 9(2)(a)",
  explanation: {
    nb: "Du har selv meldt deg på og bekreftet påmeldingen fra e-posten vi sendte deg. Du kan trekke samtykket når som helst.",
    nn: "Du har sjølv meldt deg på og stadfesta påmeldinga frå e-posten vi sende deg. Du kan trekkje samtykket når som helst.",
    en: "You subscribed yourself and confirmed it from the email we sent you. You can withdraw your consent at any time.",
  },
};

export function lawfulBasisOf(purpose: Purpose): PurposeBasis {
  switch (purpose) {
    case "service":
      return MEMBERSHIP;
    case "bargaining":
    case "information":
    case "survey":
    case "course":
      return UNION_ACTIVITY;
    case "campaign":
      return MARKETING;
    case "newsletter":
      return CONSENT;
    default:
      return assertNever(purpose);
  }
}
