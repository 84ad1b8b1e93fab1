// What an inbound message (a bounce, a complaint, an auto-reply, a mailed unsubscribe) says,
// before anything is looked up: the parser reads clues out of the raw RFC 822 bytes, and the
// intake (src/deliveries/provider-events.ts) matches them to a delivery and acts. Parsing never
// touches the database and never throws: a message it cannot read is `unknown` with a reason.

/** What the message is, judged from its own content alone. */
export type InboundVerdict =
  | "hard_bounce" // a DSN `failed` with 5.x.x (not 5.2.2), or a non-standard NDR that clearly says the address does not exist
  | "soft_bounce" // `delayed`, 4.x.x, 5.2.2 (mailbox full), or a bounce whose permanence is unclear (never hard when unsure)
  | "complaint" // an ARF report (RFC 5965), any feedback type
  | "auto_reply" // out of office, RFC 3834 Auto-Submitted: auto-replied, X-Autoreply, Precedence: auto_reply, typical subjects
  | "unsubscribe_request" // written to the unsubscribe mailbox (RFC 2369 mailto:), not a bounce or auto-reply
  | "unknown"; // nothing we recognise, or unreadable

export interface InboundClues {
  verdict: InboundVerdict;
  /** The inbound message's own Message-ID (with angle brackets), for idempotency; null when absent. */
  messageId: string | null;
  /** The enhanced status code (RFC 3463) of the failed recipient, e.g. "5.1.1"; null when none found. */
  status: string | null;
  /** The Diagnostic-Code (or the NDR's reason line), whitespace-collapsed and cut to 300 characters. */
  diagnostic: string | null;
  /** ARF Feedback-Type (lower case), e.g. "abuse"; null when not an ARF report. */
  feedbackType: string | null;
  /**
   * Message-IDs (with angle brackets) of the ORIGINAL message we sent, found in the returned
   * headers (message/rfc822, text/rfc822-headers parts), In-Reply-To/References, or the NDR text.
   * Never the inbound message's own Message-ID.
   */
  originalMessageIds: string[];
  /**
   * VERP tags: for each address of the form `bounces+<tag>@<domain>` found in the envelope
   * recipients, the To / Delivered-To / X-Original-To / Envelope-To headers, the returned
   * headers (Return-Path) or the text, the `<tag>` part (e.g. "123.k3j9x2ab"). Deduplicated.
   */
  verpTags: string[];
  /** Addresses the report names as the original recipient (Final-Recipient, Original-Recipient, Original-Rcpt-To), lower case, without "rfc822;". */
  recipients: string[];
  /** For unsubscribe requests: candidate tokens (base64url words of 20–64 characters) from the subject first, then the body. */
  tokens: string[];
  /** Why the verdict is `unknown` (e.g. "not a bounce, complaint or auto-reply", "unparseable MIME"); null otherwise. */
  reason: string | null;
}

export interface ParseContext {
  /** The unsubscribe mailbox (UNSUBSCRIBE_MAILTO or unsubscribe@<MAIL_FROM domain>), lower case. */
  unsubscribeMailbox: string;
  /** SMTP envelope recipients (RCPT TO) when known (the SMTP receiver knows them; a file or IMAP does not). */
  envelopeRecipients?: readonly string[];
}
