import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listUnsubscribeHeaders, unsubscribeMailbox } from "../../src/consent/headers.ts";
import { CHANNELS, PURPOSES } from "../../src/consent/purposes.ts";
import { createHmac } from "node:crypto";
import { CHANNEL_CODES, mayOptIn, PURPOSE_CODES, signToken, verifyToken, type TokenClaims } from "../../src/consent/tokens.ts";

const KEY_OLD = "old-key-0123456789abcdef0123456789abcdef";
const KEY_NEW = "new-key-0123456789abcdef0123456789abcdef";

const claimsArb = fc.record({
  memberId: fc.integer({ min: 1, max: 0xffffffff }),
  purpose: fc.constantFrom(...PURPOSES),
  channel: fc.constantFrom(...CHANNELS),
  campaignId: fc.option(fc.integer({ min: 1, max: 0xffffffff }), { nil: null }),
  newsletterId: fc.option(fc.integer({ min: 1, max: 0xffffffff }), { nil: null }),
  // Whole seconds: the token keeps Unix seconds.
  issuedAt: fc.integer({ min: 0, max: 0xffffffff }).map((s) => new Date(s * 1000)),
});

const AT = new Date("2026-12-01T09:00:00Z");

describe("when a token is signed and verified", () => {
  it("should round-trip every claim and reveal no member number or address", () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        const token = signToken([KEY_NEW], claims);
        expect(token).toMatch(/^[A-Za-z0-9_-]{47}$/);
        expect(verifyToken([KEY_NEW], token)).toEqual(claims);
      }),
    );
  });

  it("should keep accepting tokens signed with a previous key after rotation, and sign with the new one", () => {
    const claims: TokenClaims = { memberId: 42, purpose: "campaign", channel: "email", campaignId: 7, newsletterId: null, issuedAt: AT };
    const old = signToken([KEY_OLD], claims);
    expect(verifyToken([KEY_NEW, KEY_OLD], old)).toEqual(claims);
    const fresh = signToken([KEY_NEW, KEY_OLD], claims);
    expect(verifyToken([KEY_NEW], fresh)).toEqual(claims);
    expect(verifyToken([KEY_OLD], fresh)).toBeNull();
    // Once the old key is dropped, its tokens stop working.
    expect(verifyToken([KEY_NEW], old)).toBeNull();
  });
});

describe("when tokens are random or tampered", () => {
  it("should reject 10,000 of them, and never turn one member's token into another member's", () => {
    const keys = [KEY_NEW, KEY_OLD];
    let rejected = 0;
    const tries = 5_000;
    for (let i = 0; i < tries; i++) {
      // Random: right length and alphabet, random bytes.
      const random = randomBytes(i % 2 ? 31 : 35).toString("base64url");
      if (verifyToken(keys, random) === null) rejected++;
    }
    fc.assert(
      fc.property(claimsArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (claims, at, flip) => {
        const raw = Buffer.from(signToken(keys, claims), "base64url");
        const i = at % raw.length;
        raw[i] = raw[i]! ^ flip; // change one byte: member id, purpose, campaign or the tag itself
        const result = verifyToken(keys, raw.toString("base64url"));
        if (result === null) rejected++;
        expect(result).toBeNull();
      }),
      { numRuns: tries },
    );
    expect(rejected).toBe(2 * tries);
  });

  it("should reject malformed input of any shape", () => {
    const good = signToken([KEY_NEW], { memberId: 1, purpose: "survey", channel: "sms", campaignId: null, issuedAt: AT });
    for (const bad of ["", "a", `${good}=`, `${good}A`, good.slice(1), good.toLowerCase(), "../../etc/passwd", "x".repeat(5000), `${good.slice(0, -1)}+`]) {
      expect(verifyToken([KEY_NEW], bad)).toBeNull();
    }
  });
});

