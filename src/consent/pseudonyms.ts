// Keyed hashes (HMAC-SHA256, hex) of normalised addresses and member numbers. Suppressions and
// erasure tombstones are keyed by these, so they hold after the plain values are erased, and
// a database dump alone cannot be searched for an address without the key.
//
// Key derivation (stable on purpose): key = HMAC-SHA256(PSEUDONYM_KEY ?? SECRET_KEY,
// "budstikke-pseudonym-v1"). Token keys rotate; these hashes must not, or every suppression
// would silently stop matching. So when SECRET_KEY is rotated, set PSEUDONYM_KEY to the OLD
// SECRET_KEY value: the derived key, and every stored hash, stay the same.
import { createHmac } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { assertNever } from "../assert.ts";
import type { ChannelName } from "../channels/names.ts";
import type { Config } from "../config.ts";

export interface Pseudonyms {
  /** Hash of a normalised address, or null when the address cannot be normalised. */
  /** Null when the address cannot be normalised, and for letters (postal addresses are not suppressed). */
  address(channel: ChannelName, address: string): string | null;
  memberNumber(memberNumber: string): string;
}

const LABEL = "budstikke-pseudonym-v1";

export function createPseudonyms(rootKey: string): Pseudonyms {
  const key = createHmac("sha256", rootKey).update(LABEL).digest();
  const hash = (domain: string, value: string) => createHmac("sha256", key).update(`${domain}\0${value}`).digest("hex");
  return {
    address(channel, address) {
      const normalised = normaliseAddress(channel, address);
      return normalised === null ? null : hash(channel, normalised);
    },
    memberNumber: (memberNumber) => hash("member_number", memberNumber.trim()),
  };
}

export function pseudonymsFromConfig(config: Pick<Config, "PSEUDONYM_KEY" | "secretKeys">): Pseudonyms {
  const root = config.PSEUDONYM_KEY ?? config.secretKeys[0];
  if (!root) throw new Error("no SECRET_KEY or PSEUDONYM_KEY configured");
  return createPseudonyms(root);
}

/** Email: trimmed and lowercased. Phone: E.164 (Norwegian numbers may come without +47). Letters: none. */
export function normaliseAddress(channel: ChannelName, address: string): string | null {
  const trimmed = address.trim();
  if (trimmed === "") return null;
  switch (channel) {
    case "email":
      return trimmed.includes("@") ? trimmed.toLowerCase() : null;
    case "sms": {
      const phone = parsePhoneNumberFromString(trimmed, "NO");
      return phone?.isPossible() ? phone.number : null;
    }
    case "letter":
      // A returned letter marks the member's postal address invalid; addresses are not suppressed.
      return null;
    default:
      return assertNever(channel);
  }
}
