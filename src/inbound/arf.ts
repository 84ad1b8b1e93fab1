// RFC 5965 abuse reports (ARF): the machine-readable message/feedback-report part. Mailbox
// providers (Yahoo, AOL, Microsoft JMRP, …) send one when a member presses "this is spam"; the
// original message (or only its headers, often redacted) rides in the next part.
import { fieldBlocks, fieldValue, fieldValues } from "./fields.ts";
import { recipientAddress, unique } from "./identifiers.ts";

export interface ArfReading {
  /** Feedback-Type in lower case: abuse, fraud, virus, other, not-spam, auth-failure (RFC 6591), … */
  feedbackType: string;
  /** Original-Rcpt-To addresses, lower case: sometimes the only clue left after redaction. */
  recipients: string[];
  /** Original-Mail-From: our envelope sender, so the VERP address when the report keeps it. */
  originalMailFrom: string | null;
}

/** Reads a feedback-report body; null without a Feedback-Type, which RFC 5965 requires. */
export function readArf(text: string): ArfReading | null {
  const fields = fieldBlocks(text).flat();
  const feedbackType = fieldValue(fields, "feedback-type")?.toLowerCase().match(/^[a-z0-9_-]{1,40}/)?.[0];
  if (feedbackType === undefined) return null;
  const recipients = fieldValues(fields, "original-rcpt-to")
    .map(recipientAddress)
    .filter((a): a is string => a !== null);
  return { feedbackType, recipients: unique(recipients), originalMailFrom: fieldValue(fields, "original-mail-from") };
}
