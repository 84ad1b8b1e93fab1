// The one intake for every provider verdict: a refusal in the SMTP conversation, a Twilio error
// code or status callback, an SMS STOP or START, a DSN or NDR, an ARF complaint, a mailed
// unsubscribe, an auto-reply. Each becomes one ProviderEvent, is stored once (its idempotency key
// makes a second processing of the same message a no-op), and its consequences — suppressions,
// invalid-address markers, ledger entries, a bounced delivery — are written here and nowhere else,
// in the same transaction as the event row.
import type { Config } from "../config.ts";
import type { ChannelName } from "../channels/names.ts";
import type { Db } from "../db/client.ts";
import { recordConsentEvent, type SqlRunner } from "../consent/ledger.ts";
import { unsubscribeScope } from "../consent/preferences.ts";
import type { Purpose } from "../consent/purposes.ts";
import type { Pseudonyms } from "../consent/pseudonyms.ts";
import { liftSuppression, suppressAddress, suppressAddressReturningId, type SuppressionReason } from "../consent/suppressions.ts";
import type { VerifiedClaims } from "../consent/tokens.ts";
import { assertNever } from "../assert.ts";
import { fallBackAfterFailure } from "./fallback.ts";

export const PROVIDER_EVENT_KINDS = [
  "hard_bounce", "soft_bounce", "complaint", "unsubscribe", "auto_reply",
  "sms_stop", "sms_start", "invalid_address", "filtered", "unmatched",
] as const;
export type ProviderEventKind = (typeof PROVIDER_EVENT_KINDS)[number];

export interface ProviderEvent {
  kind: ProviderEventKind;
  /** Where the verdict came from, without personal data: "smtp_refusal", "twilio_error", "twilio_status", "twilio_inbound", "inbound:smtp", "inbound:imap", … */
  source: string;
  /** `letter`: a letter came back from the postal operator (returned mail); it concerns the member's postal address. */
  channel: ChannelName;
  /** The delivery it is about, when known (VERP, Message-ID, a status callback, the worker's own send). */
  deliveryId?: bigint | null;
  /** The member it is about, when no delivery names one (a returned letter recorded by member number). */
  memberId?: number | null;
  /** The address it is about; without one, the delivery's member's current address. */
  address?: string | null;
  /** An enhanced status code ("5.1.1"), SMTP reply or provider code ("twilio_30003"). */
  status?: string | null;
  /** The inbound message's Message-ID (or a hash of its bytes), Twilio's MessageSid and status: the same key is processed once. */
  idempotencyKey?: string | null;
  at: Date;
  /** A mailed unsubscribe: the claims of the token it carried (already verified). */
  unsubscribe?: VerifiedClaims | null;
  /**
   * False when the sending worker settles the delivery itself (a refusal in the SMTP
   * conversation): the intake then leaves the row alone. @defaultValue true
   */
  settleDelivery?: boolean;
}

export interface IntakeResult {
  /** The same key was processed before: nothing was changed now. */
  duplicate: boolean;
  /** What was done: suppressed, counted, opted_out, marked_invalid, lifted, recorded, ignored. */
  action: string;
  deliveryId: bigint | null;
  campaignId: number | null;
  memberId: number | null;
}

export type IntakeDeps = { db: Db; pseudonyms: Pseudonyms } & {
  config: Pick<Config, "SOFT_BOUNCE_LIMIT" | "SOFT_BOUNCE_WINDOW_DAYS"> & Partial<Pick<Config, "FALLBACK_AFTER_FAILURE_HOURS">>;
};

/** FALLBACK_AFTER_FAILURE_HOURS's default, for callers whose config predates it. */
const DEFAULT_FALLBACK_HOURS = 48;

