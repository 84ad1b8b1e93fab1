// The acceptance recorder: acceptances from many sends become few writes, a lone one is written
// at once, and a write that fails is retried until it succeeds, losing nothing.
import { describe, expect, it } from "vitest";
import { claimNext } from "../../src/deliveries/claims.ts";
import { AcceptanceRecorder } from "../../src/deliveries/recorder.ts";
import type { Sql } from "../../src/deliveries/sql.ts";
import { useTestDatabase } from "../support/db.ts";
import { campaignWithDeliveries, seedMembers } from "./support.ts";

const { db } = await useTestDatabase();
await seedMembers(db, 300);

/** The real database, counting statements and failing the first `failures` of them. */
function countingDb(failures = 0): Sql & { statements: number } {
  let left = failures;
  const wrapped = {
    statements: 0,
    $queryRawUnsafe: (async (query: string, ...values: unknown[]) => {
      wrapped.statements++;
      if (left-- > 0) throw new Error("Connection terminated unexpectedly");
      return db.$queryRawUnsafe(query, ...values);
    }) as Sql["$queryRawUnsafe"],
    $executeRawUnsafe: db.$executeRawUnsafe.bind(db) as Sql["$executeRawUnsafe"],
  };
  return wrapped;
}

async function claimed(n: number) {
  const { batches } = await campaignWithDeliveries(db, { batchSize: 500 });
  const batch = batches[0]!;
  const claim = await claimNext(db, batch, batch.firstMemberId - 1, n, 60_000);
  return claim.rows.map((r) => ({ id: r.id, token: claim.token, providerId: `<d${r.id}@x>`, statusReports: false }));
}

describe("when many sends are accepted at nearly the same time", () => {
  it("should write them in a few statements, each within the flush interval", async () => {
    const acceptances = await claimed(200);
    const sql = countingDb();
    const recorder = new AcceptanceRecorder(sql, { flushMs: 25, maxRows: 200 });
    const started = performance.now();
    const results = await Promise.all(acceptances.map((a) => recorder.record(a)));
    expect(results.every(Boolean)).toBe(true);
    expect(sql.statements).toBeLessThanOrEqual(3);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await db.delivery.count({ where: { id: { in: acceptances.map((a) => a.id) }, status: "sent" } })).toBe(200);
    expect(recorder.recordLatency.count).toBe(200);
    await recorder.close();
  });

  it("should write a lone acceptance without waiting for the interval", async () => {
    const [one] = await claimed(1);
    const recorder = new AcceptanceRecorder(countingDb(), { flushMs: 5_000 });
    const started = performance.now();
    expect(await recorder.record(one!)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    await recorder.close();
  });
});

describe("when the database refuses the write", () => {
  it("should retry until it is written, and lose no acceptance", async () => {
    const acceptances = await claimed(30);
    const sql = countingDb(3);
    const recorder = new AcceptanceRecorder(sql, { flushMs: 10 });
    const results = await Promise.all(acceptances.map((a) => recorder.record(a)));
    expect(results.every(Boolean)).toBe(true);
    expect(sql.statements).toBeGreaterThanOrEqual(4);
    expect(await db.delivery.count({ where: { id: { in: acceptances.map((a) => a.id) }, status: "sent" } })).toBe(30);
    await recorder.close();
    expect(() => recorder.record(acceptances[0]!)).toThrow(/closed/);
  });
});
