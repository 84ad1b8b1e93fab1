// GDPR art. 15 (access) and art. 17 (erasure) for one member.
//
// Erasure anonymises the member row in place instead of deleting it: other areas (segment
// snapshots, deliveries) point at member ids, and the row's erased_member marker makes every
// decision answer `erased`. Suppressions are already keyed by hashed addresses and stay.
// The member's refusals (opt-outs, objections, withdrawals; never opt-ins, which must be
// given again) are kept in a tombstone keyed by a keyed hash of the member number, and
// decide() applies them to a later re-import of the same member number until that member
// says otherwise for the same scope. The ledger keeps its rows: they hold only the old id.
import { DomainError } from "../errors.ts";
import type { Db } from "../db/client.ts";
import { mergeTombstone } from "../consent/decide.ts";
import type { ScopeState } from "../consent/evaluate.ts";
import { consentHistory, currentState } from "../consent/ledger.ts";
import type { Pseudonyms } from "../consent/pseudonyms.ts";
import { suppressionsFor } from "../consent/suppressions.ts";
import { deliveriesOfMember } from "../deliveries/queries.ts";
import { membersChanged } from "./changes.ts";
import { findMemberInScope } from "./view.ts";
import { isoDay, isoInstant } from "../contracts/common.ts";
import type { MemberExport } from "../contracts/members.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface RightsMeta {
  actor: string;
  at: Date;
}

export class MemberNotFoundError extends DomainError {
  override name = "MemberNotFoundError";
  constructor(message: string) {
    super("not_found", message);
  }
}

/** The id of a member who is not erased (unscoped: the callers act as the system operator). */
async function findLiveMember(db: Db, memberNumber: string): Promise<number> {
  const id = await findMemberInScope(db, memberNumber, null);
  if (id === null) throw new MemberNotFoundError("no member with that member number");
  return id;
}

/** Everything held about the member, as plain JSON-able data. Recorded in the audit log. */
export async function exportMember(db: Db, pseudonyms: Pseudonyms, memberNumber: string, meta: RightsMeta) {
  const memberId = await findLiveMember(db, memberNumber);
  const exported = await collectMemberExport(db, pseudonyms, memberId, meta.at);
  await db.auditLog.create({
    data: { actor: meta.actor, action: "members.export", entity: "member", entityId: String(memberId), at: meta.at },
  });
  return exported;
}

/** Everything held about a member (found by the caller, inside its scope); no audit row. */
export async function collectMemberExport(db: Db, pseudonyms: Pseudonyms, memberId: number, at: Date) {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, include: { employments: { orderBy: { id: "asc" } } } });
  const [history, state, suppressions, tombstone, deliveries] = await Promise.all([
    consentHistory(db, member.id),
    currentState(db, member.id),
    suppressionsFor(db, pseudonyms, [
      { channel: "email", address: member.email },
      { channel: "sms", address: member.mobile },
    ]),
    db.consentTombstone.findUnique({ where: { memberNumberHash: pseudonyms.memberNumber(member.memberNumber) } }),
    deliveriesOfMember(db, member.id),
  ]);
  const { employments, ...fields } = member;
  return {
    exportedAt: at.toISOString(),
    member: fields,
    employments,
    consent: {
      history,
      current: state,
      /** Refusals carried over from an earlier erased record with the same member number. */
      carriedOver: tombstone ? (tombstone.restrictions as unknown as ScopeState[]) : [],
    },
    suppressions,
    deliveries,
  };
}


