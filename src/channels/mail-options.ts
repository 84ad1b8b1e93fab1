// What the SMTP and the outbox adapter share: turning an EmailMessage into nodemailer's mail
// options, the Message-ID rule and the DKIM settings.
import { randomUUID } from "node:crypto";
import type { EmailMessage } from "./types.ts";

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  /** PEM private key. */
  privateKey: string;
}

/**
 * Signed headers. Listed explicitly because RFC 8058 one-click unsubscribe is only honoured
 * when the DKIM signature covers both List-Unsubscribe and List-Unsubscribe-Post, and older
 * nodemailer default lists omit the latter.
 */
export const DKIM_HEADER_FIELDS = [
  "From", "Sender", "Reply-To", "Subject", "Date", "Message-ID", "To", "Cc", "MIME-Version",
  "Content-Type", "Content-Transfer-Encoding", "In-Reply-To", "References",
  "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
].join(":");

export function dkimOptions(dkim: DkimSettings) {
  return { ...dkim, headerFieldNames: DKIM_HEADER_FIELDS };
}

/** The domain part of an address like `Name <post@example.no>` (for generated Message-IDs). */
export function domainOf(address: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  return match?.[1] ?? "budstikke.invalid";
}

/** `<…@…>` form; a caller's id without brackets gets them, a missing one is generated. */
export function normaliseMessageId(messageId: string | undefined, domain: string): string {
  const id = messageId?.trim();
  if (!id) return `<${randomUUID()}@${domain}>`;
  return id.startsWith("<") && id.endsWith(">") ? id : `<${id}>`;
}

export function toMailOptions(message: EmailMessage, defaultFrom: string, messageId: string) {
  const from = message.from ?? defaultFrom;
  // `prepared: true` keeps header values byte-for-byte (no MIME word encoding or re-folding
  // surprises), which matters for List-Unsubscribe URLs that receivers parse strictly.
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([key, value]) => [key, { prepared: true, value }]),
  );
  return {
    from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId,
    headers,
    // Our content is Latin text: quoted-printable, decided here instead of by nodemailer scanning
    // every character of every message (a measurable share of the sender's CPU).
    textEncoding: "quoted-printable" as const,
    ...(message.envelopeFrom ? { envelope: { from: message.envelopeFrom, to: message.to } } : {}),
  };
}
