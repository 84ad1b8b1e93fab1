// RFC 2369 / RFC 8058 unsubscribe headers for every email. The https URI carries everything
// the one-click POST needs (no cookies, no login). The mailto: alternative is
// UNSUBSCRIBE_MAILTO when set, else unsubscribe@<domain of MAIL_FROM>; the token goes in the
// subject so a mailbox rule or a person can act on it. The sender must DKIM-sign both
// headers (nodemailer: pass them in `headerFieldNames`).
import type { Config } from "../config.ts";
import { linksFor } from "./tokens.ts";

export interface ListUnsubscribeHeaders {
  "List-Unsubscribe": string;
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click";
}

/** The headers for a message whose unsubscribe token is already signed (the one its body links use). */
export function listUnsubscribeHeaders(config: Pick<Config, "PUBLIC_URL" | "MAIL_FROM" | "UNSUBSCRIBE_MAILTO">, token: string): ListUnsubscribeHeaders {
  const { unsubscribeUrl } = linksFor(config.PUBLIC_URL, token);
  const mailto = unsubscribeMailbox(config);
  const subject = encodeURIComponent(`unsubscribe ${token}`);
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>, <mailto:${mailto}?subject=${subject}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** UNSUBSCRIBE_MAILTO, or unsubscribe@ the domain of MAIL_FROM ("Name <a@b.no>" or "a@b.no"). */
export function unsubscribeMailbox(config: Pick<Config, "MAIL_FROM" | "UNSUBSCRIBE_MAILTO">): string {
  if (config.UNSUBSCRIBE_MAILTO) return config.UNSUBSCRIBE_MAILTO;
  const address = /<([^>]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM;
  const domain = address.split("@")[1]?.trim();
  if (!domain) throw new Error("MAIL_FROM has no domain to derive the unsubscribe mailbox from; set UNSUBSCRIBE_MAILTO");
  return `unsubscribe@${domain}`;
}
