// Which delivery an inbound bounce or complaint is about. Three ways, most trusted first:
// 1. the signed VERP return path it came back to (a wrong signature is a forgery: nothing matches);
// 2. our Message-ID in the returned headers, when the recipient the report names (if any) is the
//    address the member has now;
// 3. the original recipient's address alone (Final-Recipient, Original-Rcpt-To): the member's
//    most recent email delivery to it.
// Each needs a delivery that was sent within BOUNCE_MATCH_DAYS: a report about an address we have
// not written to lately suppresses nothing.
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { parseDeliveryMessageId, verifyVerpTag } from "./verp.ts";

export interface MatchClues {
  verpTags: readonly string[];
  originalMessageIds: readonly string[];
  recipients: readonly string[];
}

export type Match =
  | { matched: true; deliveryId: bigint; campaignId: number; by: "verp" | "message_id" | "recipient" }
  | { matched: false; reason: string };

type MatchDeps = { db: Db; config: Pick<Config, "secretKeys" | "BOUNCE_MATCH_DAYS"> };

const SENT = `status IN ('sent', 'delivered', 'bounced')`;

export async function matchDelivery(deps: MatchDeps, clues: MatchClues, now: Date): Promise<Match> {
  const since = new Date(now.getTime() - deps.config.BOUNCE_MATCH_DAYS * 86_400_000);
  const recipients = clues.recipients.map((r) => r.trim().toLowerCase()).filter(Boolean);

  if (clues.verpTags.length > 0) {
    const checks = clues.verpTags.map((tag) => verifyVerpTag(deps.config.secretKeys, tag));
    const good = checks.find((c) => c.ok);
    if (good) {
      const found = await sentDelivery(deps.db, `d.id = $1`, [good.deliveryId], since);
      return found ? { matched: true, ...found, by: "verp" } : { matched: false, reason: "the VERP address names no recently sent email" };
    }
    // A wrong signature is a forgery: nothing else in the message is believed. A tag that is not
    // ours at all (another system's plus address) just does not help; the other ways may.
    if (checks.some((c) => !c.ok && c.reason === "bad_signature")) return { matched: false, reason: "forged VERP signature" };
  }

  for (const messageId of clues.originalMessageIds) {
    const named = parseDeliveryMessageId(messageId);
    if (!named) continue;
    // The Message-ID is not secret: it matches only when the row recorded exactly it, and the
    // address the report names (if it names one) is the member's own.
    const found = await sentDelivery(
      deps.db, `d.id = $1 AND d.campaign_id = $2 AND d.provider_id = $3`, [named.deliveryId, named.campaignId, messageId], since,
      recipients.length > 0 ? recipients : null,
    );
    if (found) return { matched: true, ...found, by: "message_id" };
  }

  for (const recipient of recipients) {
    // member.email is stored as imported; compare lower-cased (the trigram index does not help
    // here, but a recipient lookup happens once per report, not per member).
    const found = await sentDelivery(deps.db, `d.member_id IN (SELECT id FROM member WHERE lower(email) = $1)`, [recipient], since);
    if (found) return { matched: true, ...found, by: "recipient" };
  }
  return { matched: false, reason: recipients.length > 0 || clues.originalMessageIds.length > 0 ? "no recent delivery to that address or message" : "names no delivery, message or recipient" };
}

/** The newest email delivery matching `condition` that left since `since`; with `recipients`, only when the member's address is one of them. */
async function sentDelivery(
  db: Db, condition: string, params: unknown[], since: Date, recipients: string[] | null = null,
): Promise<{ deliveryId: bigint; campaignId: number } | null> {
  const n = params.length;
  const rows = await db.$queryRawUnsafe<Array<{ id: bigint; campaign_id: number }>>(
    `SELECT d.id, d.campaign_id FROM delivery d JOIN member m ON m.id = d.member_id
     WHERE ${condition} AND d.channel = 'email' AND d.${SENT} AND d.sent_at >= $${n + 1}
       AND ($${n + 2}::text[] IS NULL OR lower(m.email) = ANY($${n + 2}::text[]))
     ORDER BY d.sent_at DESC LIMIT 1`,
    ...params, since, recipients,
  );
  const row = rows[0];
  return row ? { deliveryId: BigInt(row.id), campaignId: row.campaign_id } : null;
}
