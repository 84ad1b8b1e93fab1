// Member link tokens (unsubscribe and preference links): a compact binary payload plus a
// truncated HMAC-SHA256, base64url. The payload holds the internal member id (not the member
// number or email), purpose, channel, campaign, newsletter and the time the token was issued.
//
// Layout v3 (19 bytes + 16-byte tag = 47 base64url characters):
//   version u8 | member id u32 | purpose code u8 | channel code u8 | campaign u32 | newsletter u32 | issued u32 (Unix seconds)
// Purposes and channels are written as stable codes (PURPOSE_CODES, CHANNEL_CODES), never as a
// position in an array, so adding a purpose cannot change what an old link does.
//
// A token never expires for opting OUT: links in old emails must keep working for years. What a
// token may do beyond that depends on its age (see `mayOptIn`): opting in again, or lifting an
// objection, needs a token issued within PREFERENCES_OPT_IN_DAYS. Keys rotate: the first key
// signs, every key verifies, so no key id is put in the token.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ChannelName, Purpose } from "./purposes.ts";

export interface TokenClaims {
  memberId: number;
  purpose: Purpose;
  channel: ChannelName;
  /** The campaign the message belonged to, or null (preference links, previews). */
  campaignId: number | null;
  /** For purpose `newsletter`: which newsletter the link unsubscribes from. */
  newsletterId?: number | null;
  /** When the token was issued (the message rendered, the fresh link made). */
  issuedAt: Date;
}

/** What a valid token says. `issuedAt` is null for v2 tokens, which carried no time: they may only opt out. */
export type VerifiedClaims = Omit<TokenClaims, "issuedAt"> & { issuedAt: Date | null };

/** Stable wire codes. Never renumber; add new purposes and channels with new codes. */
export const PURPOSE_CODES: Readonly<Record<Purpose, number>> = {
  service: 1, bargaining: 2, information: 3, campaign: 4, survey: 5, course: 6, newsletter: 7,
};
export const CHANNEL_CODES: Readonly<Record<ChannelName, number>> = { email: 1, sms: 2, letter: 3 };

// v2 (sent before issue times were added) wrote array positions; this is that array, frozen.
const V2_PURPOSES: readonly Purpose[] = ["service", "bargaining", "information", "campaign", "survey", "course", "newsletter"];
const V2_CHANNELS: readonly ChannelName[] = ["email", "sms", "letter"];

const VERSION = 3;
const V2_PAYLOAD_BYTES = 1 + 4 + 1 + 1 + 4 + 4;
const PAYLOAD_BYTES = V2_PAYLOAD_BYTES + 4;
const MAC_BYTES = 16; // 128-bit tag: forging needs ~2^128 tries

const byCode = <T extends string>(codes: Readonly<Record<T, number>>) =>
  new Map(Object.entries(codes).map(([name, code]) => [code as number, name as T]));
const PURPOSE_BY_CODE = byCode(PURPOSE_CODES);
const CHANNEL_BY_CODE = byCode(CHANNEL_CODES);

function encodePayload(claims: TokenClaims): Buffer {
  const buf = Buffer.alloc(PAYLOAD_BYTES);
  buf.writeUInt8(VERSION, 0);
  buf.writeUInt32BE(claims.memberId, 1);
  buf.writeUInt8(PURPOSE_CODES[claims.purpose], 5);
  buf.writeUInt8(CHANNEL_CODES[claims.channel], 6);
  buf.writeUInt32BE(claims.campaignId ?? 0, 7);
  buf.writeUInt32BE(claims.newsletterId ?? 0, 11);
  buf.writeUInt32BE(Math.floor(claims.issuedAt.getTime() / 1000), 15);
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
export function verifyToken(keys: readonly string[], token: string): VerifiedClaims | null {
  if (typeof token !== "string" || token.length > 64 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  if (raw.toString("base64url") !== token) return null;
  const payloadBytes = raw.length - MAC_BYTES;
  if (payloadBytes !== PAYLOAD_BYTES && payloadBytes !== V2_PAYLOAD_BYTES) return null;
  const payload = raw.subarray(0, payloadBytes);
  const given = raw.subarray(payloadBytes);
  // Check every key (no early exit), so timing does not tell which key matched.
  let valid = false;
  for (const key of keys) valid = timingSafeEqual(mac(key, payload), given) || valid;
  if (!valid) return null;
  const version = payload.readUInt8(0);
  if (!(version === VERSION && payloadBytes === PAYLOAD_BYTES) && !(version === 2 && payloadBytes === V2_PAYLOAD_BYTES)) return null;
  const purpose = version === 2 ? V2_PURPOSES[payload.readUInt8(5)] : PURPOSE_BY_CODE.get(payload.readUInt8(5));
  const channel = version === 2 ? V2_CHANNELS[payload.readUInt8(6)] : CHANNEL_BY_CODE.get(payload.readUInt8(6));
  const memberId = payload.readUInt32BE(1);
  if (!purpose || !channel || memberId === 0) return null;
  const campaignId = payload.readUInt32BE(7);
  const newsletterId = payload.readUInt32BE(11);
  return {
    memberId, purpose, channel,
    campaignId: campaignId === 0 ? null : campaignId,
    newsletterId: newsletterId === 0 ? null : newsletterId,
    issuedAt: version === 2 ? null : new Date(payload.readUInt32BE(15) * 1000),
  };
}

/**
 * Whether a token may opt its member back in or lift an objection: only when it was issued
 * within `optInDays` of `now`. Any valid token may always opt out.
 */
export function mayOptIn(claims: Pick<VerifiedClaims, "issuedAt">, now: Date, optInDays: number): boolean {
  if (claims.issuedAt === null) return false;
  const age = now.getTime() - claims.issuedAt.getTime();
  // A little tolerance for clocks of different machines, none for tokens from the future beyond it.
  return age >= -5 * 60_000 && age <= optInDays * 24 * 3_600_000;
}

export interface MemberLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

/** The per-member links every message carries. */
export function memberLinks(publicUrl: string, keys: readonly string[], claims: TokenClaims): MemberLinks {
  return linksFor(publicUrl, signToken(keys, claims));
}

/** The links of an already signed token. */
export function linksFor(publicUrl: string, token: string): MemberLinks {
  const base = publicUrl.replace(/\/+$/, "");
  return { unsubscribeUrl: `${base}/u/${token}`, preferencesUrl: `${base}/preferences/${token}` };
}
