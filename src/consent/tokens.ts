// Unsubscribe tokens: a compact binary payload plus a truncated HMAC-SHA256, base64url.
// The payload holds the internal member id (not the member number or email), purpose,
// channel, campaign and (for the newsletter purpose) the newsletter.
// Layout (v2, 15 bytes + 16-byte tag = 42 base64url characters):
//   version u8 | member id u32 | purpose index u8 | channel index u8 | campaign u32 | newsletter u32
// No expiry: links in old emails must keep working (a year and more),
// and the worst a leaked token can do is opt its own member out of its own purpose.
// Keys rotate: the first key signs, every key verifies, so no key id is put in the token.
import { createHmac, timingSafeEqual } from "node:crypto";
import { CHANNELS, PURPOSES, type ChannelName, type Purpose } from "./purposes.ts";

export interface TokenClaims {
  memberId: number;
  purpose: Purpose;
  channel: ChannelName;
  /** The campaign the message belonged to, or null (preference links, previews). */
  campaignId: number | null;
  /** For purpose `newsletter`: which newsletter the link unsubscribes from. */
  newsletterId?: number | null;
}

// v1 (no newsletter field) was never sent to anyone; v2 replaced it before the first send.
const VERSION = 2;
const PAYLOAD_BYTES = 1 + 4 + 1 + 1 + 4 + 4;
const MAC_BYTES = 16; // 128-bit tag: forging needs ~2^128 tries

function encodePayload(claims: TokenClaims): Buffer {
  const buf = Buffer.alloc(PAYLOAD_BYTES);
  buf.writeUInt8(VERSION, 0);
  buf.writeUInt32BE(claims.memberId, 1);
  buf.writeUInt8(PURPOSES.indexOf(claims.purpose), 5);
  buf.writeUInt8(CHANNELS.indexOf(claims.channel), 6);
  buf.writeUInt32BE(claims.campaignId ?? 0, 7);
  buf.writeUInt32BE(claims.newsletterId ?? 0, 11);
  return buf;
}

function mac(key: string, payload: Buffer): Buffer {
  return createHmac("sha256", key).update("budstikke-unsubscribe-v1\0").update(payload).digest().subarray(0, MAC_BYTES);
}

export function signToken(keys: readonly string[], claims: TokenClaims): string {
  const signingKey = keys[0];
  if (!signingKey) throw new Error("no signing key configured");
  if (!Number.isInteger(claims.memberId) || claims.memberId < 1 || claims.memberId > 0xffffffff) {
    throw new RangeError("memberId out of range");
  }
  const payload = encodePayload(claims);
  return Buffer.concat([payload, mac(signingKey, payload)]).toString("base64url");
}

/** Returns the claims, or null for anything malformed, tampered or signed with an unknown key. */
export function verifyToken(keys: readonly string[], token: string): TokenClaims | null {
  if (typeof token !== "string" || token.length > 64 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  if (raw.length !== PAYLOAD_BYTES + MAC_BYTES || raw.toString("base64url") !== token) return null;
  const payload = raw.subarray(0, PAYLOAD_BYTES);
  const given = raw.subarray(PAYLOAD_BYTES);
  // Check every key (no early exit), so timing does not tell which key matched.
  let valid = false;
  for (const key of keys) valid = timingSafeEqual(mac(key, payload), given) || valid;
  if (!valid || payload.readUInt8(0) !== VERSION) return null;
  const purpose = PURPOSES[payload.readUInt8(5)];
  const channel = CHANNELS[payload.readUInt8(6)];
  if (!purpose || !channel) return null;
  const campaignId = payload.readUInt32BE(7);
  const newsletterId = payload.readUInt32BE(11);
  const memberId = payload.readUInt32BE(1);
  if (memberId === 0) return null;
  return {
    memberId, purpose, channel,
    campaignId: campaignId === 0 ? null : campaignId,
    newsletterId: newsletterId === 0 ? null : newsletterId,
  };
}

export interface MemberLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

/** The per-member links every message carries. */
export function memberLinks(publicUrl: string, keys: readonly string[], claims: TokenClaims): MemberLinks {
  const token = signToken(keys, claims);
  const base = publicUrl.replace(/\/+$/, "");
  return { unsubscribeUrl: `${base}/u/${token}`, preferencesUrl: `${base}/preferences/${token}` };
}
