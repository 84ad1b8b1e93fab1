// Saved segments. A segment's rules are versioned: saving over a segment adds a version and
// never changes an old one, because campaigns refer to the exact version they used.
import { DomainError } from "../errors.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { parseRule, type Rule } from "./rules.ts";

export interface SaveSegmentInput {
  /** Required for a new segment; for a new version, a new name (else the name is kept). */
  name?: string;
  description?: string;
  rules: unknown;
  /** Save as a new version of this segment instead of creating a segment. */
  segmentId?: number;
}

export interface SavedVersion {
  segmentId: number;
  segmentVersionId: number;
  version: number;
}

export class SegmentNotFoundError extends DomainError {
  readonly segmentId: number;
  constructor(segmentId: number) {
    super("not_found", `no segment with id ${segmentId}`);
    this.name = "SegmentNotFoundError";
    this.segmentId = segmentId;
  }
}

export class SegmentInputError extends DomainError {
  override name = "SegmentInputError";
  constructor(message: string) {
    super("invalid", message);
  }
}

/**
 * Validates the rules (RuleValidationError before any write) and saves a segment or a new version
 * of one. `audit` runs in the same transaction, so a saved version always has its audit row.
 */
export async function saveSegment(
  db: Db,
  input: SaveSegmentInput,
  audit?: (tx: Prisma.TransactionClient, saved: SavedVersion) => Promise<void>,
): Promise<SavedVersion> {
  const rule = parseRule(input.rules);
  const name = input.name?.trim();
  if (input.segmentId === undefined && !name) throw new SegmentInputError("a new segment needs a name");
  const rules = rule as unknown as Prisma.InputJsonValue;
  return db.$transaction(async (tx) => {
    if (input.segmentId === undefined) {
      const segment = await tx.segment.create({
        data: { name: name!, description: input.description ?? "", versions: { create: { version: 1, rules } } },
        include: { versions: true },
      });
      const saved = { segmentId: segment.id, segmentVersionId: segment.versions[0]!.id, version: 1 };
      await audit?.(tx, saved);
      return saved;
    }
    // Lock the segment so two concurrent saves get versions n+1 and n+2, not a unique violation.
    const locked = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM segment WHERE id = ${input.segmentId} FOR UPDATE`;
    if (locked.length === 0) throw new SegmentNotFoundError(input.segmentId);
    const latest = await tx.segmentVersion.aggregate({ where: { segmentId: input.segmentId }, _max: { version: true } });
    const version = (latest._max.version ?? 0) + 1;
    const created = await tx.segmentVersion.create({ data: { segmentId: input.segmentId, version, rules } });
    await tx.segment.update({
      where: { id: input.segmentId },
      data: { ...(name ? { name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) },
    });
    const saved = { segmentId: input.segmentId, segmentVersionId: created.id, version };
    await audit?.(tx, saved);
    return saved;
  });
}

export interface SegmentSummary {
  id: number;
  name: string;
  description: string;
  latestVersion: number;
  updatedAt: Date;
}

/** Segments in id order, one keyset page (the primary key), each with its latest version. */
export async function listSegmentPage(
  db: Db,
  page: { afterId?: number; limit: number },
): Promise<Array<SegmentSummary & { latestVersionId: number }>> {
  const segments = await db.segment.findMany({
    where: page.afterId === undefined ? {} : { id: { gt: page.afterId } },
    orderBy: { id: "asc" },
    take: page.limit,
    include: { versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true } } },
  });
  return segments.map((s) => ({
    id: s.id, name: s.name, description: s.description, latestVersion: s.versions[0]?.version ?? 0,
    latestVersionId: s.versions[0]?.id ?? 0, updatedAt: s.updatedAt,
  }));
}

export async function listSegments(db: Db): Promise<SegmentSummary[]> {
  const segments = await db.segment.findMany({
    orderBy: { id: "asc" },
    include: { versions: { orderBy: { version: "desc" }, take: 1, select: { version: true } } },
  });
  return segments.map((s) => ({
    id: s.id, name: s.name, description: s.description, latestVersion: s.versions[0]?.version ?? 0, updatedAt: s.updatedAt,
  }));
}

export interface SegmentDetail {
  id: number;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  /** Newest first. */
  versions: Array<{ id: number; version: number; rules: Rule; createdAt: Date }>;
}

export async function getSegment(db: Db, id: number): Promise<SegmentDetail> {
  const segment = await db.segment.findUnique({ where: { id }, include: { versions: { orderBy: { version: "desc" } } } });
  if (!segment) throw new SegmentNotFoundError(id);
  return {
    id: segment.id, name: segment.name, description: segment.description, createdAt: segment.createdAt, updatedAt: segment.updatedAt,
    versions: segment.versions.map((v) => ({ id: v.id, version: v.version, rules: parseRule(v.rules), createdAt: v.createdAt })),
  };
}
