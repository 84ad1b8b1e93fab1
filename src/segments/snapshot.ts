// Snapshot: materialises a segment's members at one instant, for a campaign. The recipients are
// written by ONE INSERT … SELECT, so the database never ships member ids to the application
// and the set is exactly what the rule matched at that moment.
import { DomainError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { osloDate } from "./age.ts";
import type { Scope } from "../auth/actor.ts";
import { scopedRule } from "./preview.ts";
import { withScope } from "../auth/scope.ts";
import { parseRule } from "./rules.ts";
// ── newsletters: a newsletter's confirmed subscribers as a snapshot source ──
import { confirmedSubscriberSql } from "../consent/newsletters.ts";
// ── end newsletters ──

export type SnapshotSource =
  | { segmentVersionId: number }
  | { rules: unknown }
  // ── newsletters: the confirmed subscribers (the consent ledger), optionally ∩ a segment version ──
  | { subscribersOf: number; segmentVersionId: number | null }
  // ── uploaded audience: the members listed for a campaign (campaign_list_member) ──
  | { listOfCampaign: number };

export interface Snapshot {
  snapshotId: number;
  count: number;
  takenAt: Date;
  /** The Europe/Oslo date `age` was evaluated on. */
  evaluatedOn: string;
}

export class SegmentVersionNotFoundError extends DomainError {
  readonly segmentVersionId: number;
  constructor(segmentVersionId: number) {
    super("not_found", `no segment version with id ${segmentVersionId}`);
    this.name = "SegmentVersionNotFoundError";
    this.segmentVersionId = segmentVersionId;
  }
}

/**
 * Materialises the recipients of a segment version (or of ad-hoc rules, a newsletter's confirmed
 * subscribers, an uploaded list). Readers page through them by the primary key:
 * `WHERE snapshot_id = $1 AND member_id > $2 ORDER BY member_id LIMIT n`.
 */
export async function snapshotRecipients(db: Db, source: SnapshotSource, clock: Clock, options: { scope?: Scope | null } = {}): Promise<Snapshot> {
  const scope = options.scope ?? null;
  // ── newsletters ──
  if ("subscribersOf" in source) return snapshotSubscribers(db, source, clock, scope);
  // ── end newsletters ──
  if ("listOfCampaign" in source) return snapshotList(db, source.listOfCampaign, clock, scope); // ── uploaded audience ──
  const adHoc = "rules" in source;
  // Ad-hoc rules are validated before the transaction opens: a bad rule touches nothing.
  const adHocRule = adHoc ? parseRule(source.rules) : undefined;
  return materialise(db, clock, async (tx) => {
    const rule = adHocRule ?? (await segmentRule(tx, (source as { segmentVersionId: number }).segmentVersionId));
    return {
      segmentVersionId: adHoc ? null : (source as { segmentVersionId: number }).segmentVersionId,
      rules: rule,
      select: (evaluatedOn) => {
        // A steward's campaign reaches only the steward's scope, intersected inside the INSERT … SELECT.
        const where = scopedRule(rule, evaluatedOn, scope, 2);
        return { sql: `SELECT $1::int, m.id FROM ${where.from} WHERE ${where.sql} ORDER BY m.id`, params: where.params };
      },
    };
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** What a snapshot records about its source, and the SELECT of its members ($1 is the snapshot id). */
interface SnapshotPlan {
  segmentVersionId: number | null;
  rules: unknown;
  select(evaluatedOn: string): { sql: string; params: unknown[] };
}

/**
 * Every kind of snapshot is taken the same way: one transaction, the snapshot row, then its
 * recipients by ONE INSERT … SELECT ordered by member id (rows arrive in primary-key order, so the
 * index grows at its right edge), and the count.
 */
async function materialise(db: Db, clock: Clock, plan: (tx: Tx) => Promise<SnapshotPlan>): Promise<Snapshot> {
  return db.$transaction(
    async (tx) => {
      const { segmentVersionId, rules, select } = await plan(tx);
      const takenAt = clock.now();
      const evaluatedOn = osloDate(takenAt);
      const snapshot = await tx.segmentSnapshot.create({
        data: {
          segmentVersionId, rules: rules as Prisma.InputJsonValue, evaluatedOn: new Date(`${evaluatedOn}T00:00:00Z`), takenAt, memberCount: 0,
        },
      });
      const { sql, params } = select(evaluatedOn);
      const count = await tx.$executeRawUnsafe(`INSERT INTO segment_snapshot_recipient (snapshot_id, member_id) ${sql}`, snapshot.id, ...params);
      await tx.segmentSnapshot.update({ where: { id: snapshot.id }, data: { memberCount: count } });
      return { snapshotId: snapshot.id, count, takenAt, evaluatedOn };
    },
    // A large segment takes seconds; the default 5 s interactive-transaction timeout is for web requests.
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}

/** The rule of a segment version, or not found. */
async function segmentRule(db: Pick<Db, "segmentVersion">, segmentVersionId: number): Promise<ReturnType<typeof parseRule>> {
  const version = await db.segmentVersion.findUnique({ where: { id: segmentVersionId } });
  if (!version) throw new SegmentVersionNotFoundError(segmentVersionId);
  return parseRule(version.rules);
}

// ── newsletters ──
/**
 * The confirmed subscribers of a newsletter (optionally only those the segment version also
 * selects, and always only inside a steward's scope), written by one INSERT … SELECT like every
 * snapshot. The snapshot's `rules` record the source: `{subscribersOf, rules}`.
 */
function snapshotSubscribers(
  db: Db,
  source: { subscribersOf: number; segmentVersionId: number | null },
  clock: Clock,
  scope: Scope | null,
): Promise<Snapshot> {
  return materialise(db, clock, async (tx) => {
    const rule = source.segmentVersionId !== null ? await segmentRule(tx, source.segmentVersionId) : null;
    return {
      segmentVersionId: source.segmentVersionId,
      rules: { subscribersOf: source.subscribersOf, rules: rule },
      select: (evaluatedOn) => {
        // $1 snapshot id, $2 newsletter id, then the segment's parameters and the scope's.
        const where = rule ? scopedRule(rule, evaluatedOn, scope, 3) : { from: "member m", ...withScopeOnly(scope, 3) };
        return {
          sql: `SELECT $1::int, m.id FROM ${where.from} WHERE ${where.sql} AND ${confirmedSubscriberSql("m", 2)} ORDER BY m.id`,
          params: [source.subscribersOf, ...where.params],
        };
      },
    };
  });
}

/**
 * Ids of the members such a snapshot would take now, ascending: what the review's dry run and
 * the approval count see (the same condition as snapshotSubscribers).
 */
export async function subscriberAudienceIds(
  db: Pick<Db, "$queryRawUnsafe" | "segmentVersion">,
  source: { subscribersOf: number; segmentVersionId: number | null },
  evaluatedOn: string,
  scope: Scope | null,
): Promise<number[]> {
  const rule = source.segmentVersionId !== null ? await segmentRule(db, source.segmentVersionId) : null;
  const where = rule ? scopedRule(rule, evaluatedOn, scope, 2) : { from: "member m", ...withScopeOnly(scope, 2) };
  const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT m.id FROM ${where.from} WHERE ${where.sql} AND ${confirmedSubscriberSql("m", 1)} ORDER BY m.id`,
    source.subscribersOf,
    ...where.params,
  );
  return rows.map((r) => r.id);
}

function withScopeOnly(scope: Scope | null, firstParam: number): { sql: string; params: unknown[] } {
  return withScope({ sql: "TRUE", params: [] }, scope, "m", firstParam);
}
// ── end newsletters ──

// ── uploaded audience ──
/**
 * The members listed for a campaign (src/campaigns/audience-list.ts), inside a steward's scope,
 * written by one INSERT … SELECT like every snapshot. The snapshot's `rules` record the source:
 * `{listOfCampaign}`.
 */
function snapshotList(db: Db, campaignId: number, clock: Clock, scope: Scope | null): Promise<Snapshot> {
  return materialise(db, clock, async () => ({
    segmentVersionId: null,
    rules: { listOfCampaign: campaignId },
    select: () => {
      const where = withScope({ sql: "l.campaign_id = $2", params: [campaignId] }, scope, "m", 2);
      // The list's primary key (campaign_id, member_id) gives the rows in member order.
      return {
        sql: `SELECT $1::int, m.id FROM campaign_list_member l JOIN member m ON m.id = l.member_id WHERE ${where.sql} ORDER BY m.id`,
        params: where.params,
      };
    },
  }));
}
// ── end uploaded audience ──
