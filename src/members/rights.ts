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

async function findLiveMember(db: Db, memberNumber: string) {
  const member = await db.member.findUnique({ where: { memberNumber }, include: { employments: true } });
  if (!member || (await db.erasedMember.findUnique({ where: { memberId: member.id } }))) {
    throw new MemberNotFoundError(`no member with that member number`);
  }
  return member;
}

/** Everything held about the member, as plain JSON-able data. Recorded in the audit log. */
export async function exportMember(db: Db, pseudonyms: Pseudonyms, memberNumber: string, meta: RightsMeta) {
  const member = await findLiveMember(db, memberNumber);
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
  await db.auditLog.create({
    data: { actor: meta.actor, action: "members.export", entity: "member", entityId: String(member.id), at: meta.at },
  });
  return {
    exportedAt: meta.at.toISOString(),
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

export interface ErasureReport {
  memberId: number;
  restrictionsKept: number;
}

const RESTRICTIVE = new Set(["opt_out", "withdrawal", "objection"]);

/** Removes the member's personal data (see the file comment for what stays and why). */
export async function eraseMember(db: Db, pseudonyms: Pseudonyms, memberNumber: string, meta: RightsMeta): Promise<ErasureReport> {
  const member = await findLiveMember(db, memberNumber);
  const numberHash = pseudonyms.memberNumber(member.memberNumber);
  return db.$transaction(async (tx) => {
    const own = (await tx.consentState.findMany({ where: { memberId: member.id } })).map(
      (s): ScopeState => ({ purpose: s.purpose, channel: s.channel, newsletterId: s.newsletterId, action: s.action }),
    );
    const earlier = await tx.consentTombstone.findUnique({ where: { memberNumberHash: numberHash } });
    const restrictions = mergeTombstone(own, (earlier?.restrictions ?? []) as unknown as ScopeState[]).filter((s) =>
      RESTRICTIVE.has(s.action),
    );
    await tx.consentTombstone.upsert({
      where: { memberNumberHash: numberHash },
      create: { memberNumberHash: numberHash, restrictions: restrictions as never, erasedAt: meta.at },
      update: { restrictions: restrictions as never, erasedAt: meta.at },
    });
    await tx.consentState.deleteMany({ where: { memberId: member.id } });
    await tx.employment.deleteMany({ where: { memberId: member.id } });
    await tx.member.update({
      where: { id: member.id },
      data: {
        // Not a valid import member number (the importer refuses '#'), so it can never collide.
        memberNumber: `#erased-${member.id}`,
        firstName: "", lastName: "", birthDate: null, joinedOn: null, branch: null, status: "resigned",
        email: null, emailInvalidAt: null, mobile: null, mobileInvalidAt: null,
        addressLine: null, postcode: null, city: null, country: "NO", addressInvalidAt: null,
        municipalityNumber: null, countyNumber: null,
      },
    });
    await tx.erasedMember.create({ data: { memberId: member.id, erasedAt: meta.at } });
    await tx.auditLog.create({
      data: {
        actor: meta.actor, action: "members.erase", entity: "member", entityId: String(member.id), at: meta.at,
        details: { restrictionsKept: restrictions.length },
      },
    });
    return { memberId: member.id, restrictionsKept: restrictions.length };
  });
}
