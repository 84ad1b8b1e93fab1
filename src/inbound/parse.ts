// readInbound: raw RFC 822 bytes in, the clues of src/inbound/types.ts out. The order of judgement
// is the order of certainty: an ARF report is a complaint; an RFC 3464 report is a bounce (or a
// success notice); auto-reply markers win over anything that only looks like a bounce, because an
// auto-reply proves the mailbox alive; then NDR text; then mail to the unsubscribe mailbox.
// It never throws: the intake must be able to file any message, so a message that cannot be
// read is "unknown" with a reason.
import { readArf, type ArfReading } from "./arf.ts";
import { autoReplyMarker } from "./auto-reply.ts";
import { addressesIn, unique } from "./identifiers.ts";
import { readDsn, type DsnReading } from "./dsn.ts";
import { readMime, type MimeView } from "./mime.ts";
import { bounceLook, readNdrText } from "./ndr-text.ts";
import { collectVerpTags, deliveryAddresses, originalTiers, pickOriginals, returnedHeaders } from "./originals.ts";
import type { InboundClues, ParseContext } from "./types.ts";
import { isAddressedTo, unsubscribeTokens } from "./unsubscribe.ts";

/** Larger messages are not reports: real DSNs and ARFs are a few kilobytes plus the returned original. */
export const MAX_INBOUND_BYTES = 10 * 1024 * 1024;

const NOT_RECOGNISED = "not a bounce, complaint or auto-reply";

function unknown(messageId: string | null, reason: string): InboundClues {
  return {
    verdict: "unknown",
    messageId,
    status: null,
    diagnostic: null,
    feedbackType: null,
    originalMessageIds: [],
    verpTags: [],
    recipients: [],
    tokens: [],
    reason,
  };
}

function firstReading<T>(view: MimeView, kind: "delivery-status" | "feedback-report", read: (text: string) => T | null): T | null {
  for (const part of view.parts) {
    if (part.kind !== kind) continue;
    const reading = read(part.text);
    if (reading !== null) return reading;
  }
  return null;
}

function judge(view: MimeView, context: ParseContext): InboundClues {
  const envelope = Array.isArray(context.envelopeRecipients) ? context.envelopeRecipients.filter((r) => typeof r === "string") : [];
  const arf: ArfReading | null = firstReading(view, "feedback-report", readArf);
  const dsn: DsnReading | null = arf === null ? firstReading(view, "delivery-status", readDsn) : null;
  const returned = returnedHeaders(view);
  const tiers = originalTiers(view, returned, dsn?.originalMessageIds ?? []);
  const base: InboundClues = {
    ...unknown(view.messageId, NOT_RECOGNISED),
    originalMessageIds: pickOriginals(tiers, ["returned", "text", "reply"], view.messageId),
    verpTags: collectVerpTags(view, envelope, returned, arf?.originalMailFrom == null ? [] : [arf.originalMailFrom]),
  };

  if (arf !== null) {
    return { ...base, verdict: "complaint", feedbackType: arf.feedbackType, recipients: arf.recipients, reason: null };
  }
  if (dsn !== null) {
    if (dsn.verdict === "unknown") return { ...base, recipients: dsn.recipients, reason: "delivery report without a failure" };
    return { ...base, verdict: dsn.verdict, status: dsn.status, diagnostic: dsn.diagnostic, recipients: dsn.recipients, reason: null };
  }

  const marker = autoReplyMarker(view.header, view.subject);
  const autoReply: InboundClues = {
    ...base,
    verdict: "auto_reply",
    originalMessageIds: pickOriginals(tiers, ["reply", "returned", "text"], view.messageId),
    reason: null,
  };
  const look = bounceLook({
    fromAddress: view.fromAddress,
    fromName: view.fromName,
    subject: view.subject,
    emptyReturnPath: view.header("return-path").some((v) => /^<\s*>$/.test(v)),
    deliveryReport: view.reportType === "delivery-status" || view.parts.some((p) => p.kind === "delivery-status"),
  });
  // Bounces often carry Auto-Submitted too (Postfix, Exim and Exchange add it to NDRs), so only a
  // mailer's own name or subject lets the bounce reading go first.
  if (marker !== null && look !== "strong") return autoReply;
  if (look !== null) {
    const ndr = readNdrText(view.text, view.subject);
    if (ndr !== null) {
      // Exim and Gmail name the failed recipients in a header even when the text is free-form.
      const recipients = unique(view.header("x-failed-recipients").flatMap(addressesIn));
      return { ...base, ...ndr, recipients, reason: null };
    }
  }
  if (marker !== null) return autoReply;

  if (typeof context.unsubscribeMailbox === "string" && isAddressedTo(context.unsubscribeMailbox, deliveryAddresses(view, envelope))) {
    return { ...base, verdict: "unsubscribe_request", tokens: unsubscribeTokens(view.subject, view.text), reason: null };
  }
  return base;
}

/** Reads what an inbound message says about a delivery; never throws or rejects. */
export async function readInbound(raw: Buffer, context: ParseContext): Promise<InboundClues> {
  try {
    // Callers in plain JavaScript (or an IMAP library's Uint8Array) must not make it throw either.
    const input: unknown = raw;
    if (!(input instanceof Uint8Array)) return unknown(null, "not a byte buffer");
    if (input.length > MAX_INBOUND_BYTES) return unknown(null, "too large");
    if (input.length === 0) return unknown(null, "empty message");
    const mime = await readMime(Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    if (!mime.ok) return unknown(null, mime.reason);
    return judge(mime.view, context ?? { unsubscribeMailbox: "" });
  } catch {
    return unknown(null, "unparseable MIME");
  }
}
