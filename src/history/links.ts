// The link to a member's history page: a random 256-bit token, made by the member-link worker
// and sent only to the address on file (src/workers/member-link.ts), never shown to whoever asked.
// It opens this page only (it is no member link token) and works for 24 hours. Only its SHA-256
// is stored, so a copy of the database opens no history.
import { randomToken, safeEqual, sha256Hex } from "../auth/secrets.ts";
import type { Db } from "../db/client.ts";

export const HISTORY_LINK_HOURS = 24;
const HOUR_MS = 3_600_000;
/**
 * Expired links are kept this long, so an old link still says "expired, ask again" instead of
 * "not found". Making any new link deletes every link that expired longer ago than that (links
 * are few: asked for by hand), so no expired link outlives the next request by much.
 */
const KEEP_EXPIRED_DAYS = 30;

/** randomToken(): 32 random bytes as base64url. Anything else is no history link, without a lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Makes a link for the member and returns its token (to go into the message, and nowhere else). */
export async function createHistoryLink(db: Db, memberId: number, now: Date): Promise<string> {
  const token = randomToken();
  await db.memberHistoryLink.create({
    data: { memberId, tokenHash: sha256Hex(token), createdAt: now, expiresAt: new Date(now.getTime() + HISTORY_LINK_HOURS * HOUR_MS) },
  });
  await db.memberHistoryLink.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - KEEP_EXPIRED_DAYS * 24 * HOUR_MS) } } });
  return token;
}

export type HistoryLink = { memberId: number; expiresAt: Date } | "expired" | null;

/** The member a link opens the history of, "expired", or null (unknown, malformed, or an erased member's). Reads only. */
export async function findHistoryLink(db: Db, token: string, now: Date): Promise<HistoryLink> {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return null;
  const hash = sha256Hex(token);
  // The unique index finds the row; the comparison after it is the project's constant-time habit.
  const row = await db.memberHistoryLink.findUnique({ where: { tokenHash: hash } });
  if (!row || !safeEqual(row.tokenHash, hash)) return null;
  if (await db.erasedMember.findUnique({ where: { memberId: row.memberId } })) return null;
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return { memberId: row.memberId, expiresAt: row.expiresAt };
}

export function historyUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/history/${token}`;
}
