import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { countMatching } from "../../src/segments/preview.ts";
import { parseRule } from "../../src/segments/rules.ts";
import { SegmentVersionNotFoundError, snapshotRecipients } from "../../src/segments/snapshot.ts";
import { SegmentNotFoundError, getSegment, listSegments, saveSegment } from "../../src/segments/store.ts";
import { useTestDatabase } from "../support/db.ts";

const { db } = await useTestDatabase();
await importMembersFromText(db, [...generateMembersCsv(2000, 5)].join(""));

const ACTIVE_STATE = { all: [{ field: "status", op: "eq", value: "active" }, { field: "employment.sector", op: "eq", value: "state" }] };
const VESTLAND = { field: "geo.county", op: "eq", value: "Vestland" };
// 23:30 UTC on 31 December is already 1 January in Oslo (UTC+1 in winter).
const clock = new ManualClock(new Date("2026-12-31T23:30:00Z"));

describe("when a segment is saved and then edited", () => {
  it("should keep every version, newest first, and list the segment once with its latest version", async () => {
    const first = await saveSegment(db, { name: "Aktive i staten", description: "HTA", rules: ACTIVE_STATE });
    expect(first.version).toBe(1);
    const second = await saveSegment(db, { segmentId: first.segmentId, rules: VESTLAND, description: "Vestland nå" });
    expect(second).toMatchObject({ segmentId: first.segmentId, version: 2 });
    const detail = await getSegment(db, first.segmentId);
    expect(detail).toMatchObject({ name: "Aktive i staten", description: "Vestland nå" });
    expect(detail.versions.map((v) => [v.version, v.rules])).toEqual([[2, VESTLAND], [1, ACTIVE_STATE]]);
    const list = await listSegments(db);
    expect(list.filter((s) => s.id === first.segmentId)).toMatchObject([{ name: "Aktive i staten", latestVersion: 2 }]);
  });

  it("should number concurrent edits one after the other", async () => {
    const { segmentId } = await saveSegment(db, { name: "Samtidig", rules: VESTLAND });
    const saved = await Promise.all([1, 2, 3].map(() => saveSegment(db, { segmentId, rules: ACTIVE_STATE })));
    expect(saved.map((s) => s.version).sort()).toEqual([2, 3, 4]);
  });

  it("should refuse a new version of a segment that does not exist, and a new segment without a name", async () => {
    await expect(saveSegment(db, { segmentId: 999_999, rules: VESTLAND })).rejects.toBeInstanceOf(SegmentNotFoundError);
    await expect(saveSegment(db, { name: "  ", rules: VESTLAND })).rejects.toThrow(/needs a name/);
  });
});

describe("when recipients are snapshotted", () => {
  it("should materialise exactly the members of the version used, even after the segment is edited", async () => {
    const v1 = await saveSegment(db, { name: "Snapshot", rules: ACTIVE_STATE });
    await saveSegment(db, { segmentId: v1.segmentId, rules: VESTLAND });
    const snapshot = await snapshotRecipients(db, { segmentVersionId: v1.segmentVersionId }, clock);
    const expected = await countMatching(db, parseRule(ACTIVE_STATE), "2027-01-01");
    expect(snapshot).toMatchObject({ count: expected, evaluatedOn: "2027-01-01", takenAt: clock.now() });
    expect(expected).toBeGreaterThan(100);
    const stored = await db.segmentSnapshot.findUniqueOrThrow({ where: { id: snapshot.snapshotId } });
    expect(stored).toMatchObject({ segmentVersionId: v1.segmentVersionId, memberCount: expected, rules: ACTIVE_STATE });
    expect(await db.snapshotRecipient.count({ where: { snapshotId: snapshot.snapshotId } })).toBe(expected);
  });

  it("should let the delivery pipeline page through recipients by member id", async () => {
    const snapshot = await snapshotRecipients(db, { rules: VESTLAND }, clock);
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const batch = await db.$queryRaw<Array<{ member_id: number }>>`
        SELECT member_id FROM segment_snapshot_recipient
        WHERE snapshot_id = ${snapshot.snapshotId} AND member_id > ${after} ORDER BY member_id LIMIT 100`;
      if (batch.length === 0) break;
      seen.push(...batch.map((r) => r.member_id));
      after = batch.at(-1)!.member_id;
    }
    const vestland = await db.member.findMany({ where: { countyNumber: "46" }, select: { id: true }, orderBy: { id: "asc" } });
    expect(seen).toEqual(vestland.map((m) => m.id));
    const stored = await db.segmentSnapshot.findUniqueOrThrow({ where: { id: snapshot.snapshotId } });
    expect(stored.segmentVersionId).toBeNull();
    const plan = await db.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(
      "EXPLAIN SELECT member_id FROM segment_snapshot_recipient WHERE snapshot_id = $1 AND member_id > $2 ORDER BY member_id LIMIT 100",
      snapshot.snapshotId, 0,
    );
    expect(plan.map((p) => p["QUERY PLAN"]).join("\n")).toMatch(/segment_snapshot_recipient_pkey/);
  });

  it("should refuse an unknown version and write nothing", async () => {
    const before = await db.segmentSnapshot.count();
    await expect(snapshotRecipients(db, { segmentVersionId: 987_654 }, clock)).rejects.toBeInstanceOf(SegmentVersionNotFoundError);
    expect(await db.segmentSnapshot.count()).toBe(before);
  });
});
