// Real-looking inbound reports for real deliveries: what end-to-end tests mail to the bounce and
// unsubscribe mailboxes. Shapes follow RFC 3464 (DSN, as Postfix writes it), RFC 5965 (ARF, as
// Yahoo writes it), RFC 3834 (auto-replies) and RFC 2369 mailto: unsubscribes. CRLF line endings,
// as on the wire; each message gets a unique Message-ID unless one is given.
import { randomUUID } from "node:crypto";

const CRLF = "\r\n";

function uniqueMessageId(kind: string): string {
  return `<${kind}.${randomUUID()}@mx.example.com>`;
}

function message(lines: readonly string[]): string {
  return lines.join(CRLF).replace(/\r?\n/g, CRLF);
}

export interface DsnOptions {
  /** Where the DSN is mailed: the original's envelope sender (our VERP return path) or any address. */
  to: string;
  /** The Message-ID of the message that bounced, with angle brackets. */
  originalMessageId: string;
  /** The member's address the original was sent to. */
  recipient: string;
  action: "failed" | "delayed";
  /** The RFC 3463 status, e.g. "5.1.1". */
  status: string;
  /** The Diagnostic-Code text after "smtp; ". @defaultValue an SMTP reply built from `status` */
  diagnostic?: string;
  /** The DSN's own Message-ID. @defaultValue a unique one */
  messageId?: string;
}

