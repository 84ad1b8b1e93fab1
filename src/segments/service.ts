// The segments service: preview (count, breakdowns, reachability, a sample) and saved segments
// with versions, for every caller (API, CLI, admin UI). A steward's preview counts and shows
// only members in their scope, intersected inside the SQL. Previews are audited with the ids of
// the sample members they showed; saves with the version they made.
import { z } from "zod";
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { decodeCursor, encodeCursor } from "../contracts/common.ts";
import type { SegmentPreview, SegmentSummaryView, SegmentView } from "../contracts/segments.ts";
import { invalid } from "../errors.ts";
import { evaluationDate } from "./age.ts";
import { previewWithNumbers } from "./preview.ts";
import { previewCacheFor } from "./preview-cache.ts";
import { getSegment, listSegmentPage, saveSegment, type SavedVersion, type SegmentDetail } from "./store.ts";

/** Count, breakdowns, reachability and a sample of the members the rules select, in the actor's scope. */
export async function previewSegment(deps: Pick<Root, "db" | "clock">, actor: Actor, rules: unknown): Promise<SegmentPreview> {
  authorize(actor, "segments.preview");
  const scope = scopeOf(actor);
  const key = JSON.stringify([rules, scope, evaluationDate(deps.clock)]);
  const result = await previewCacheFor<Awaited<ReturnType<typeof previewWithNumbers>>>(deps.db, deps.clock).get(key, () =>
    previewWithNumbers(deps.db, rules, deps.clock, { scope }),
  );
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: "segments.preview",
    // Like a search, a preview shows members: the ids are those of its sample.
    targetType: "member",
    details: { count: result.count, memberIds: result.sample.map((s) => s.id) },
  });
  return {
    count: result.count,
    breakdown: result.breakdown,
    sample: result.sample.map((s) => ({ memberNumber: s.memberNumber, name: s.name, municipality: s.municipality, status: s.status as SegmentPreview["sample"][number]["status"] })),
    evaluatedOn: result.evaluatedOn,
  };
}

const SegmentCursor = z.object({ after: z.number().int().positive() });

export async function listSavedSegments(
  deps: Pick<Root, "db">,
  actor: Actor,
  page: { cursor?: string; limit?: number } = {},
): Promise<{ items: SegmentSummaryView[]; nextCursor: string | null }> {
  authorize(actor, "segments.read");
  const cursor = decodeCursor(page.cursor, SegmentCursor);
  if (page.cursor !== undefined && !cursor) throw invalid("invalid cursor", [{ path: "cursor", message: "is not a cursor from this list; use nextCursor as given" }]);
  const limit = page.limit ?? 50;
  const rows = await listSegmentPage(deps.db, { afterId: cursor?.after, limit: limit + 1 });
  const items = rows.slice(0, limit).map((s) => ({ ...s, updatedAt: s.updatedAt.toISOString() }));
  return { items, nextCursor: rows.length > limit ? encodeCursor({ after: items[items.length - 1]!.id }) : null };
}

/** A segment with every version, newest first. */
export async function showSegment(deps: Pick<Root, "db">, actor: Actor, id: number): Promise<SegmentView> {
  authorize(actor, "segments.read");
  return segmentView(await getSegment(deps.db, id));
}

export interface NewSegment {
  name: string;
  description?: string;
  rules: unknown;
}

/** What a save made: the version, and the segment as it now stands. */
export interface SavedSegment {
  saved: SavedVersion;
  segment: SegmentView;
}

export async function createSegment(deps: Pick<Root, "db" | "clock">, actor: Actor, input: NewSegment): Promise<SavedSegment> {
  authorize(actor, "segments.write");
  if (!input.name?.trim()) throw invalid("a new segment needs a name", [{ path: "name", message: "must not be empty" }]);
  const saved = await saveSegment(deps.db, { name: input.name, description: input.description, rules: input.rules }, (tx, s) =>
    recordAudit(tx, actor, deps.clock.now(), {
      action: "segments.create", targetType: "segment", targetId: s.segmentId, details: { version: s.version, segmentVersionId: s.segmentVersionId },
    }),
  );
  return { saved, segment: segmentView(await getSegment(deps.db, saved.segmentId)) };
}

export interface SegmentChange {
  /** A new name; omitted: unchanged. */
  name?: string;
  description?: string;
  rules: unknown;
}

/** Saves new rules as the segment's next version (old versions stay: campaigns point at them). */
export async function updateSegment(deps: Pick<Root, "db" | "clock">, actor: Actor, id: number, change: SegmentChange): Promise<SavedSegment> {
  authorize(actor, "segments.write");
  if (change.name !== undefined && !change.name.trim()) throw invalid("a segment needs a name", [{ path: "name", message: "must not be empty" }]);
  const saved = await saveSegment(deps.db, { segmentId: id, name: change.name, description: change.description, rules: change.rules }, (tx, s) =>
    recordAudit(tx, actor, deps.clock.now(), {
      action: "segments.update", targetType: "segment", targetId: id,
      details: { version: s.version, segmentVersionId: s.segmentVersionId, renamed: change.name !== undefined, describedAnew: change.description !== undefined },
    }),
  );
  return { saved, segment: segmentView(await getSegment(deps.db, id)) };
}

function segmentView(s: SegmentDetail): SegmentView {
  return {
    id: s.id, name: s.name, description: s.description, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
    versions: s.versions.map((v) => ({ id: v.id, version: v.version, rules: v.rules, createdAt: v.createdAt.toISOString() })),
  };
}
