// Quiet hours: no SMS between 21:00 and 08:00 Europe/Oslo. At 22:30 Oslo an email + SMS
// campaign sends its emails, while its SMS batches wait as delayed BullMQ jobs until 08:00
// (computed from the injected clock) and their deliveries stay pending, not dropped.
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const EVENING = new Date("2026-12-01T21:30:00Z"); // 22:30 in Oslo (CET, UTC+1)
const MORNING = new Date("2026-12-02T07:00:00Z"); // 08:00 in Oslo
const clock = new ManualClock(EVENING);
const h = await startHarness({
  members: 300,
  clock,
  settings: { quietHours: { start: "21:00", end: "08:00", timeZone: "Europe/Oslo" } },
});
afterAll(() => h.close());

const smsQueue = () => h.pipeline.queues.delivery.sms;
const HOUR = 3_600_000;

describe("when an email and SMS campaign starts at 22:30 Oslo time", () => {
  let campaignId: number;
  let smsJobs: number;

  it("should send the emails and no SMS, and keep every SMS delivery pending", async () => {
    campaignId = await h.launch();
    const status = await h.waitFor(campaignId, (s) => s.channels.email!.total > 0 && s.channels.email!.pending === 0 && s.channels.email!.sending === 0);
    expect(status.channels.email!.sent).toBeGreaterThan(100);
    expect(h.sink.stats.accepted).toBe(status.channels.email!.sent);

    smsJobs = Math.ceil(status.channels.sms!.total / h.pipeline.settings.batchSize);
    expect(smsJobs).toBeGreaterThan(1);
    // Every SMS batch job ends up delayed for hours (a launch in progress may first delay it briefly).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const delayed = await smsQueue().getDelayed();
      if (delayed.length === smsJobs && delayed.every((j) => j.delay > HOUR)) break;
      if (Date.now() > deadline) throw new Error(`SMS jobs not all delayed: ${JSON.stringify(await smsQueue().getJobCounts())}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const after = await h.waitFor(campaignId, () => true);
    expect(h.twilio.messages).toEqual([]);
    expect(h.twilio.requests).toEqual([]);
    expect(after.state).toBe("sending");
    expect(after.channels.sms).toMatchObject({ pending: after.channels.sms!.total, sending: 0, sent: 0, failed: 0, skipped: 0, cancelled: 0 });
  });

  it("should delay the SMS jobs until 08:00 Oslo time, as computed from the clock", async () => {
    const delayed = await smsQueue().getDelayed();
    expect(delayed).toHaveLength(smsJobs);
    const untilMorning = MORNING.getTime() - EVENING.getTime(); // 9.5 hours
    for (const job of delayed) {
      expect(await job.getState()).toBe("delayed");
      expect(job.data.channel).toBe("sms");
      // moveToDelayed counts from real time, so allow for the seconds the test has been running.
      expect(Math.abs(job.delay - untilMorning)).toBeLessThan(60_000);
      expect(Math.abs(job.timestamp + job.delay - (Date.now() + untilMorning))).toBeLessThan(60_000);
    }
    expect(await smsQueue().getWaitingCount()).toBe(0);
  });

  it("should send every SMS once it is 08:00 and the delayed jobs come due", async () => {
    clock.set(MORNING);
    for (const job of await smsQueue().getDelayed()) await job.promote();

    const status = await h.waitFor(campaignId, allDone);
    const members = await h.db.member.findMany({ where: { status: { not: "resigned" }, mobile: { not: null } } });
    expect(h.twilio.messages.map((m) => m.to).sort()).toEqual(members.map((m) => m.mobile!).sort());
    expect(status.channels.sms!.sent).toBe(members.length);
    expect(status.channels.sms!.pending).toBe(0);
    const sentAt = await h.db.delivery.findMany({ where: { campaignId, channel: "sms", status: "sent" }, select: { attempts: true } });
    expect(sentAt.every((d) => d.attempts === 1)).toBe(true);
  });
});
