// Unsubscribes by mail (RFC 2369 List-Unsubscribe: <mailto:unsubscribe@…?subject=unsubscribe%20<token>>).
// The mail client puts the token in the subject; people who write by hand may paste it (or the
// whole link) into the body, or send nothing but their wish. The intake decides which candidate
// is a real token; this only finds candidates.
import { addressesIn, tokensIn, unique } from "./identifiers.ts";

/** True when any of the header values or envelope recipients names `mailbox` (case-insensitive). */
export function isAddressedTo(mailbox: string, values: readonly string[]): boolean {
  const wanted = mailbox.trim().toLowerCase();
  if (wanted === "") return false;
  return values.some((value) => addressesIn(value).includes(wanted));
}

/** Candidate tokens, the subject's first (that is where mailto: puts it), then the body's. */
export function unsubscribeTokens(subject: string, body: string): string[] {
  return unique([...tokensIn(subject), ...tokensIn(body)], 20);
}
