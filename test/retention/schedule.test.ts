// The daily retention job: the workers register its scheduler on the maintenance queue at start
// (03:30, Europe/Oslo), registering again changes nothing, and a retention job on the maintenance
// queue runs retention (not the sweeper) under the system actor.
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { ensureRetentionScheduler, RETENTION_SCHEDULER_ID } from "../../src/retention/schedule.ts";
import { startHarness } from "../support/pipeline-harness.ts";
import { daysBefore } from "./support.ts";

const NOW = new Date("2027-06-01T01:30:00Z");
const h = await startHarness({ clock: new ManualClock(NOW) });
afterAll(() => h.close());

async function poll<T>(read: () => Promise<T | null | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const osloClock = (ms: number) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);

describe("when the workers start", () => {
  it("should register the daily retention scheduler at 03:30 Europe/Oslo on the maintenance queue, once", async () => {
    const queue = h.pipeline.queues.maintenance;
    const scheduler = await poll(() => queue.getJobScheduler(RETENTION_SCHEDULER_ID), "the retention scheduler");
    expect(scheduler).toMatchObject({ pattern: "30 3 * * *", tz: "Europe/Oslo", template: { data: { kind: "retention" } } });
    expect(osloClock(scheduler.next!)).toBe("03:30");
    expect(scheduler.next! - Date.now()).toBeLessThanOrEqual(25 * 3600_000);

    await ensureRetentionScheduler(queue);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.filter((s) => s.key === RETENTION_SCHEDULER_ID)).toHaveLength(1);
    expect(schedulers.map((s) => s.key)).toEqual(expect.arrayContaining(["retention", "sweep"]));
  });
});

describe("when a retention job reaches the maintenance worker", () => {
  it("should run retention as the system actor at the injected clock's instant", async () => {
    await h.db.auditLog.create({ data: { at: daysBefore(NOW, 1900), actor: "system:test", action: "ancient" } });
    await h.pipeline.queues.maintenance.add("retention", { kind: "retention" });
    const entry = await poll(() => h.db.auditLog.findFirst({ where: { action: "retention.run" } }), "the retention audit entry");
    expect(entry).toMatchObject({ actor: "system:retention", at: NOW, details: expect.objectContaining({ dryRun: false, audit: expect.objectContaining({ entries: 1 }) }) });
    expect(await h.db.auditLog.count({ where: { action: "ancient" } })).toBe(0);
  });
});
