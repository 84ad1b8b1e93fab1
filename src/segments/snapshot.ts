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
import { parseRule } from "./rules.ts";

export type SnapshotSource = { segmentVersionId: number } | { rules: unknown };

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
 * Materialises the recipients of a segment version (or of ad-hoc rules). Readers page through
 * them by the primary key: `WHERE snapshot_id = $1 AND member_id > $2 ORDER BY member_id LIMIT n`.
 */
export async function snapshotRecipients(db: Db, source: SnapshotSource, clock: Clock, options: { scope?: Scope | null } = {}): Promise<Snapshot> {
  const adHoc = "rules" in source;
  // Ad-hoc rules are validated before the transaction opens: a bad rule touches nothing.
  const adHocRule = adHoc ? parseRule(source.rules) : undefined;
  return db.$transaction(
    async (tx) => {
      let rule = adHocRule;
      if (!adHoc) {
        const version = await tx.segmentVersion.findUnique({ where: { id: source.segmentVersionId } });
        if (!version) throw new SegmentVersionNotFoundError(source.segmentVersionId);
        rule = parseRule(version.rules);
      }
      const takenAt = clock.now();
      const evaluatedOn = osloDate(takenAt);
      const snapshot = await tx.segmentSnapshot.create({
        data: {
          segmentVersionId: adHoc ? null : source.segmentVersionId,
          rules: rule as unknown as Prisma.InputJsonValue,
          evaluatedOn: new Date(`${evaluatedOn}T00:00:00Z`),
          takenAt,
          memberCount: 0,
        },
      });
      // A steward's campaign reaches only the steward's scope, intersected inside the INSERT … SELECT.
      const where = scopedRule(rule!, evaluatedOn, options.scope ?? null, 2);
      // ORDER BY member id: rows arrive in primary-key order, so the index grows at its right edge.
      const count = await tx.$executeRawUnsafe(
        `INSERT INTO segment_snapshot_recipient (snapshot_id, member_id)
         SELECT $1::int, m.id FROM ${where.from} WHERE ${where.sql} ORDER BY m.id`,
        snapshot.id,
        ...where.params,
      );
      await tx.segmentSnapshot.update({ where: { id: snapshot.id }, data: { memberCount: count } });
      return { snapshotId: snapshot.id, count, takenAt, evaluatedOn };
    },
    // A large segment takes seconds; the default 5 s interactive-transaction timeout is for web requests.
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}
