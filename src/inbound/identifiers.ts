// The identifiers an inbound message can carry back to us: Message-IDs, VERP tags
// (bounces+<tag>@<domain>), plain addresses and unsubscribe tokens. Pure string work with
// bounded patterns (no nested quantifiers), since the text is attacker-controlled.

const MAX_IDS = 50;
const MAX_TOKENS = 20;

/** Whitespace collapsed to single spaces and cut to 300 characters, as the contract stores diagnostics. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}

/** Unique values in first-seen order, at most `limit`. Exact comparison: tokens and tags are case-sensitive. */
export function unique(values: Iterable<string>, limit = MAX_IDS): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    if (seen.has(value)) continue;
    seen.add(value);
    out.push(value);
    if (out.length >= limit) break;
  }
  return out;
}

/** Every `<local@domain>` msg-id in a header value or text, angle brackets kept. */
export function messageIdsIn(text: string): string[] {
  return unique(Array.from(text.matchAll(/<([^<>\s@]{1,200}@[^<>\s@]{1,200})>/g), (m) => `<${m[1]}>`));
}

/**
 * The message's own Message-ID with angle brackets, or null. A bare id (some MTAs drop the
 * brackets) is wrapped so it compares equal to the bracketed form elsewhere.
 */
export function normaliseMessageId(value: string | null | undefined): string | null {
  if (value == null) return null;
  const bracketed = messageIdsIn(value)[0];
  if (bracketed !== undefined) return bracketed;
  const bare = value.trim();
  return /^[^<>\s@]{1,200}@[^<>\s@]{1,200}$/.test(bare) ? `<${bare}>` : null;
}

/** The tags of every `bounces+<tag>@<domain>` address in `text`. */
export function verpTagsIn(text: string): string[] {
  const tags = Array.from(
    text.matchAll(/(?<![\w.+-])bounces\+([A-Za-z0-9._=-]{1,100})@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10}/gi),
    (m) => (m[1] ?? "").replace(/\.+$/, ""),
  );
  return unique(tags.filter((t) => t.length > 0));
}

/** Every address in a header value (display names and comments ignored), lower case. */
export function addressesIn(value: string): string[] {
  return unique(
    Array.from(value.matchAll(/[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}/g), (m) => m[0].toLowerCase()),
  );
}

/** A DSN/ARF recipient field ("rfc822; Kari@Example.com", "<kari@example.com>") as a plain lower-case address. */
export function recipientAddress(value: string): string | null {
  const address = value
    .replace(/^[A-Za-z0-9-]{1,20};/, "")
    .trim()
    .replace(/^<(.*)>$/, "$1")
    .trim()
    .toLowerCase();
  return /^[^\s@]{1,64}@[^\s@]{1,255}$/.test(address) ? address : null;
}

/**
 * Candidate unsubscribe tokens: maximal base64url runs of 20–64 characters. A random token has
 * digits or inner capitals; requiring one keeps long ordinary words ("Tjenestemannsorganisasjonene")
 * out. Percent-escapes become spaces first: "unsubscribe%20<token>" is what a mail client leaves in
 * the subject when it does not decode the mailto: URI, and a token never contains "%".
 */
export function tokensIn(text: string): string[] {
  const spaced = text.replace(/%[0-9A-Fa-f]{2}/g, " ");
  const runs = Array.from(spaced.matchAll(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g), (m) => m[0]);
  return unique(
    runs.filter((run) => /\d/.test(run) || /[A-Z]/.test(run.slice(1))),
    MAX_TOKENS,
  );
}
