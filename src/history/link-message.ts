// The message that carries a link to the member's history ("what have you sent me?", asked for
// in the preference centre). A `service` message: it goes to the address on file and carries no
// unsubscribe headers.
import type { Language } from "../members/fields.ts";
import { HISTORY_LINK_HOURS } from "./links.ts";

export interface HistoryLinkMessage {
  subject: string;
  /** The email's paragraphs and its link, for the organisation's layout (src/templates/system-mail.ts). */
  lines: Array<string | { url: string }>;
  sms: string;
}

export function historyLinkMessage(lang: Language, firstName: string, url: string): HistoryLinkMessage {
  const hours = HISTORY_LINK_HOURS;
  const t = {
    nb: {
      subject: "Oversikt over det vi har sendt deg",
      hello: `Hei ${firstName},`,
      body: `du ba om en oversikt over alt vi har sendt deg. Lenken under virker i ${hours} timer.`,
      sms: `du ba om en oversikt over det vi har sendt deg. Lenken virker i ${hours} timer:`,
      ignore: "Har du ikke bedt om den, kan du se bort fra denne meldingen.",
    },
    nn: {
      subject: "Oversikt over det vi har sendt deg",
      hello: `Hei ${firstName},`,
      body: `du bad om ei oversikt over alt vi har sendt deg. Lenkja under verkar i ${hours} timar.`,
      sms: `du bad om ei oversikt over det vi har sendt deg. Lenkja verkar i ${hours} timar:`,
      ignore: "Har du ikkje bede om ho, kan du sjå bort frå denne meldinga.",
    },
    en: {
      subject: "An overview of what we have sent you",
      hello: `Hi ${firstName},`,
      body: `you asked for an overview of everything we have sent you. The link below works for ${hours} hours.`,
      sms: `you asked for an overview of what we have sent you. The link works for ${hours} hours:`,
      ignore: "If you did not ask for it, you can ignore this message.",
    },
  }[lang];
  return {
    subject: t.subject,
    lines: [t.hello, t.body, { url }, t.ignore],
    // The URL on a line of its own, so phones make it a link and no word sticks to it.
    sms: `${t.hello} ${t.sms}\n${url}\n${t.ignore}`,
  };
}
