// Enhanced mail system status codes (RFC 3463): finding them in text and deciding whether a
// permanent failure says the recipient's address is dead. A hard bounce suppresses a member's
// address, so every rule here errs towards "soft": a wrong soft costs one more attempt, a wrong
// hard silently cuts a member off from their union.

/**
 * A 4.x.x or 5.x.x code not glued to other digits or words, so that IP addresses (192.0.5.1.1),
 * dates (4.5.2026) and versions (Exim 4.94.2, v5.1.1) do not count. The subject digit is 0–7,
 * the only classes RFC 3463 defines.
 */
const ENHANCED = /(?<![\w.])([45])\.([0-7])\.(\d{1,3})(?!\.?\d)/;

/** The same code right after an SMTP reply code ("550 5.1.1", "550-5.1.1", "#550 5.1.1"): the most reliable place. */
const REPLY_THEN_ENHANCED = /(?<![\w.])[45]\d\d[ -]#?([45]\.[0-7]\.\d{1,3})(?!\.?\d)/;

/** Codes that say the address itself does not exist (RFC 3463 3.2; 5.1.10 is RFC 7505's null MX, and Office 365's "recipient not found"). */
const ADDRESS_DEAD = new Set(["5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10"]);

/**
 * Permanent codes that are about us or our message, not about the recipient's address:
 * the sender's address (5.1.7, 5.1.8), policy and authentication (5.7.x, DMARC included),
 * message size (5.2.3, 5.3.4), content (5.6.x), protocol (5.5.x), and 5.2.2 (mailbox full),
 * which in practice clears up.
 */
function isNotAboutTheAddress(code: string): boolean {
  return (
    code === "5.2.2" ||
    code === "5.2.3" ||
    code === "5.3.4" ||
    code === "5.1.7" ||
    code === "5.1.8" ||
    /^5\.[567]\./.test(code)
  );
}

/** The first enhanced status code in `text`, preferring one that follows an SMTP reply code. */
export function findEnhancedCode(text: string): string | null {
  const paired = REPLY_THEN_ENHANCED.exec(text);
  if (paired?.[1] !== undefined) return paired[1];
  const alone = ENHANCED.exec(text);
  return alone === null ? null : `${alone[1]}.${alone[2]}.${alone[3]}`;
}

/** A status code as written in a DSN field, e.g. "5.1.1 (user unknown)" → "5.1.1"; null when none. */
export function statusCodeOf(value: string | null): string | null {
  if (value === null) return null;
  const match = /^\s*([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(value);
  return match === null ? null : `${match[1]}.${match[2]}.${match[3]}`;
}

/** x.0.0 is "other or undefined": a more specific code in the diagnostic says more. */
export function isGeneric(code: string): boolean {
  return /^[45]\.0\.0$/.test(code);
}

/** True when a code of a permanent failure says the recipient address is dead or may be treated so. */
export function isHardFailure(code: string): boolean {
  if (!code.startsWith("5.")) return false;
  return !isNotAboutTheAddress(code);
}

/** True only for the codes that name a dead address; the text fallback trusts nothing less. */
export function isAddressDead(code: string): boolean {
  return ADDRESS_DEAD.has(code);
}
