// The message that carries a fresh preference link (asked for with an old link). A `service`
// message: it goes to the address on file and carries no unsubscribe headers.
import type { Language } from "../members/fields.ts";

export interface FreshLinkMessage {
  subject: string;
  /** The email's paragraphs and its link, for the organisation's layout (src/templates/system-mail.ts). */
  lines: Array<string | { url: string }>;
  sms: string;
}

export function freshLinkMessage(lang: Language, firstName: string, url: string, days: number): FreshLinkMessage {
  const t = {
    nb: {
      subject: "Ny lenke til dine valg",
      hello: `Hei ${firstName},`,
      body: `her er en ny lenke der du kan velge hva du vil få fra oss. Den kan brukes i ${days} dager.`,
      ignore: "Har du ikke bedt om den, kan du se bort fra denne meldingen.",
    },
    nn: {
      subject: "Ny lenkje til vala dine",
      hello: `Hei ${firstName},`,
      body: `her er ei ny lenkje der du kan velje kva du vil få frå oss. Ho kan brukast i ${days} dagar.`,
      ignore: "Har du ikkje bede om ho, kan du sjå bort frå denne meldinga.",
    },
    en: {
      subject: "A fresh link to your choices",
      hello: `Hi ${firstName},`,
      body: `here is a fresh link where you can choose what you receive from us. It can be used for ${days} days.`,
      ignore: "If you did not ask for it, you can ignore this message.",
    },
  }[lang];
  return {
    subject: t.subject,
    lines: [t.hello, t.body, { url }, t.ignore],
    sms: `${t.hello} ${t.body} ${url}`,
  };
}
