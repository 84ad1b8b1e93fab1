// Claims are fenced and leased: a worker whose lease ran out can neither record, settle nor renew
// a row that another worker has claimed since; the holder's heartbeat keeps its claim.
import { describe, expect, it } from "vitest";
import { claimNext, renewLeases } from "../../src/deliveries/claims.ts";
import { finishBatch } from "../../src/deliveries/batches.ts";
import { recordSent } from "../../src/deliveries/recorder.ts";
import { settleRows } from "../../src/deliveries/settle.ts";
import { useTestDatabase } from "../support/db.ts";
import { campaignWithDeliveries, seedMembers } from "./support.ts";

const { db } = await useTestDatabase();
await seedMembers(db, 120);

async function untilLeaseOver(ids: bigint[]): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const [row] = await db.$queryRawUnsafe<Array<{ live: number }>>(
      `SELECT count(*)::int AS live FROM delivery WHERE id = ANY($1::bigint[]) AND lease_until >= now()`, ids,
    );
    if (row!.live === 0) return;
    if (Date.now() > deadline) throw new Error("lease did not run out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("when a claim's lease runs out and another worker claims the rows", () => {
  it("should fence every write of the first claim", async () => {
    const { batches } = await campaignWithDeliveries(db);
    const batch = batches[0]!;
    const first = await claimNext(db, batch, batch.firstMemberId - 1, 10, 150);
    expect(first.rows).toHaveLength(10);
    const ids = first.rows.map((r) => r.id);
    // While the lease holds, nobody else can claim the rows.
    expect((await claimNext(db, batch, batch.firstMemberId - 1, 10, 150)).rows.map((r) => r.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    await untilLeaseOver(ids);

    const second = await claimNext(db, batch, batch.firstMemberId - 1, 10, 60_000);
    expect(second.rows.map((r) => r.id)).toEqual(ids);
    expect(second.rows.every((r) => r.attempts === 2)).toBe(true);

    const held = ids.map((id) => ({ id, token: first.token }));
    expect((await recordSent(db, held.map((h) => ({ ...h, providerId: "<x@y>", statusReports: false })))).size).toBe(0);
    expect(await settleRows(db, held.map((h) => ({ ...h, status: "pending", reason: "late", giveBackAttempt: true })))).toBe(0);
    expect(await renewLeases(db, held, 60_000)).toBe(0);

    const mine = ids.map((id) => ({ id, token: second.token }));
    expect(await renewLeases(db, mine, 60_000)).toBe(10);
    expect((await recordSent(db, mine.map((h) => ({ ...h, providerId: "<x@y>", statusReports: false })))).size).toBe(10);
    const rows = await db.delivery.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "sent" && r.claimToken === second.token)).toBe(true);
  });
});

describe("when a batch is walked and finished", () => {
  it("should claim in member order after the cursor, and close the batch only when nothing is left and the round matches", async () => {
    const { batches } = await campaignWithDeliveries(db, { batchSize: 15 });
    const batch = batches[1]!;
    const a = await claimNext(db, batch, batch.firstMemberId - 1, 5, 60_000);
    const b = await claimNext(db, batch, a.rows.at(-1)!.memberId, 100, 60_000);
    expect([...a.rows, ...b.rows].map((r) => r.memberId)).toEqual([...a.rows, ...b.rows].map((r) => r.memberId).sort((x, y) => x - y));
    expect(a.rows.length + b.rows.length).toBe(15);
    expect(b.rows.every((r) => r.memberId > a.rows.at(-1)!.memberId && r.memberId <= batch.lastMemberId)).toBe(true);

    expect(await finishBatch(db, batch)).toMatchObject({ pending: 0, leased: 15, closed: false });
    const all = [...a.rows.map((r) => ({ id: r.id, token: a.token })), ...b.rows.map((r) => ({ id: r.id, token: b.token }))];
    await settleRows(db, all.map((h) => ({ ...h, status: "skipped", reason: "test", giveBackAttempt: true })));
    // A job from another round may not close it.
    expect(await finishBatch(db, { ...batch, round: 7 })).toMatchObject({ pending: 0, leased: 0, closed: false });
    expect(await finishBatch(db, batch)).toMatchObject({ closed: true });
    expect((await db.deliveryBatch.findFirstOrThrow({ where: { campaignId: batch.campaignId, batchNo: batch.batchNo } })).closedAt).not.toBeNull();
  });
});
