// The audit trail's trigger: still append-only, except that a transaction which declares a
// retention cutoff may delete entries older than it, and only those.
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_CUTOFF_SETTING, deleteAuditEntries } from "../../src/retention/audit-entries.ts";
import { useTestDatabase } from "../support/db.ts";
import { daysBefore } from "./support.ts";

const { db } = await useTestDatabase();
const NOW = new Date("2027-06-01T01:30:00Z");
const CUTOFF = daysBefore(NOW, 1825);
let oldId: bigint;
let youngId: bigint;

beforeAll(async () => {
  oldId = (await db.auditLog.create({ data: { at: daysBefore(NOW, 1900), actor: "system:test", action: "old" } })).id;
  youngId = (await db.auditLog.create({ data: { at: daysBefore(NOW, 10), actor: "system:test", action: "young" } })).id;
});

const withCutoff = <T>(cutoff: Date, body: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<T>) =>
  db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT set_config('${AUDIT_CUTOFF_SETTING}', $1, true)`, cutoff.toISOString());
    return body(tx);
  });

describe("when something deletes or changes audit entries without a retention cutoff", () => {
  it("should refuse a DELETE, an UPDATE and a TRUNCATE", async () => {
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_log WHERE id = $1`, oldId)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.$executeRawUnsafe(`UPDATE audit_log SET action = 'x' WHERE id = $1`, oldId)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.$executeRawUnsafe(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await db.auditLog.count()).toBe(2);
  });
});

describe("when a transaction declares a retention cutoff", () => {
  it("should still refuse deleting an entry newer than the cutoff, and any UPDATE", async () => {
    await expect(withCutoff(CUTOFF, (tx) => tx.$executeRawUnsafe(`DELETE FROM audit_log WHERE id = $1`, youngId))).rejects.toThrow(/append-only: DELETE refused/);
    await expect(withCutoff(CUTOFF, (tx) => tx.$executeRawUnsafe(`UPDATE audit_log SET action = 'x' WHERE id = $1`, oldId))).rejects.toThrow(/append-only: UPDATE refused/);
    // A cutoff in the future does not make an UPDATE any more allowed either.
    await expect(withCutoff(NOW, (tx) => tx.$executeRawUnsafe(`UPDATE audit_log SET action = 'x' WHERE id = $1`, youngId))).rejects.toThrow(/UPDATE refused/);
    expect((await db.auditLog.findMany({ orderBy: { id: "asc" } })).map((e) => e.action)).toEqual(["old", "young"]);
  });

  it("should allow deleting only older entries, and the permission should end with the transaction", async () => {
    // A statement that would also take a newer entry fails as a whole.
    await expect(withCutoff(CUTOFF, (tx) => tx.$executeRawUnsafe(`DELETE FROM audit_log`))).rejects.toThrow(/DELETE refused/);
    expect(await db.auditLog.count()).toBe(2);
    expect(await deleteAuditEntries(db, CUTOFF, 100)).toBe(1);
    expect((await db.auditLog.findMany()).map((e) => e.action)).toEqual(["young"]);
    // The setting was transaction-local: outside it, even an old entry could not be deleted again.
    const again = await db.auditLog.create({ data: { at: daysBefore(NOW, 2000), actor: "system:test", action: "older" } });
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_log WHERE id = $1`, again.id)).rejects.toThrow(/DELETE refused/);
  });
});
