// A member's history (GDPR art. 15): every message that left us for the member, newest first,
// with the campaign, why the member was included, the lawful basis, and what the member had
// chosen at the time. The member's own page, its downloads and the staff member page all read
// this one function.
import { isChannel, isPurpose } from "../consent/purposes.ts";
import type { HistoryEntry, MemberHistory } from "../contracts/history.ts";
import type { Db } from "../db/client.ts";
import { notFound } from "../errors.ts";
import { consentThen, type LedgerEvent } from "./consent-then.ts";
import { lawfulBasisOf } from "./lawful-basis.ts";

export interface HistoryOptions {
  now: Date;
  /** RETENTION_DELIVERIES_DAYS: reported, so readers know why older messages are missing. */
  retentionDays: number;
}

interface DeliveryRow {
  id: bigint;
  channel: string;
  status: string;
  at: Date;
  campaign_id: number;
  campaign_name: string;
  purpose: string;
  audience_list: boolean;
  newsletter_id: number | null;
  newsletter_name: string | null;
  segment_name: string | null;
}

/**
 * The member's deliveries that left us: sent, delivered, or bounced (it left, and came back).
 * Skipped, failed, cancelled and pending rows never reached the member and are not history.
 * Index delivery(member_id); a member has at most a few hundred rows within retention.
 * `at` is sent_at (letters: when their print batch was made); COALESCE only guards a row from
 * before sent_at was always set, so no row that left is ever dropped from an art. 15 answer.
 * Not filtered by age: what retention has not yet removed is still held, and art. 15 covers it.
 */
async function deliveriesOf(db: Db, memberId: number): Promise<DeliveryRow[]> {
  return db.$queryRaw<DeliveryRow[]>`
    SELECT d.id, d.channel, d.status::text AS status, COALESCE(d.sent_at, d.updated_at) AS at,
           c.id AS campaign_id, c.name AS campaign_name, c.purpose, c.audience_list,
           c.newsletter_id, n.name AS newsletter_name, s.name AS segment_name
    FROM delivery d
    JOIN campaign c ON c.id = d.campaign_id
    LEFT JOIN newsletter n ON n.id = c.newsletter_id
    LEFT JOIN segment_version sv ON sv.id = c.segment_version_id
    LEFT JOIN segment s ON s.id = sv.segment_id
    WHERE d.member_id = ${memberId} AND d.status IN ('sent', 'delivered', 'bounced')
    ORDER BY at DESC, d.id DESC`;
}

/** The member's whole consent ledger (index consent_event(member_id, at)); replayed per message in TS. */
async function ledgerOf(db: Db, memberId: number): Promise<LedgerEvent[]> {
  const rows = await db.consentEvent.findMany({
    where: { memberId },
    select: { id: true, purpose: true, channel: true, newsletterId: true, action: true, source: true, at: true },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return rows;
}

export async function memberHistory(db: Db, memberId: number, options: HistoryOptions): Promise<MemberHistory> {
  const [member, deliveries, ledger] = await Promise.all([
    db.member.findUnique({ where: { id: memberId }, select: { memberNumber: true } }),
    deliveriesOf(db, memberId),
    ledgerOf(db, memberId),
  ]);
  if (!member) throw notFound(`no member with id ${memberId}`);
  return {
    memberNumber: member.memberNumber,
    retentionDays: options.retentionDays,
    generatedAt: options.now.toISOString(),
    entries: deliveries.map((row) => entryOf(row, ledger)),
  };
}

function entryOf(row: DeliveryRow, ledger: readonly LedgerEvent[]): HistoryEntry {
  // Both are closed vocabularies the database only ever gets from the campaign code.
  if (!isPurpose(row.purpose)) throw new Error(`campaign ${row.campaign_id} has an unknown purpose`);
  if (!isChannel(row.channel)) throw new Error(`delivery ${row.id} has an unknown channel`);
  const basis = lawfulBasisOf(row.purpose);
  return {
    deliveryId: row.id.toString(),
    at: row.at.toISOString(),
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    channel: row.channel,
    purpose: row.purpose,
    status: row.status,
    why: {
      audience: row.audience_list ? "list" : row.newsletter_id !== null ? "newsletter" : row.segment_name !== null ? "segment" : "rules",
      segmentName: row.segment_name,
      newsletterName: row.newsletter_name,
      lawfulBasis: basis.basis,
      legalReference: basis.legalReference,
    },
    consent: consentThen(ledger, { at: row.at, purpose: row.purpose, channel: row.channel, newsletterId: row.newsletter_id }),
  };
}
