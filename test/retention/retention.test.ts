// Retention at chosen clock instants on a real database and real files: a run removes exactly
// what is past its time (old campaigns' per-member rows, campaign-less provider events, print
// files, audit entries, quarantined mail), keeps counts that equal what the rows said, and never
// touches suppressions or the consent ledger; a dry run changes nothing and predicts the run's
// counts; a second run changes nothing; a run that stops half-way is finished by the next.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { campaignStatus } from "../../src/campaigns/status.ts";
import { ManualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import type { Db } from "../../src/db/client.ts";
import { createLogger } from "../../src/log.ts";
import { applyRetention } from "../../src/retention/apply.ts";
import { retentionCutoffs } from "../../src/retention/cutoffs.ts";
import { runRetention, type RetentionReport } from "../../src/retention/run.ts";
import { useTestDatabase } from "../support/db.ts";
import { daysBefore, present, seedCampaign, seedMembers, seedPrintBatch, snapshot, type SeededCampaign } from "./support.ts";

const t = await useTestDatabase();
const db = t.db;
const letterDir = mkdtempSync(join(tmpdir(), "budstikke-retention-"));
// 03:30 in Oslo, when the daily job runs.
const NOW = new Date("2027-06-01T01:30:00Z");
const clock = new ManualClock(NOW);
const config = loadConfig({ NODE_ENV: "test", SECRET_KEY: "retention-test-secret-key-0123456789abcdef", LETTER_DIR: letterDir, LOG_LEVEL: "silent" });
const deps = { db, config, clock, logger: createLogger("silent") };
const operator = systemActor("retention-test");

let memberIds: number[];
let oldCompleted: SeededCampaign;
let oldCancelled: SeededCampaign;
let recent: SeededCampaign;
let paused: SeededCampaign;
let oldBatch: { id: number; paths: string[] };
let youngBatch: { id: number; paths: string[] };
let doneBatch: { id: number; paths: string[] };
let files: string[];

/** The counts staff see, without the parts that are about time. */
async function counts(campaignId: number) {
  const status = await campaignStatus(db, campaignId, clock);
  return { channels: status.channels, complaints: status.complaints };
}

beforeAll(async () => {
  expect(config).toMatchObject({ RETENTION_DELIVERIES_DAYS: 400, RETENTION_LETTER_BATCH_DAYS: 90, RETENTION_AUDIT_DAYS: 1825, INBOUND_QUARANTINE_DAYS: 30 });
  memberIds = await seedMembers(db);
  oldCompleted = await seedCampaign(db, memberIds, letterDir, { name: "Gammel", state: "completed", completedAt: daysBefore(NOW, 401), updatedAt: daysBefore(NOW, 401) });
  // Cancelled campaigns have no completed_at: they ended when they were last updated.
  oldCancelled = await seedCampaign(db, memberIds, letterDir, { name: "Avlyst", state: "cancelled", completedAt: null, updatedAt: daysBefore(NOW, 450) });
  // completed_at decides over an older updated_at.
  recent = await seedCampaign(db, memberIds, letterDir, { name: "Nyere", state: "completed", completedAt: daysBefore(NOW, 399), updatedAt: daysBefore(NOW, 500) });
  // Old, but never ended: kept whatever its age.
  paused = await seedCampaign(db, memberIds, letterDir, { name: "Pauset", state: "paused", completedAt: null, updatedAt: daysBefore(NOW, 600) });

  await db.providerEvent.createMany({
    data: [
      { kind: "soft_bounce", source: "inbound:smtp", channel: "email", addressHash: "h-old-1", action: "counted", at: daysBefore(NOW, 401) },
      { kind: "sms_stop", source: "twilio", channel: "sms", addressHash: "h-old-2", action: "suppressed", at: daysBefore(NOW, 700) },
      { kind: "manual", source: "staff", channel: "email", addressHash: "h-new", action: "suppressed", at: daysBefore(NOW, 399) },
    ],
  });
  oldBatch = await seedPrintBatch(db, letterDir, recent.id, 1, daysBefore(NOW, 91), ["pdf", "manifest"]);
  youngBatch = await seedPrintBatch(db, letterDir, recent.id, 2, daysBefore(NOW, 89));
  doneBatch = await seedPrintBatch(db, letterDir, recent.id, 3, daysBefore(NOW, 200), [], daysBefore(NOW, 100));

  for (const [days, action] of [[1826, "old.one"], [1900, "old.two"], [1824, "young"]] as const) {
    await db.auditLog.create({ data: { at: daysBefore(NOW, days), actor: "system:test", action } });
  }
  for (const days of [31, 29]) {
    await db.inboundQuarantine.create({ data: { receivedVia: "smtp", reason: "unmatched", size: 3, raw: Buffer.from("abc"), receivedAt: daysBefore(NOW, days) } });
  }
  // What keeps a "no" a no: far older than any retention period, and kept.
  await db.suppression.createMany({
    data: [
      { channel: "email", addressHash: "h-sup-1", reason: "hard_bounce", source: "test", at: daysBefore(NOW, 3000) },
      { channel: "sms", addressHash: "h-sup-2", reason: "sms_stop", source: "test", at: daysBefore(NOW, 2500), liftedAt: daysBefore(NOW, 2400), liftReason: "asked" },
    ],
  });
  await db.consentEvent.createMany({
    data: memberIds.slice(0, 4).map((memberId, i) => ({
      memberId, purpose: "information", channel: "email", action: "opt_out" as const, source: "unsubscribe_link" as const, actor: "member",
      at: daysBefore(NOW, 2000 + i), campaignId: oldCompleted.id,
    })),
  });
  files = [...oldCompleted.letterFiles, ...oldCancelled.letterFiles, ...recent.letterFiles, ...paused.letterFiles, ...oldBatch.paths, ...youngBatch.paths, ...doneBatch.paths];
});

const expectedCampaignRows = { campaigns: 2, deliveries: 2 * 66, deliveryReports: 2 * 10, providerEvents: 2 * 5, letterPieces: 2 * 6, deliveryBatches: 2 * 7 };

let dryRun: RetentionReport;
let before: Awaited<ReturnType<typeof snapshot>>;
const statusBefore = new Map<number, Awaited<ReturnType<typeof counts>>>();

describe("when a dry run looks at records of every age", () => {
  it("should report per category what is past its time, with the cutoffs, and change nothing", async () => {
    for (const c of [oldCompleted, oldCancelled, recent, paused]) statusBefore.set(c.id, await counts(c.id));
    before = await snapshot(db, files);
    dryRun = await runRetention(deps, operator, { dryRun: true });
    expect(dryRun).toEqual({
      dryRun: true,
      at: NOW.toISOString(),
      deliveries: { days: 400, cutoff: daysBefore(NOW, 400).toISOString(), ...expectedCampaignRows },
      providerEvents: { days: 400, cutoff: daysBefore(NOW, 400).toISOString(), events: 2 },
      letterBatches: { days: 90, cutoff: daysBefore(NOW, 90).toISOString(), batches: 1, files: 2 },
      audit: { days: 1825, cutoff: daysBefore(NOW, 1825).toISOString(), entries: 2 },
      inboundQuarantine: { days: 30, cutoff: daysBefore(NOW, 30).toISOString(), messages: 1 },
    });
    expect(await snapshot(db, files)).toEqual(before);
  });
});

describe("when retention runs at the same instant", () => {
  let report: RetentionReport;

  beforeAll(async () => {
    // Small chunks, so every category takes several bounded transactions.
    report = await runRetention(deps, operator, { chunkSize: 7 });
  });

  it("should remove exactly what the dry run reported", () => {
    expect({ ...report, dryRun: true }).toEqual(dryRun);
  });

  it("should delete the ended campaigns' per-member rows and keep their counts, equal to what the rows said", async () => {
    for (const c of [oldCompleted, oldCancelled]) {
      expect(await db.delivery.count({ where: { campaignId: c.id } })).toBe(0);
      expect(await db.providerEvent.count({ where: { campaignId: c.id } })).toBe(0);
      expect(await db.letterPiece.count({ where: { campaignId: c.id } })).toBe(0);
      expect(await db.deliveryBatch.count({ where: { campaignId: c.id } })).toBe(0);
      expect(await db.deliveryReport.count({ where: { deliveryId: { in: c.deliveryIds } } })).toBe(0);
      expect((await campaignStatus(db, c.id, clock)).deliveriesReducedAt).toBe(NOW.toISOString());
      expect(await counts(c.id)).toEqual(statusBefore.get(c.id));
      expect(present(c.letterFiles)).toEqual([]);
    }
    const status = await counts(oldCompleted.id);
    expect(status.channels.email).toMatchObject({ total: 30, sent: 6, delivered: 6, skippedByReason: { opted_out: 6 }, failedByReason: { hard_bounce: 6 }, bounced: 6 });
    expect(status.complaints.count).toBe(3);
    const aggregated = await db.providerEventAggregate.groupBy({ by: ["kind"], where: { campaignId: oldCompleted.id }, _sum: { count: true } });
    expect(Object.fromEntries(aggregated.map((a) => [a.kind, a._sum.count]))).toEqual({ complaint: 3, hard_bounce: 2 });
  });

  it("should give a scoped reader no counts of a reduced campaign (they name no member)", async () => {
    const scoped = await campaignStatus(db, oldCompleted.id, clock, { employers: [], branches: ["B-EVEN"] });
    expect(Object.values(scoped.channels).every((c) => c.total === 0)).toBe(true);
  });

  it("should keep the campaigns that ended after the cutoff or never ended, row for row", async () => {
    for (const c of [recent, paused]) {
      expect(await db.delivery.count({ where: { campaignId: c.id } })).toBe(66);
      expect(await db.providerEvent.count({ where: { campaignId: c.id } })).toBe(5);
      expect(await db.letterPiece.count({ where: { campaignId: c.id } })).toBe(6);
      expect(await db.deliveryBatch.count({ where: { campaignId: c.id } })).toBe(7);
      expect((await db.campaign.findUniqueOrThrow({ where: { id: c.id } })).deliveriesReducedAt).toBeNull();
      expect(await counts(c.id)).toEqual(statusBefore.get(c.id));
      expect(present(c.letterFiles)).toEqual(c.letterFiles);
    }
  });

  it("should delete provider events without a campaign that are older than the cutoff, counted by kind", async () => {
    expect(await db.providerEvent.findMany({ where: { campaignId: null }, select: { addressHash: true } })).toEqual([{ addressHash: "h-new" }]);
    const orphans = await db.providerEventAggregate.findMany({ where: { campaignId: null }, orderBy: { kind: "asc" } });
    expect(orphans.map((o) => ({ channel: o.channel, kind: o.kind, count: o.count, firstAt: o.firstAt }))).toEqual([
      { channel: "sms", kind: "sms_stop", count: 1, firstAt: daysBefore(NOW, 700) },
      { channel: "email", kind: "soft_bounce", count: 1, firstAt: daysBefore(NOW, 401) },
    ]);
  });

  it("should remove the files of print batches older than RETENTION_LETTER_BATCH_DAYS and mark them, keeping the rows", async () => {
    expect(present(oldBatch.paths)).toEqual([]);
    expect(present(youngBatch.paths)).toEqual(youngBatch.paths);
    const batches = await db.printBatch.findMany({ orderBy: { id: "asc" } });
    expect(batches.map((b) => [b.id, b.filesDeletedAt])).toEqual([
      [oldBatch.id, NOW], [youngBatch.id, null], [doneBatch.id, daysBefore(NOW, 100)],
    ]);
  });

  it("should delete audit entries older than RETENTION_AUDIT_DAYS, and record the run in one entry with the counts", async () => {
    const entries = await db.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["young", "retention.run"]);
    const run = entries[1]!;
    expect(run).toMatchObject({ actor: "system:retention-test", at: NOW });
    expect(run.details).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it("should delete quarantined mail older than INBOUND_QUARANTINE_DAYS", async () => {
    expect((await db.inboundQuarantine.findMany()).map((q) => q.receivedAt)).toEqual([daysBefore(NOW, 29)]);
  });

  it("should leave suppressions and the consent ledger untouched", async () => {
    const after = await snapshot(db, files);
    expect(after.suppressions).toEqual(before.suppressions);
    expect(after.suppressions).toHaveLength(2);
    expect(after.consentEvents).toEqual(before.consentEvents);
    expect(after.consentEvents).toHaveLength(4);
    expect(after.consentState).toEqual(before.consentState);
  });

  it("should change nothing when run again at the same instant, except its own audit entry", async () => {
    const first = await snapshot(db, files);
    const again = await runRetention(deps, operator);
    expect(again).toMatchObject({
      deliveries: { campaigns: 0, deliveries: 0, deliveryReports: 0, providerEvents: 0, letterPieces: 0, deliveryBatches: 0 },
      providerEvents: { events: 0 }, letterBatches: { batches: 0, files: 0 }, audit: { entries: 0 }, inboundQuarantine: { messages: 0 },
    });
    const second = await snapshot(db, files);
    expect({ ...second, counts: { ...second.counts, audit_log: second.counts.audit_log! - 1 } }).toEqual(first);
  });
});

/** The database as a run sees it, failing every statement after the first `calls`: a crash mid-run. */
function crashingAfter(calls: number): Db {
  let made = 0;
  const tick = () => {
    if (++made > calls) throw new Error("simulated crash");
  };
  return {
    $queryRawUnsafe: (query: string, ...values: unknown[]) => (tick(), db.$queryRawUnsafe(query, ...values)),
    $executeRawUnsafe: (query: string, ...values: unknown[]) => (tick(), db.$executeRawUnsafe(query, ...values)),
    $transaction: ((fn: Parameters<Db["$transaction"]>[0]) => (tick(), db.$transaction(fn as never))) as Db["$transaction"],
  } as unknown as Db;
}

describe("when a run stops half-way through a campaign", () => {
  it("should show the same counts throughout, and the next run should finish the rows without counting twice", async () => {
    const late = await seedCampaign(db, memberIds, letterDir, { name: "Avbrutt", state: "completed", completedAt: daysBefore(NOW, 500), updatedAt: daysBefore(NOW, 500) });
    const expected = await counts(late.id);
    const cutoffs = retentionCutoffs(config, NOW);
    // Statements: the due campaigns, the mark, then delivery chunks of 10: it stops after two chunks.
    await expect(applyRetention({ ...deps, db: crashingAfter(4) }, cutoffs, { chunkSize: 10 })).rejects.toThrow("simulated crash");
    expect(await db.delivery.count({ where: { campaignId: late.id } })).toBe(66 - 20);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: late.id } })).deliveriesReducedAt).toEqual(NOW);
    expect(await counts(late.id)).toEqual(expected);

    const dry = await runRetention(deps, operator, { dryRun: true });
    const finished = await runRetention(deps, operator, { chunkSize: 10 });
    expect({ ...finished, dryRun: true }).toEqual(dry);
    expect(finished.deliveries).toMatchObject({ campaigns: 0, deliveries: 46, providerEvents: 5, letterPieces: 6, deliveryBatches: 7 });
    expect(await db.delivery.count({ where: { campaignId: late.id } })).toBe(0);
    expect(await db.deliveryAggregate.count({ where: { campaignId: late.id } })).toBeGreaterThan(0);
    expect(await counts(late.id)).toEqual(expected);
  });
});

describe("when someone other than an admin or the system asks for a run", () => {
  it("should refuse a communicator, even a dry run", async () => {
    const communicator = { kind: "user" as const, id: 7, role: "communicator" as const, scope: null };
    await expect(runRetention(deps, communicator, { dryRun: true })).rejects.toMatchObject({ kind: "forbidden" });
  });
});

describe("when retention is configured shorter than the bounce windows", () => {
  it("should refuse the configuration, since bounces are matched to deliveries within them", () => {
    expect(() => loadConfig({ NODE_ENV: "test", SECRET_KEY: "retention-test-secret-key-0123456789abcdef", RETENTION_DELIVERIES_DAYS: "30" }))
      .toThrow(/RETENTION_DELIVERIES_DAYS: must be more than BOUNCE_MATCH_DAYS and SOFT_BOUNCE_WINDOW_DAYS/);
  });
});
