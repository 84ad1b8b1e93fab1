// The one small interface every delivery channel implements (listmonk's Messenger, Dittofeed's
// adapters). Channels know nothing about campaigns, members or consent: they get a message with
// exactly what the provider needs and say how it went. GDPR art. 9: every provider that sees a
// recipient learns about union membership, so messages carry the address and the content, never
// member ids, names for their own sake, or segment information.

import type { ChannelName } from "./names.ts";

export type { ChannelName } from "./names.ts";

/** What a provider said, classified so the caller can decide without knowing the provider. */
export type SendOutcome = { ok: true; providerId: string } | { ok: false; failure: SendFailure };

export interface SendFailure {
  /**
   * - `retryable`: nothing was delivered and trying again later may work (SMTP 4xx, connection
   *   refused, provider 5xx). Retried with backoff, at most MAX_ATTEMPTS times.
   * - `uncertain`: the provider may have the message: the connection broke or timed out after the
   *   message was handed over and before the answer. Retried only where a re-send is recognisable
   *   (email keeps its Message-ID); SMS fails with `outcome_unknown` (see the channel registry).
   * - `permanent`: this recipient will not work (SMTP 5.1.x at RCPT TO, invalid number, STOP).
   * - `rate_limited`: the provider asked us to slow down (Twilio 429, SMTP 421/450/451 4.7.x):
   *   the whole channel backs off and no attempt is counted.
   * - `sender_refused`: the provider refused *us* (our sender address, login or account: SMTP
   *   5xx at MAIL FROM or DATA, 5.1.7/5.1.8, a rejected login, Twilio 401/403): no recipient is
   *   at fault, nothing is suppressed, and the campaign pauses itself with the reason.
   */
  kind: "retryable" | "uncertain" | "permanent" | "rate_limited" | "sender_refused";
  /** Stable, machine-readable: `smtp_550_5.1.1`, `ECONNREFUSED`, `twilio_21610`, `http_429`. */
  code: string;
  /** Human-readable provider answer with e-mail addresses and phone numbers scrubbed out. */
  message: string;
  /** Add the address to the suppression list: a hard bounce (5.1.x at RCPT TO) or an SMS STOP (21610). */
  suppress?: "hard_bounce" | "sms_stop";
  /** The address itself is unusable (not a valid/mobile number, malformed e-mail address). */
  invalidAddress?: boolean;
  /** With `rate_limited`: how long the provider asked us to wait (from Retry-After), if it said. */
  retryAfterMs?: number;
}

export interface EmailMessage {
  /** One recipient per message: bounces and unsubscribe links are per person. */
  to: string;
  /** Defaults to the channel's MAIL_FROM. */
  from?: string;
  subject: string;
  html: string;
  text: string;
  /**
   * Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). They are
   * written as given (not MIME-encoded), so values must be ASCII.
   */
  headers: Record<string, string>;
  /**
   * The Message-ID (`<local@domain>`; brackets are added if missing). Give a unique one per
   * delivery so a bounce can be traced back; generated when absent. Returned as `providerId`.
   */
  messageId?: string;
  /** SMTP envelope sender (Return-Path), e.g. a VERP address for bounce handling. */
  envelopeFrom?: string;
}

export interface SmsMessage {
  /** E.164, e.g. `+4791234567`. */
  to: string;
  body: string;
  /** Absolute URL the provider POSTs status updates to (`${PUBLIC_URL}/webhooks/twilio/status`). */
  statusCallback?: string;
}

/** The message type of each channel that sends one message at a time. */
export interface ChannelMessages {
  email: EmailMessage;
  sms: SmsMessage;
}

/** A message with the channel it goes out on: what the channel registry's send() takes. */
export type OutgoingMessage = { [C in keyof ChannelMessages]: { channel: C; message: ChannelMessages[C] } }[keyof ChannelMessages];

export interface Channel<M> {
  readonly name: ChannelName;
  /** Which adapter this is (`smtp`, `outbox`, `twilio`), for logs and status output. */
  readonly provider: string;
  /**
   * Sends one message. Never throws for anything the provider or the network answers: it
   * classifies instead. It may throw only for programming errors (e.g. after close()).
   */
  send(message: M): Promise<SendOutcome>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}

// ───── Batch channels (letters, next issue) ─────
// Letters go to a print house as one print-ready PDF (plus a manifest) per handover, and Posten
// wants at least 200 items per handover, so a letter channel takes a whole batch at once. The
// worker still owns claiming and recording deliveries: it claims N rows, calls sendBatch once,
// and records each item's outcome by key, exactly as it does for single sends.

export interface BatchItem<M> {
  /** The caller's key for this item (e.g. the delivery id); outcomes come back under it. */
  key: string;
  message: M;
}

export interface BatchResult {
  /** The provider's id for the whole handover (print job or file name), if any. */
  batchId?: string;
  /** Exactly one outcome per item key given to sendBatch. */
  outcomes: ReadonlyMap<string, SendOutcome>;
}

export interface BatchChannel<M> {
  readonly name: ChannelName;
  readonly provider: string;
  /** Below this many items the provider charges more or refuses (Posten: 200). */
  readonly minBatchSize?: number;
  /** Never throws for provider answers: a failed handover gives every item the same failure. */
  sendBatch(items: readonly BatchItem<M>[]): Promise<BatchResult>;
  close(): Promise<void>;
}

/**
 * Sketch of a letter for the batch channel: the postal address is all the print house needs
 * besides the rendered content. Defined here so the letter issue fills in rather than redesigns.
 */
export interface LetterMessage {
  /** Address block lines in Norwegian order: name, street and number, "postcode PLACE". */
  addressLines: string[];
  /** ISO 3166-1 alpha-2; `NO` when absent. */
  country?: string;
  /** Rendered letter content (e.g. HTML or a PDF buffer), decided by the letter issue. */
  content: string | Uint8Array;
}

// ───── Helpers for adapters ─────

export const sent = (providerId: string): SendOutcome => ({ ok: true, providerId });

export const failed = (failure: SendFailure): SendOutcome => ({ ok: false, failure });