/** A Postfix-style RFC 3464 report with the original's headers as text/rfc822-headers. */
export function dsnFor(options: DsnOptions): string {
  const { to, originalMessageId, recipient, action, status } = options;
  const permanent = status.startsWith("5.");
  const reason = status === "5.1.1" ? "Recipient address rejected: User unknown" : "Delivery failed";
  const diagnostic = options.diagnostic ?? `${permanent ? "550" : "451"} ${status} <${recipient}>: ${reason}`;
  const boundary = `dsn-${randomUUID()}`;
  const date = new Date().toUTCString();
  return message([
    "Return-Path: <>",
    `Date: ${date}`,
    "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)",
    `Subject: ${action === "failed" ? "Undelivered Mail Returned to Sender" : "Delayed Mail (still being retried)"}`,
    `To: ${to}`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    `Message-ID: ${options.messageId ?? uniqueMessageId("dsn")}`,
    "",
    "This is a MIME-encapsulated message.",
    "",
    `--${boundary}`,
    "Content-Description: Notification",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is the mail system at host mx.example.com.",
    "",
    action === "failed" ? "Your message could not be delivered to one or more recipients." : "Your message could not be delivered for more than 4 hour(s).",
    "",
    `<${recipient}>: ${diagnostic}`,
    "",
    `--${boundary}`,
    "Content-Description: Delivery report",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.com",
    `Arrival-Date: ${date}`,
    "",
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822;${recipient}`,
    `Action: ${action}`,
    `Status: ${status}`,
    "Remote-MTA: dns; mail.example.com",
    `Diagnostic-Code: smtp; ${diagnostic}`,
    ...(action === "delayed" ? [`Will-Retry-Until: ${new Date(Date.now() + 5 * 86_400_000).toUTCString()}`] : []),
    "",
    `--${boundary}`,
    "Content-Description: Undelivered Message Headers",
    "Content-Type: text/rfc822-headers",
    "",
    `Return-Path: <${to}>`,
    "From: NTL <post@ntl.example.no>",
    `To: ${recipient}`,
    "Subject: Nyhetsbrev",
    `Message-ID: ${originalMessageId}`,
    `Date: ${date}`,
    "",
    `--${boundary}--`,
    "",
  ]);
}

export interface ArfOptions {
  /** Where the feedback loop mails its reports. */
  to: string;
  originalMessageId: string;
  /** The member who pressed "this is spam" (Original-Rcpt-To and the original's To). */
  recipient: string;
  /** The original's Return-Path (our VERP address). @defaultValue `to` */
  returnPath?: string;
  /** @defaultValue a unique one */
  messageId?: string;
  /** @defaultValue "abuse" */
  feedbackType?: string;
}

/** A Yahoo-style RFC 5965 abuse report carrying the original message, headers included. */
export function arfFor(options: ArfOptions): string {
  const { to, originalMessageId, recipient } = options;
  const returnPath = options.returnPath ?? to;
  const boundary = `arf-${randomUUID()}`;
  const date = new Date().toUTCString();
  return message([
    "Return-Path: <>",
    "From: staff@feedback.example.com",
    `To: ${to}`,
    "Subject: FW: Nyhetsbrev",
    `Date: ${date}`,
    `Message-ID: ${options.messageId ?? uniqueMessageId("arf")}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is an email abuse report for an email message received from IP 203.0.113.10.",
    "",
    `--${boundary}`,
    "Content-Type: message/feedback-report",
    "",
    `Feedback-Type: ${options.feedbackType ?? "abuse"}`,
    "User-Agent: ExampleFBL/1.0",
    "Version: 1",
    `Original-Mail-From: <${returnPath}>`,
    `Original-Rcpt-To: ${recipient}`,
    `Arrival-Date: ${date}`,
    "Source-IP: 203.0.113.10",
    "Reported-Domain: ntl.example.no",
    "",
    `--${boundary}`,
    "Content-Type: message/rfc822",
    "Content-Disposition: inline",
    "",
    `Return-Path: <${returnPath}>`,
    "From: NTL <post@ntl.example.no>",
    `To: ${recipient}`,
    "Subject: Nyhetsbrev",
    `Message-ID: ${originalMessageId}`,
    `Date: ${date}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hei, her er nyhetsbrevet.",
    "",
    `--${boundary}--`,
    "",
  ]);
}

export interface AutoReplyOptions {
  /** Where the auto-responder answers: our VERP return path or the From address. */
  to: string;
  /** The Message-ID of the message being answered. */
  inReplyTo: string;
  /** @defaultValue a unique one */
  messageId?: string;
  /** @defaultValue "Kari Nordmann <kari.nordmann@example.com>" */
  from?: string;
}

/** An RFC 3834 out-of-office answer (Auto-Submitted: auto-replied, null sender). */
export function autoReplyFor(options: AutoReplyOptions): string {
  return message([
    "Return-Path: <>",
    `From: ${options.from ?? "Kari Nordmann <kari.nordmann@example.com>"}`,
    `To: ${options.to}`,
    "Subject: Automatisk svar: Nyhetsbrev",
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${options.messageId ?? uniqueMessageId("ooo")}`,
    `In-Reply-To: ${options.inReplyTo}`,
    `References: ${options.inReplyTo}`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "Jeg er på ferie og leser ikke e-post før mandag.",
    "",
  ]);
}

export interface UnsubscribeMailOptions {
  /** The unsubscribe mailbox (the List-Unsubscribe mailto: address). */
  to: string;
  /** The List-Unsubscribe token; without it the mail only asks to be removed. */
  token?: string;
  /** Put the token in the body instead of the subject (someone writing by hand). */
  inBody?: boolean;
  /** @defaultValue a unique one */
  messageId?: string;
  /** @defaultValue "Kari Nordmann <kari.nordmann@example.com>" */
  from?: string;
}

/** What a mail client sends for a List-Unsubscribe mailto: URI (RFC 2369), or a hand-written variant. */
export function unsubscribeMailFor(options: UnsubscribeMailOptions): string {
  const { token, inBody = false } = options;
  const subject = token !== undefined && !inBody ? `unsubscribe ${token}` : "Avmelding";
  const body = token !== undefined && inBody ? `Meld meg av, takk.${CRLF}${CRLF}unsubscribe ${token}` : "Meld meg av, takk.";
  return message([
    `From: ${options.from ?? "Kari Nordmann <kari.nordmann@example.com>"}`,
    `To: ${options.to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${options.messageId ?? uniqueMessageId("unsub")}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ]);
}
