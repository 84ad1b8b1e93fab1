// The one place any send is decided: may member M get purpose P on channel C now, and if
// not, why not. Workers call decideBatch once per batch; it runs two statements whatever
// the batch size (members with their consent state, then suppressions + tombstones by hash).
import { assertNever } from "../assert.ts";
import type { Db } from "../db/client.ts";
import type { Sql } from "../db/sql.ts";
import { evaluate, type Decision, type MemberFacts, type ScopeState } from "./evaluate.ts";
import type { Pseudonyms } from "./pseudonyms.ts";
import type { ChannelName, Purpose } from "./purposes.ts";

export { SKIP_REASONS, type Decision, type SkipReason } from "./evaluate.ts";

export interface DecideOptions {
  /** Hash key for suppressions and tombstones: `pseudonymsFromConfig(config)`. */
  pseudonyms: Pseudonyms;
  /** Required for purpose `newsletter`: which newsletter is being sent. */
  newsletterId?: number;
}

interface MemberRow {
  id: number;
  member_number: string;
  status: string;
  erased: boolean;
  email: string | null;
  email_invalid_at: Date | null;
  mobile: string | null;
  mobile_invalid_at: Date | null;
  address_line: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  address_invalid_at: Date | null;
  states: ScopeState[];
}

// Only state rows that can matter for this purpose are aggregated (index consent_state_member_id_idx).
const MEMBERS_SQL = `
  SELECT m.id, m.member_number, m.status::text AS status, (e.member_id IS NOT NULL) AS erased,
         m.email, m.email_invalid_at, m.mobile, m.mobile_invalid_at,
         m.address_line, m.postcode, m.city, m.country, m.address_invalid_at,
         COALESCE((
           SELECT json_agg(json_build_object('purpose', s.purpose, 'channel', s.channel,
                                             'newsletterId', s.newsletter_id, 'action', s.action))
           FROM consent_state s
           WHERE s.member_id = m.id AND s.purpose IN ($2, 'all') AND s.channel IN ($3, 'all')
         ), '[]'::json) AS states
  FROM member m
  LEFT JOIN erased_member e ON e.member_id = m.id
  WHERE m.id = ANY($1::int[])`;

// Active suppressions and erasure tombstones, probed by hash (both primary/unique indexes).
const HASHES_SQL = `
  SELECT 'suppression' AS kind, address_hash AS hash, NULL::jsonb AS restrictions
  FROM suppression WHERE channel = $1 AND lifted_at IS NULL AND address_hash = ANY($2::text[])
  UNION ALL
  SELECT 'tombstone', member_number_hash, restrictions
  FROM consent_tombstone WHERE member_number_hash = ANY($3::text[])`;

export async function decideBatch(
  db: Sql,
  memberIds: readonly number[],
  purpose: Purpose,
  channel: ChannelName,
  at: Date,
  options: DecideOptions,
): Promise<Map<number, Decision>> {
  // `at` is part of the contract so time-bound rules (consent expiry, quiet hours) can join
  // later without changing callers; today every rule is "latest event wins".
  void at;
  const ids = [...new Set(memberIds)];
  const decisions = new Map<number, Decision>();
  if (ids.length === 0) return decisions;
  const rows = await db.$queryRawUnsafe<MemberRow[]>(MEMBERS_SQL, ids, purpose, channel);

  const addressHash = new Map<number, string>();
  const numberHash = new Map<number, string>();
  for (const row of rows) {
    if (row.erased) continue;
    numberHash.set(row.id, options.pseudonyms.memberNumber(row.member_number));
    const address = suppressibleAddress(row, channel);
    const hash = address ? options.pseudonyms.address(channel, address) : null;
    if (hash) addressHash.set(row.id, hash);
  }
  const found = numberHash.size > 0
    ? await db.$queryRawUnsafe<Array<{ kind: string; hash: string; restrictions: ScopeState[] | null }>>(
        HASHES_SQL, channel, [...addressHash.values()], [...numberHash.values()],
      )
    : [];
  const suppressed = new Set(found.filter((f) => f.kind === "suppression").map((f) => f.hash));
  const tombstones = new Map(found.filter((f) => f.kind === "tombstone").map((f) => [f.hash, f.restrictions ?? []]));

  for (const row of rows) {
    const tomb = tombstones.get(numberHash.get(row.id) ?? "") ?? [];
    const facts: MemberFacts = {
      status: row.status, erased: row.erased,
      email: row.email, emailInvalidAt: row.email_invalid_at, mobile: row.mobile, mobileInvalidAt: row.mobile_invalid_at,
      addressLine: row.address_line, postcode: row.postcode, city: row.city, country: row.country,
      addressInvalidAt: row.address_invalid_at,
      states: mergeTombstone(row.states, tomb),
      suppressed: suppressed.has(addressHash.get(row.id) ?? ""),
    };
    decisions.set(row.id, evaluate(facts, purpose, channel, options.newsletterId ?? null));
  }
  for (const id of ids) if (!decisions.has(id)) decisions.set(id, { allowed: false, reason: "member_not_found" });
  return decisions;
}

export async function decide(
  db: Db,
  memberId: number,
  purpose: Purpose,
  channel: ChannelName,
  at: Date,
  options: DecideOptions,
): Promise<Decision> {
  const result = await decideBatch(db, [memberId], purpose, channel, at, options);
  return result.get(memberId) ?? { allowed: false, reason: "member_not_found" };
}

/** The address a suppression would be keyed by; letters have none (see normaliseAddress). */
function suppressibleAddress(row: MemberRow, channel: ChannelName): string | null {
  switch (channel) {
    case "email":
      return row.email;
    case "sms":
      return row.mobile;
    case "letter":
      return null;
    default:
      return assertNever(channel);
  }
}

const scopeKey = (s: ScopeState) => `${s.purpose}|${s.channel}|${s.newsletterId ?? 0}`;

/** A tombstone's restrictions apply where the re-imported member has not since said otherwise for the same scope. */
export function mergeTombstone(own: ScopeState[], tombstone: ScopeState[]): ScopeState[] {
  if (tombstone.length === 0) return own;
  const mine = new Set(own.map(scopeKey));
  return [...own, ...tombstone.filter((t) => !mine.has(scopeKey(t)))];
}