describe("when building List-Unsubscribe headers", () => {
  const config = {
    PUBLIC_URL: "https://budstikke.example.no/", secretKeys: [KEY_NEW], MAIL_FROM: "NTL <post@ntl.example.no>", UNSUBSCRIBE_MAILTO: undefined,
  };
  const claims: TokenClaims = { memberId: 9, purpose: "information", channel: "email", campaignId: 3, issuedAt: AT };

  it("should give an https one-click URI with a verifiable token and a mailto derived from MAIL_FROM", () => {
    const headers = listUnsubscribeHeaders(config, signToken(config.secretKeys, claims));
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const match = /^<https:\/\/budstikke\.example\.no\/u\/([A-Za-z0-9_-]+)>, <mailto:unsubscribe@ntl\.example\.no\?subject=unsubscribe%20\1>$/.exec(headers["List-Unsubscribe"]);
    expect(match).not.toBeNull();
    expect(verifyToken([KEY_NEW], match![1]!)).toMatchObject({ memberId: 9, purpose: "information", campaignId: 3 });
  });

  it("should prefer UNSUBSCRIBE_MAILTO when set", () => {
    expect(unsubscribeMailbox({ MAIL_FROM: "post@a.no", UNSUBSCRIBE_MAILTO: "avmeld@b.no" })).toBe("avmeld@b.no");
    expect(unsubscribeMailbox({ MAIL_FROM: "post@a.no", UNSUBSCRIBE_MAILTO: undefined })).toBe("unsubscribe@a.no");
  });
});

/** A token as version 2 wrote it (before issue times): array positions, no time. */
function v2Token(key: string, memberId: number, purposeIndex: number, channelIndex: number, campaignId: number): string {
  const payload = Buffer.alloc(15);
  payload.writeUInt8(2, 0);
  payload.writeUInt32BE(memberId, 1);
  payload.writeUInt8(purposeIndex, 5);
  payload.writeUInt8(channelIndex, 6);
  payload.writeUInt32BE(campaignId, 7);
  payload.writeUInt32BE(0, 11);
  const tag = createHmac("sha256", key).update("budstikke-unsubscribe-v1\0").update(payload).digest().subarray(0, 16);
  return Buffer.concat([payload, tag]).toString("base64url");
}

describe("when tokens carry their issue time and stable codes", () => {
  it("should encode purposes and channels by fixed codes, not by their position in a list", () => {
    const raw = Buffer.from(signToken([KEY_NEW], { memberId: 5, purpose: "course", channel: "letter", campaignId: null, issuedAt: AT }), "base64url");
    expect(raw.readUInt8(0)).toBe(3);
    expect(raw.readUInt8(5)).toBe(PURPOSE_CODES.course);
    expect(raw.readUInt8(6)).toBe(CHANNEL_CODES.letter);
    expect(raw.readUInt32BE(15)).toBe(AT.getTime() / 1000);
    // The codes are a published wire format: they never change.
    expect(PURPOSE_CODES).toEqual({ service: 1, bargaining: 2, information: 3, campaign: 4, survey: 5, course: 6, newsletter: 7 });
    expect(CHANNEL_CODES).toEqual({ email: 1, sms: 2, letter: 3 });
  });

  it("should still read version 2 tokens, with no issue time, so old links keep opting out", () => {
    const old = v2Token(KEY_NEW, 77, 3, 1, 12); // campaign, sms, in v2's positions
    expect(old).toHaveLength(42);
    expect(verifyToken([KEY_NEW], old)).toEqual({ memberId: 77, purpose: "campaign", channel: "sms", campaignId: 12, newsletterId: null, issuedAt: null });
    expect(verifyToken([KEY_OLD], old)).toBeNull();
  });

  it("should let a token opt in again only within the configured number of days", () => {
    const day = 24 * 3_600_000;
    const claims = { issuedAt: AT };
    expect(mayOptIn(claims, AT, 7)).toBe(true);
    expect(mayOptIn(claims, new Date(AT.getTime() + 7 * day), 7)).toBe(true);
    expect(mayOptIn(claims, new Date(AT.getTime() + 7 * day + 1000), 7)).toBe(false);
    expect(mayOptIn(claims, new Date(AT.getTime() - day), 7)).toBe(false); // issued "in the future"
    expect(mayOptIn({ issuedAt: null }, AT, 7)).toBe(false); // v2: opt-out only
  });
});