interface Subject {
  deliveryId: bigint | null;
  deliveryStatus: string | null;
  campaignId: number | null;
  purpose: Purpose | null;
  memberId: number | null;
  /** The address acted on and its hash; null when none is known. */
  address: string | null;
  hash: string | null;
  /** Whether that address is the member's current one (then its marker may be set). */
  isMembersCurrent: boolean;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Takes one verdict: stores it once and applies what it means. */
export async function takeProviderEvent(deps: IntakeDeps, event: ProviderEvent): Promise<IntakeResult> {
  return deps.db.$transaction(async (tx) => {
    const subject = await subjectOf(tx, deps.pseudonyms, event);
    const ids = { deliveryId: subject.deliveryId, campaignId: subject.campaignId, memberId: subject.memberId };
    const [inserted] = await tx.$queryRawUnsafe<Array<{ id: bigint }>>(
      `INSERT INTO provider_event (kind, source, channel, delivery_id, campaign_id, member_id, address_hash, status, action, idempotency_key, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'recorded', $9, $10)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      event.kind, event.source, event.channel, subject.deliveryId, subject.campaignId, subject.memberId, subject.hash,
      event.status ?? null, event.idempotencyKey ?? null, event.at,
    );
    if (!inserted) return { duplicate: true, action: "duplicate", ...ids };
    const action = await applyEvent(tx, deps, event, subject);
    await tx.$executeRawUnsafe(`UPDATE provider_event SET action = $2 WHERE id = $1`, inserted.id, action);
    return { duplicate: false, action, ...ids };
  });
}

async function subjectOf(tx: Tx, pseudonyms: Pseudonyms, event: ProviderEvent): Promise<Subject> {
  const delivery = event.deliveryId
    ? await tx.delivery.findUnique({
      where: { id: event.deliveryId },
      select: { id: true, status: true, campaignId: true, memberId: true, campaign: { select: { purpose: true } } },
    })
    : null;
  const memberId = delivery?.memberId ?? event.unsubscribe?.memberId ?? event.memberId ?? null;
  const member = memberId ? await tx.member.findUnique({ where: { id: memberId }, select: { email: true, mobile: true, addressLine: true } }) : null;
  if (event.channel === "letter") {
    // A postal address has no hash (it is never suppressed, only marked invalid): a returned
    // letter is about the address the member has on file.
    return {
      deliveryId: delivery?.id ?? null, deliveryStatus: delivery?.status ?? null, campaignId: delivery?.campaignId ?? null,
      purpose: (delivery?.campaign.purpose as Purpose | undefined) ?? null, memberId, address: null, hash: null,
      isMembersCurrent: Boolean(member?.addressLine),
    };
  }
  const current = member ? (event.channel === "email" ? member.email : member.mobile) : null;
  const currentHash = current ? pseudonyms.address(event.channel, current) : null;
  const address = event.address ?? current;
  const hash = address ? pseudonyms.address(event.channel, address) : null;
  // An unusable address (a number Twilio calls invalid may not normalise) has no hash: it is
  // still the member's current one when it is literally the same.
  const isMembersCurrent = address !== null && (hash !== null ? hash === currentHash : address === current);
  return {
    deliveryId: delivery?.id ?? null,
    deliveryStatus: delivery?.status ?? null,
    campaignId: delivery?.campaignId ?? event.unsubscribe?.campaignId ?? null,
    purpose: (delivery?.campaign.purpose as Purpose | undefined) ?? null,
    memberId,
    address: hash ? address : null,
    hash,
    isMembersCurrent,
  };
}

async function applyEvent(tx: Tx, deps: IntakeDeps, event: ProviderEvent, subject: Subject): Promise<string> {
  switch (event.kind) {
    case "hard_bounce": {
      if (event.settleDelivery !== false) await markBounced(tx, subject, event);
      const suppressed = await suppress(tx, deps, event, subject, "hard_bounce");
      const marked = await markInvalid(tx, event, subject);
      await fallBack(tx, deps, event, subject);
      return suppressed ? "suppressed" : marked ? "marked_invalid" : "recorded";
    }
    case "soft_bounce": {
      if (!subject.hash) return "recorded";
      // This event is already in the table, so the count includes it.
      const [row] = await tx.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM provider_event
         WHERE channel = $1 AND address_hash = $2 AND kind = 'soft_bounce' AND at > $3::timestamptz - make_interval(days => $4) AND at <= $3`,
        event.channel, subject.hash, event.at, deps.config.SOFT_BOUNCE_WINDOW_DAYS,
      );
      if ((row?.n ?? 0) < deps.config.SOFT_BOUNCE_LIMIT) return "counted";
      return (await suppress(tx, deps, event, subject, "soft_bounce")) ? "suppressed" : "counted";
    }
    case "complaint": {
      const suppressed = await suppress(tx, deps, event, subject, "complaint");
      // The member said "spam" about this kind of message: no more of it by email. Service
      // messages have no opt-out; the suppression alone stops them.
      if (subject.memberId && subject.purpose && subject.purpose !== "service") {
        await recordConsentEvent(tx, {
          memberId: subject.memberId, purpose: subject.purpose, channel: "email", action: "opt_out", source: "complaint",
          actor: "provider", at: event.at, basis: "spam complaint (ARF)", campaignId: subject.campaignId,
        });
        return "opted_out";
      }
      return suppressed ? "suppressed" : "recorded";
    }
    case "unsubscribe": {
      const claims = event.unsubscribe;
      if (!claims) return "ignored";
      const scope = unsubscribeScope(claims);
      // Exactly what the one-click POST records, with the mailbox as its source.
      await recordConsentEvent(tx, {
        memberId: claims.memberId, purpose: scope.purpose, channel: scope.channel, newsletterId: scope.newsletterId,
        action: scope.action, source: "mailto", actor: "member", at: event.at, campaignId: claims.campaignId,
      });
      return "opted_out";
    }
    case "sms_stop":
    case "sms_start":
      return smsKeyword(tx, deps, event, subject);
    case "invalid_address": {
      const marked = await markInvalid(tx, event, subject);
      await fallBack(tx, deps, event, subject);
      return marked ? "marked_invalid" : "recorded";
    }
    case "auto_reply":
    case "filtered":
    case "unmatched":
      // Recorded for the campaign's figures and for staff; never a reason to stop writing to anyone.
      return "recorded";
    default:
      return assertNever(event.kind);
  }
}

async function suppress(tx: Tx, deps: IntakeDeps, event: ProviderEvent, subject: Subject, reason: SuppressionReason): Promise<boolean> {
  if (!subject.address) return false;
  const source = [event.source, event.status].filter(Boolean).join(":");
  return suppressAddress(tx, { channel: event.channel, address: subject.address, reason, at: event.at, source, pseudonyms: deps.pseudonyms });
}

/** Sets the member's "invalid since" marker, only when the verdict is about the address the member has now. */
async function markInvalid(tx: Tx, event: ProviderEvent, subject: Subject): Promise<boolean> {
  if (!subject.memberId || !subject.isMembersCurrent) return false;
  const column = event.channel === "email" ? "email_invalid_at" : event.channel === "sms" ? "mobile_invalid_at" : "address_invalid_at";
  const changed = await tx.$executeRawUnsafe(`UPDATE member SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL`, subject.memberId, event.at);
  return changed > 0;
}

/**
 * A campaign sending on the first available channel moves the member on to the next one. Not for
 * a refusal at send time (settleDelivery false): the worker passes that row over itself.
 */
async function fallBack(tx: Tx, deps: IntakeDeps, event: ProviderEvent, subject: Subject): Promise<void> {
  if (!subject.deliveryId || event.settleDelivery === false) return;
  await fallBackAfterFailure(tx, subject.deliveryId, event.at, deps.config.FALLBACK_AFTER_FAILURE_HOURS ?? DEFAULT_FALLBACK_HOURS);
}

/** A delivery that left and came back for good: `bounced`, with the status code as its reason. */
async function markBounced(tx: Tx, subject: Subject, event: ProviderEvent): Promise<void> {
  if (!subject.deliveryId) return;
  await tx.$executeRawUnsafe(
    `UPDATE delivery SET status = 'bounced', reason = $2, failed_at = $3, updated_at = now()
     WHERE id = $1 AND status IN ('sent', 'delivered')`,
    subject.deliveryId, event.status ? `bounce ${event.status}` : "bounce", event.at,
  );
}

/**
 * STOP suppresses the number for every purpose, service included (the member asked this number to
 * stop), and records a channel-wide SMS opt-out for each member holding it. START lifts only an
 * sms_stop suppression: a number that bounced stays suppressed.
 */
async function smsKeyword(tx: Tx, deps: IntakeDeps, event: ProviderEvent, subject: Subject): Promise<string> {
  if (!subject.address) return "ignored";
  const stop = event.kind === "sms_stop";
  // Erased members hold no number any more, so they cannot match here.
  const holders = await tx.member.findMany({ where: { mobile: subject.address }, select: { id: true } });
  if (stop) await suppress(tx, deps, event, subject, "sms_stop");
  else await liftSuppression(tx, { channel: "sms", address: subject.address, at: event.at, reason: "sms_start", onlyReasons: ["sms_stop"], pseudonyms: deps.pseudonyms });
  for (const { id } of holders) {
    await recordConsentEvent(tx, {
      memberId: id, purpose: "all", channel: "sms", action: stop ? "opt_out" : "opt_in",
      source: "sms_stop", actor: "sms", at: event.at, basis: stop ? "sms keyword STOPP" : "sms keyword START",
    });
  }
  return stop ? "suppressed" : "lifted";
}

/**
 * A suppression added by staff: not a provider's verdict, but written here like every other
 * suppression, with an event row naming who added it. Returns the suppression's id.
 */
export async function suppressForStaff(
  tx: SqlRunner, pseudonyms: Pseudonyms,
  input: { channel: Extract<ChannelName, "email" | "sms">; address: string; reason: SuppressionReason; source: string; at: Date },
): Promise<{ id: bigint; created: boolean }> {
  const result = await suppressAddressReturningId(tx, { ...input, pseudonyms });
  if (result.created) {
    await tx.$executeRawUnsafe(
      `INSERT INTO provider_event (kind, source, channel, address_hash, action, at) VALUES ('manual', $1, $2, $3, 'suppressed', $4)`,
      input.source, input.channel, pseudonyms.address(input.channel, input.address), input.at,
    );
  }
  return result;
}

/**
 * The member registry sent these (changed) email addresses: their soft-bounce suppressions are
 * lifted. A hard bounce, a complaint or a STOP stays.
 */
export async function liftSoftBounceSuppressions(tx: SqlRunner, pseudonyms: Pseudonyms, emails: readonly string[], at: Date): Promise<number> {
  const hashes = [...new Set(emails.map((e) => pseudonyms.address("email", e)).filter((h): h is string => h !== null))];
  if (hashes.length === 0) return 0;
  return tx.$executeRawUnsafe(
    `UPDATE suppression SET lifted_at = $2, lift_reason = 'registry sent a changed address'
     WHERE channel = 'email' AND address_hash = ANY($1::text[]) AND reason = 'soft_bounce' AND lifted_at IS NULL`,
    hashes, at,
  );
}
