// Double opt-in. Asking to subscribe (preference centre, public form, staff) stores a request and
// queues a confirmation email; only confirming by POST from the emailed link's page subscribes,
// and that is an opt_in in the consent ledger (with the consent text version, source and time).
// Requests not confirmed within CONFIRMATION_DAYS expire.
//
// The link's token is an HMAC of the request (its id and time), so the worker can make the same
// link again on a retry; only its SHA-256 is stored, and lookups compare it in constant time.
import { createHmac } from "node:crypto";
import { randomToken, safeEqual, sha256Hex } from "../auth/secrets.ts";
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { recordConsentEvent } from "../consent/ledger.ts";
import { confirmedSubscriberSql, NEWSLETTER_CONSENT_TEXT_VERSION } from "../consent/newsletters.ts";
import type { ConsentSource } from "../consent/purposes.ts";
import type { Db } from "../db/client.ts";
import { notFound } from "../errors.ts";
import { enqueueConfirmation, type Queues } from "../queues/queues.ts";

/** Unconfirmed requests expire after this many days. */
export const CONFIRMATION_DAYS = 7;
const DAY_MS = 24 * 3_600_000;

export type SubscriptionDeps = Pick<Root, "db" | "clock"> & { queues?: Pick<Queues, "newsletters"> };

export type RequestOutcome = "confirmation_sent" | "already_subscribed" | "member_unavailable";

/** The stored form of a link token: its SHA-256, as for every other token (src/auth/secrets.ts). */
export const hashToken = sha256Hex;

/** The token of a request's link: the same for the same request and key, so a retried email carries the same link. */
export function confirmationToken(keys: readonly string[], request: { id: number; requestedAt: Date }): string {
  const key = keys[0];
  if (!key) throw new Error("no signing key configured");
  return createHmac("sha256", key).update(`budstikke-newsletter-confirm\0${request.id}\0${request.requestedAt.getTime()}`).digest("base64url");
}

/** Whether the member is a confirmed subscriber now (the ledger's state). */
export async function isSubscribed(db: Pick<Db, "$queryRawUnsafe">, memberId: number, newsletterId: number): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM member m WHERE m.id = $2 AND ${confirmedSubscriberSql("m", 1)}`, newsletterId, memberId);
  return rows.length > 0;
}

/**
 * Asks member `memberId` to confirm a subscription: a request waiting for confirmation is
 * renewed (a fresh 7 days when it had expired), and a confirmation email is queued. Nothing is
 * subscribed here. A member who is subscribed already, erased or unknown gets no email.
 */
export async function requestSubscription(
  deps: SubscriptionDeps,
  input: { memberId: number; newsletterId: number; source: ConsentSource },
): Promise<RequestOutcome> {
  const { db, clock } = deps;
  const member = await db.member.findUnique({ where: { id: input.memberId }, select: { id: true } });
  if (!member || (await db.erasedMember.findUnique({ where: { memberId: input.memberId } }))) return "member_unavailable";
  if (await isSubscribed(db, input.memberId, input.newsletterId)) return "already_subscribed";
  const now = clock.now();
  const fresh = { requestedAt: now, expiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * DAY_MS), source: input.source, consentTextVersion: NEWSLETTER_CONSENT_TEXT_VERSION };
  // Until the worker makes the link, the stored hash is of a random value nobody holds.
  const unusable = () => hashToken(randomToken());
  const subscriptionId = await db.$transaction(async (tx) => {
    const pending = await tx.newsletterSubscription.findFirst({ where: { memberId: input.memberId, newsletterId: input.newsletterId, confirmedAt: null } });
    if (pending && pending.expiresAt > now) return pending.id;
    if (pending) {
      await tx.newsletterSubscription.update({ where: { id: pending.id }, data: { ...fresh, tokenHash: unusable() } });
      return pending.id;
    }
    const created = await tx.newsletterSubscription.create({
      data: { memberId: input.memberId, newsletterId: input.newsletterId, tokenHash: unusable(), ...fresh },
    });
    return created.id;
  });
  if (deps.queues) await enqueueConfirmation(deps.queues, subscriptionId, now);
  return "confirmation_sent";
}

/**
 * The public subscribe form: a member with this email address gets a confirmation email;
 * anyone else gets nothing. The caller answers the same either way.
 */
export async function requestSubscriptionByEmail(deps: SubscriptionDeps, newsletterId: number, email: string): Promise<void> {
  const address = email.trim();
  if (address === "" || address.length > 320 || !address.includes("@")) return;
  const rows = await deps.db.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT m.id FROM member m
     WHERE lower(m.email) = lower($1) AND m.email_invalid_at IS NULL AND m.status <> 'resigned'
       AND NOT EXISTS (SELECT 1 FROM erased_member e WHERE e.member_id = m.id)
     ORDER BY m.id LIMIT 1`,
    address,
  );
  const member = rows[0];
  if (member) await requestSubscription(deps, { memberId: member.id, newsletterId, source: "subscribe_form" });
}

