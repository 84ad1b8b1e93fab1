// Signed VERP return paths: each email's envelope sender is `bounces+<delivery id>.<mac>@<domain>`.
// A bounce goes back to the envelope sender, so the address it arrives at names the delivery
// without parsing the report; the MAC (HMAC-SHA256 over the id, cut to 12 hex digits, 48 bits)
// means nobody can make up a bounce for a delivery whose return path they never saw. Lower-case
// hex only: some MTAs lower-case local parts on the way back.
import { createHmac, timingSafeEqual } from "node:crypto";

const LOCAL_PART = "bounces";
const MAC_HEX = 12;
const TAG = /^([1-9]\d{0,18})\.([0-9a-f]{12})$/;

function mac(key: string, deliveryId: bigint): Buffer {
  return Buffer.from(createHmac("sha256", key).update("budstikke-verp-v1\0").update(deliveryId.toString()).digest("hex").slice(0, MAC_HEX));
}

/** The envelope sender for a delivery (signed with the newest key). */
export function verpReturnPath(keys: readonly string[], domain: string, deliveryId: bigint): string {
  const key = keys[0];
  if (!key) throw new Error("no signing key configured");
  return `${LOCAL_PART}+${deliveryId}.${mac(key, deliveryId).toString()}@${domain.toLowerCase()}`;
}

export type VerpCheck = { ok: true; deliveryId: bigint } | { ok: false; reason: "malformed" | "bad_signature" };

/** Checks a tag (the part between `bounces+` and `@`) against every key, in constant time per key. */
export function verifyVerpTag(keys: readonly string[], tag: string): VerpCheck {
  const match = TAG.exec(tag.toLowerCase());
  if (!match) return { ok: false, reason: "malformed" };
  const deliveryId = BigInt(match[1]!);
  if (deliveryId > 9223372036854775807n) return { ok: false, reason: "malformed" };
  const given = Buffer.from(match[2]!);
  // Every key is checked (no early exit), so timing does not tell which one matched.
  let valid = false;
  for (const key of keys) valid = timingSafeEqual(mac(key, deliveryId), given) || valid;
  return valid ? { ok: true, deliveryId } : { ok: false, reason: "bad_signature" };
}

/** `<d123.c45@domain>` (compose.ts's Message-ID) → the delivery and campaign it names, or null. */
export function parseDeliveryMessageId(messageId: string): { deliveryId: bigint; campaignId: number } | null {
  const match = /^<?d([1-9]\d{0,18})\.c([1-9]\d{0,9})@[^>\s]+>?$/i.exec(messageId.trim());
  if (!match) return null;
  const deliveryId = BigInt(match[1]!);
  const campaignId = Number(match[2]);
  if (deliveryId > 9223372036854775807n || campaignId > 2147483647) return null;
  return { deliveryId, campaignId };
}
