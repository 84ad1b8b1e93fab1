// Random tokens and their stored form. Session cookies, API tokens and setup links are random
// 256-bit values; only their SHA-256 is stored, so a copy of the database opens no session.
// Lookups go by the hash (an index probe), never by comparing secrets in JavaScript.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function randomToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time comparison of two strings (false for different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Whether an Authorization header is `Bearer <secret>`. Both sides are hashed first, so the
 * comparison takes the same time whatever the length of what was sent.
 */
export function bearerMatches(authorization: string | undefined, secret: string): boolean {
  const match = authorization === undefined ? null : /^Bearer (\S+)$/.exec(authorization);
  return match !== null && safeEqual(sha256Hex(match[1]!), sha256Hex(secret));
}