/** Staff ask a member to subscribe: the member still has to confirm. Audited. */
export async function inviteMember(
  deps: SubscriptionDeps,
  actor: Actor,
  newsletterId: number,
  memberNumber: string,
): Promise<Exclude<RequestOutcome, "member_unavailable">> {
  authorize(actor, "newsletters.subscribe");
  if (!(await deps.db.newsletter.findUnique({ where: { id: newsletterId } }))) throw notFound(`no newsletter with id ${newsletterId}`);
  const member = await deps.db.member.findUnique({ where: { memberNumber }, select: { id: true } });
  if (!member) throw notFound(`no member with number ${memberNumber}`);
  const outcome = await requestSubscription(deps, { memberId: member.id, newsletterId, source: "staff" });
  if (outcome === "member_unavailable") throw notFound(`no member with number ${memberNumber}`);
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: "newsletters.invite", targetType: "newsletter", targetId: newsletterId, details: { memberId: member.id, outcome },
  });
  return outcome;
}

export interface ConfirmationLink {
  subscriptionId: number;
  memberId: number;
  newsletterId: number;
  newsletterName: string;
  confirmedAt: Date | null;
  expiresAt: Date;
}

/** The request a confirmation link names, or null. Reads only (GET renders from this). */
export async function findByToken(db: Db, token: string): Promise<ConfirmationLink | null> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const hash = hashToken(token);
  const row = await db.newsletterSubscription.findUnique({ where: { tokenHash: hash }, include: { newsletter: { select: { name: true } } } });
  if (!row || !safeEqual(row.tokenHash, hash)) return null;
  if (await db.erasedMember.findUnique({ where: { memberId: row.memberId } })) return null;
  return {
    subscriptionId: row.id, memberId: row.memberId, newsletterId: row.newsletterId, newsletterName: row.newsletter.name,
    confirmedAt: row.confirmedAt, expiresAt: row.expiresAt,
  };
}

export type ConfirmOutcome = "confirmed" | "already_confirmed" | "expired";

/**
 * Confirms the request (POST only): the ledger gets the opt_in, with the consent text version
 * the member was shown, the request's source and the time of confirmation. Idempotent; an
 * expired request changes nothing.
 */
export async function confirmSubscription(deps: Pick<Root, "db" | "clock">, link: ConfirmationLink): Promise<ConfirmOutcome> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<Array<{ confirmed_at: Date | null; expires_at: Date; source: ConsentSource; consent_text_version: string }>>(
      `SELECT confirmed_at, expires_at, source::text AS source, consent_text_version FROM newsletter_subscription WHERE id = $1 FOR UPDATE`,
      link.subscriptionId,
    );
    if (!row) return "expired";
    if (row.confirmed_at !== null) return "already_confirmed";
    if (row.expires_at.getTime() <= now.getTime()) return "expired";
    await tx.newsletterSubscription.update({ where: { id: link.subscriptionId }, data: { confirmedAt: now } });
    await recordConsentEvent(tx, {
      memberId: link.memberId, purpose: "newsletter", channel: "all", newsletterId: link.newsletterId,
      action: "opt_in", source: row.source, actor: "member", at: now, basis: row.consent_text_version,
    });
    return "confirmed";
  });
}

/** Deletes requests that expired unconfirmed (they hold a member id and nothing else of use). */
export async function deleteExpiredRequests(db: Pick<Db, "newsletterSubscription">, now: Date): Promise<number> {
  const { count } = await db.newsletterSubscription.deleteMany({ where: { confirmedAt: null, expiresAt: { lte: now } } });
  return count;
}

/** Newsletters the member asked for and has not confirmed yet (not expired), for the preference centre. */
export async function pendingNewsletterIds(db: Pick<Db, "newsletterSubscription">, memberId: number, now: Date): Promise<Set<number>> {
  const rows = await db.newsletterSubscription.findMany({ where: { memberId, confirmedAt: null, expiresAt: { gt: now } }, select: { newsletterId: true } });
  return new Set(rows.map((r) => r.newsletterId));
}
