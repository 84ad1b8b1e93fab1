// One member as staff see it, and finding a member within an actor's scope. A member outside
// the scope, an erased member and a member number nobody has are the same thing here: null.
import type { Scope } from "../auth/actor.ts";
import { scopeCondition } from "../auth/scope.ts";
import { consentHistory } from "../consent/ledger.ts";
import type { Pseudonyms } from "../consent/pseudonyms.ts";
import { suppressionsFor } from "../consent/suppressions.ts";
import { isoDay, isoInstant } from "../contracts/common.ts";
import type { MemberDetail } from "../contracts/members.ts";
import type { Db } from "../db/client.ts";
import { countyName } from "./geography.ts";
import type { ContactState } from "./search.ts";

/** The member's id when the number names a live member inside the scope; the scope is part of the SQL. */
export async function findMemberInScope(db: Pick<Db, "$queryRawUnsafe">, memberNumber: string, scope: Scope | null): Promise<number | null> {
  const condition = scope ? scopeCondition(scope, { memberAlias: "m", firstParam: 2 }) : { sql: "true", params: [] };
  const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT m.id FROM member m
     WHERE m.member_number = $1 AND NOT EXISTS (SELECT 1 FROM erased_member x WHERE x.member_id = m.id) AND ${condition.sql}`,
    memberNumber,
    ...condition.params,
  );
  return rows[0]?.id ?? null;
}

const state = (present: boolean, invalidAt: Date | null): ContactState => (!present ? "missing" : invalidAt ? "invalid" : "valid");

/** Everything staff see about one member (found with findMemberInScope first). */
export async function loadMemberDetail(db: Db, pseudonyms: Pseudonyms, memberId: number): Promise<MemberDetail> {
  const m = await db.member.findUniqueOrThrow({
    where: { id: memberId },
    include: { employments: { orderBy: [{ isPrimary: "desc" }, { id: "asc" }] }, municipality: true },
  });
  const [history, current, suppressions, deliveries] = await Promise.all([
    consentHistory(db, memberId),
    db.consentState.findMany({ where: { memberId }, orderBy: { id: "asc" } }),
    suppressionsFor(db, pseudonyms, [
      { channel: "email", address: m.email },
      { channel: "sms", address: m.mobile },
    ]),
    deliveriesWithCampaigns(db, memberId),
  ]);
  return {
    memberNumber: m.memberNumber, firstName: m.firstName, lastName: m.lastName, birthDate: isoDay(m.birthDate),
    language: m.language, status: m.status, joinedOn: isoDay(m.joinedOn), branch: m.branch,
    municipality: m.municipalityNumber ? { number: m.municipalityNumber, name: m.municipality?.name ?? null } : null,
    county: m.countyNumber ? { number: m.countyNumber, name: countyName(m.countyNumber) ?? null } : null,
    contact: {
      email: { address: m.email, state: state(m.email !== null, m.emailInvalidAt), invalidAt: isoInstant(m.emailInvalidAt) },
      mobile: { number: m.mobile, state: state(m.mobile !== null, m.mobileInvalidAt), invalidAt: isoInstant(m.mobileInvalidAt) },
      address: {
        line: m.addressLine, postcode: m.postcode, city: m.city, country: m.country,
        state: state(m.addressLine !== null && m.postcode !== null, m.addressInvalidAt), invalidAt: isoInstant(m.addressInvalidAt),
      },
    },
    employments: m.employments.map((e) => ({
      isPrimary: e.isPrimary, employerOrgNumber: e.employerOrgNumber, employerName: e.employerName, sector: e.sector,
      agreement: e.agreement, workplace: e.workplace, position: e.position,
    })),
    consent: {
      history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
      current: current.map((s) => ({ purpose: s.purpose, channel: s.channel, newsletterId: s.newsletterId, action: s.action, at: s.at.toISOString() })),
    },
    suppressions: suppressions.filter((s) => s.liftedAt === null).map((s) => ({ channel: s.channel, reason: s.reason, source: s.source, at: s.at.toISOString() })),
    deliveries,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** Every delivery to the member with its campaign's name, newest first (delivery_member_id_idx). */
async function deliveriesWithCampaigns(db: Db, memberId: number): Promise<MemberDetail["deliveries"]> {
  const rows = await db.$queryRawUnsafe<Array<{
    campaign_id: number; campaign_name: string; channel: string; status: MemberDetail["deliveries"][number]["status"]; reason: string | null;
    attempts: number; created_at: Date; sent_at: Date | null; delivered_at: Date | null; failed_at: Date | null;
  }>>(
    `SELECT d.campaign_id, c.name AS campaign_name, d.channel, d.status::text AS status, d.reason, d.attempts,
            d.created_at, d.sent_at, d.delivered_at, d.failed_at
     FROM delivery d JOIN campaign c ON c.id = d.campaign_id
     WHERE d.member_id = $1 ORDER BY d.created_at DESC, d.id DESC`,
    memberId,
  );
  return rows.map((r) => ({
    campaignId: r.campaign_id, campaignName: r.campaign_name, channel: r.channel, status: r.status, reason: r.reason, attempts: r.attempts,
    createdAt: r.created_at.toISOString(), sentAt: isoInstant(r.sent_at), deliveredAt: isoInstant(r.delivered_at), failedAt: isoInstant(r.failed_at),
  }));
}
