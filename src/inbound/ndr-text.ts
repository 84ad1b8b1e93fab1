// Non-delivery reports without a usable RFC 3464 part: Exchange/Outlook "Delivery has failed",
// qmail's "Hi. This is the qmail-send program", old Exim "Mail delivery failed", Postfix without
// a DSN part, and local variants. Text written for people is guessed at, so the rule is
// conservative: hard only for an address-dead enhanced code (5.1.1/2/3/6/10), or an SMTP 5xx
// beside words that unambiguously say the mailbox does not exist; any other bounce is soft.
import { collapse } from "./identifiers.ts";
import { findEnhancedCode, isAddressDead } from "./status.ts";

export interface BounceSignals {
  fromAddress: string;
  fromName: string;
  subject: string;
  /** Return-Path: <> (RFC 5321 4.5.5: bounces, but also RFC 3834 auto-replies, use the null sender). */
  emptyReturnPath: boolean;
  /** The message is a multipart/report of type delivery-status, or has such a part. */
  deliveryReport: boolean;
}

export interface NdrReading {
  verdict: "hard_bounce" | "soft_bounce";
  status: string | null;
  diagnostic: string | null;
}

const MAX_TEXT = 200_000;

const DAEMON_LOCAL_PART = /^(?:mailer-daemon|mail-daemon|mailerdaemon|postmaster)$/i;
const DAEMON_NAME = /mail delivery (?:system|subsystem|service)|mailer-daemon|microsoft outlook|microsoft exchange|postmaster/i;
const BOUNCE_SUBJECT =
  /undelivered mail|delivery status notification \((?:failure|delay)\)|undeliverable|mail delivery failed|failure notice|returned mail|delivery failure|delivery has failed|delayed mail|could not send message|mail system error|non-?delivery|kan ikke leveres|kunne ikke leveres|ikke levert|ikkje levert|unzustellbar/i;

/** Words every bounce format uses for "it did not arrive" (or "not yet"). */
const FAILURE_PHRASE =
  /could ?n[o']t be delivered|undeliverable|undelivered|delivery (?:has )?failed|delivery to the following recipients? failed|failed permanently|permanent (?:error|failure)|unable to deliver|not (?:be )?delivered|delivery incomplete|(?:is|been) delayed|still being retried|returned to sender|address(?:es)? failed|failure notice|kan ikke leveres|kunne ikke leveres|ikke levert|ikkje levert|levering mislyktes|unzustellbar/i;

/** Words that say the mailbox does not exist, and nothing weaker. */
const DEAD_PHRASE =
  /user unknown|unknown user|no such (?:user|mailbox|recipient)|unknown (?:recipient|mailbox)|(?:user|mailbox|recipient|account|address)(?: \S+){0,6} (?:does not|doesn't|did not) exist|(?:user|recipient|mailbox) not found|recip(?:ient)?notfound|no mailbox here by that name|(?:brukeren|mottakeren|adressen|postkassen|e-postadressen) finnes ikke|ukjent (?:mottaker|bruker)/i;

/** An SMTP reply code where MTAs write them: line start, after "said:", a quote, "#", "<<<". */
const SMTP_REPLY = /(?:^|[\s:'"(#<>[])([45][0-5]\d)(?=[ -]|$)/m;

/**
 * Where the returned copy of the original starts: codes and phrases after it are the member's
 * or ours, not the MTA's. Message-IDs and VERP addresses are still read from the whole text.
 */
const COPY_MARKER =
  /^[ \t]*(?:-+[ \t]*)?(?:below this line is a copy of the message|this is a copy of the (?:message|body of the message)|original message headers:|original message(?: follows)?[ \t]*-*[ \t]*$|return-path:|received:)/im;

/** Does the message look like a bounce? "strong" for a mailer's name or subject, "weak" for a null sender alone. */
export function bounceLook(signals: BounceSignals): "strong" | "weak" | null {
  const localPart = signals.fromAddress.split("@")[0] ?? "";
  if (signals.deliveryReport || DAEMON_LOCAL_PART.test(localPart) || DAEMON_NAME.test(signals.fromName) || BOUNCE_SUBJECT.test(signals.subject)) {
    return "strong";
  }
  return signals.emptyReturnPath ? "weak" : null;
}

/** The line of `text` around `index`, collapsed. */
function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index) + 1;
  const end = text.indexOf("\n", index);
  return collapse(text.slice(start, end === -1 ? undefined : end));
}

/**
 * Reads the human-readable text of a message that looks like a bounce. Null when nothing in it
 * (code, SMTP reply, failure words, bounce subject) says a delivery failed: a mailer's success or
 * informational notice is not a bounce.
 */
export function readNdrText(fullText: string, subject: string): NdrReading | null {
  const text = fullText.slice(0, MAX_TEXT);
  const copyAt = COPY_MARKER.exec(text)?.index;
  const region = copyAt === undefined ? text : text.slice(0, copyAt);
  const code = findEnhancedCode(region);
  const reply = SMTP_REPLY.exec(region);
  const failure = FAILURE_PHRASE.exec(region);
  if (code === null && reply === null && failure === null && !BOUNCE_SUBJECT.test(subject)) return null;

  const dead = DEAD_PHRASE.exec(region);
  const permanentReply = reply?.[1]?.startsWith("5") === true;
  const codeAllowsText = code === null || code === "5.0.0" || code === "5.1.0";
  const hard = (code !== null && isAddressDead(code)) || (dead !== null && permanentReply && codeAllowsText);

  const anchor = code !== null ? region.indexOf(code) : (reply?.index ?? dead?.index ?? failure?.index);
  const diagnostic = anchor === undefined ? null : lineAround(region, anchor) || null;
  return { verdict: hard ? "hard_bounce" : "soft_bounce", status: code, diagnostic };
}