/** The export in the API contract's shape: instants as ISO strings, dates as YYYY-MM-DD. */
export function exportView(raw: Awaited<ReturnType<typeof collectMemberExport>>): MemberExport {
  const m = raw.member;
  return {
    exportedAt: raw.exportedAt,
    member: {
      id: m.id, memberNumber: m.memberNumber, firstName: m.firstName, lastName: m.lastName, birthDate: isoDay(m.birthDate),
      language: m.language, status: m.status, joinedOn: isoDay(m.joinedOn), branch: m.branch,
      email: m.email, emailInvalidAt: isoInstant(m.emailInvalidAt), mobile: m.mobile, mobileInvalidAt: isoInstant(m.mobileInvalidAt),
      addressLine: m.addressLine, postcode: m.postcode, city: m.city, country: m.country, addressInvalidAt: isoInstant(m.addressInvalidAt),
      municipalityNumber: m.municipalityNumber, countyNumber: m.countyNumber, createdAt: m.createdAt.toISOString(), updatedAt: m.updatedAt.toISOString(),
    },
    employments: raw.employments.map((e) => ({
      isPrimary: e.isPrimary, employerOrgNumber: e.employerOrgNumber, employerName: e.employerName, sector: e.sector, agreement: e.agreement,
      workplace: e.workplace, position: e.position, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
    })),
    consent: {
      history: raw.consent.history.map((h) => ({ ...h, at: h.at.toISOString() })),
      current: raw.consent.current,
      carriedOver: raw.consent.carriedOver.map((c) => ({ purpose: c.purpose, channel: c.channel, newsletterId: c.newsletterId, action: c.action })),
    },
    suppressions: raw.suppressions.map((s) => ({ channel: s.channel, reason: s.reason, source: s.source, at: s.at.toISOString(), liftedAt: isoInstant(s.liftedAt) })),
    deliveries: raw.deliveries.map((d) => ({
      campaignId: d.campaignId, channel: d.channel, status: d.status as MemberExport["deliveries"][number]["status"], reason: d.reason, attempts: d.attempts,
      createdAt: d.createdAt.toISOString(), sentAt: isoInstant(d.sentAt), deliveredAt: isoInstant(d.deliveredAt), failedAt: isoInstant(d.failedAt),
    })),
  };
}

export interface ErasureReport {
  memberId: number;
  restrictionsKept: number;
}

const RESTRICTIVE = new Set(["opt_out", "withdrawal", "objection"]);

/** Removes the member's personal data (see the file comment for what stays and why). */
export async function eraseMember(db: Db, pseudonyms: Pseudonyms, memberNumber: string, meta: RightsMeta): Promise<ErasureReport> {
  const memberId = await findLiveMember(db, memberNumber);
  return eraseMemberById(db, pseudonyms, memberId, meta.at, (tx, report) =>
    tx.auditLog
      .create({
        data: {
          actor: meta.actor, action: "members.erase", entity: "member", entityId: String(memberId), at: meta.at,
          details: { restrictionsKept: report.restrictionsKept },
        },
      })
      .then(() => undefined),
  );
}

/**
 * Erases a member found by the caller (inside its scope). `audit` runs in the erasure's
 * transaction, so the record of the erasure and the erasure commit together or not at all.
 */
export async function eraseMemberById(
  db: Db,
  pseudonyms: Pseudonyms,
  memberId: number,
  at: Date,
  audit: (tx: Prisma.TransactionClient, report: ErasureReport) => Promise<void>,
): Promise<ErasureReport> {
  const erased = await db.$transaction(async (tx) => {
    // Locked, so two concurrent erasures of one member cannot both pass the check below.
    const [member] = await tx.$queryRaw<Array<{ member_number: string }>>`SELECT member_number FROM member WHERE id = ${memberId} FOR UPDATE`;
    if (!member || (await tx.erasedMember.findUnique({ where: { memberId } }))) throw new MemberNotFoundError("no member with that member number");
    const numberHash = pseudonyms.memberNumber(member.member_number);
    const own = (await tx.consentState.findMany({ where: { memberId } })).map(
      (s): ScopeState => ({ purpose: s.purpose, channel: s.channel, newsletterId: s.newsletterId, action: s.action }),
    );
    const earlier = await tx.consentTombstone.findUnique({ where: { memberNumberHash: numberHash } });
    const restrictions = mergeTombstone(own, (earlier?.restrictions ?? []) as unknown as ScopeState[]).filter((s) =>
      RESTRICTIVE.has(s.action),
    );
    await tx.consentTombstone.upsert({
      where: { memberNumberHash: numberHash },
      create: { memberNumberHash: numberHash, restrictions: restrictions as never, erasedAt: at },
      update: { restrictions: restrictions as never, erasedAt: at },
    });
    await tx.consentState.deleteMany({ where: { memberId } });
    await tx.employment.deleteMany({ where: { memberId } });
    await tx.memberHistoryLink.deleteMany({ where: { memberId } });
    await tx.member.update({
      where: { id: memberId },
      data: {
        // Not a valid import member number (the importer refuses '#'), so it can never collide.
        memberNumber: `#erased-${memberId}`,
        firstName: "", lastName: "", birthDate: null, joinedOn: null, branch: null, status: "resigned",
        email: null, emailInvalidAt: null, mobile: null, mobileInvalidAt: null,
        addressLine: null, postcode: null, city: null, country: "NO", addressInvalidAt: null,
        municipalityNumber: null, countyNumber: null,
      },
    });
    await tx.erasedMember.create({ data: { memberId, erasedAt: at } });
    const report = { memberId, restrictionsKept: restrictions.length };
    await audit(tx, report);
    return report;
  });
  membersChanged(db);
  return erased;
}
