// A paused campaign takes its jobs out of circulation: they end at their next sub-batch and take
// no rate slots, so another campaign on the same channel, at the default SMS rate, is as fast as
// if the paused one did not exist. Resuming brings the paused campaign's batches back.
import { afterAll, describe, expect, it } from "vitest";
import { pauseCampaign, resumeCampaign } from "../../src/campaigns/lifecycle.ts";
import { DEFAULT_SETTINGS } from "../../src/workers/settings.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

// The default rates: 10 SMS a second across all workers; batches of 100 as by default.
const h = await startHarness({ members: 2500, settings: { ratePerSecond: DEFAULT_SETTINGS.ratePerSecond, batchSize: 100, subBatchSize: 10 } });
afterAll(() => h.close());

const smsRate = DEFAULT_SETTINGS.ratePerSecond.sms!;

describe("when a large SMS campaign is paused and a small one is sent on the same channel", () => {
  it("should send the small one at the full rate, and the large one again after resume", async () => {
    // A: everyone by SMS (about 1,900 numbers, 25 batch jobs). Paused once it has begun.
    const a = await h.launch({ channels: ["sms"] });
    await h.waitFor(a, (s) => s.channels.sms!.sent >= 5);
    await pauseCampaign(h.pipeline.lifecycle, a, "paused by staff");
    const settled = await h.waitFor(a, (s) => s.channels.sms!.sending === 0);
    const sentBeforePause = settled.channels.sms!.sent;
    expect(settled.channels.sms!.pending).toBeGreaterThan(1500);

    // B: one county, a few dozen numbers.
    const counties = await h.db.$queryRawUnsafe<Array<{ county: string; n: number }>>(
      `SELECT county_number AS county, count(*)::int AS n FROM member WHERE mobile IS NOT NULL AND status <> 'resigned' GROUP BY 1 ORDER BY abs(count(*) - 30) LIMIT 1`,
    );
    const { county, n } = counties[0]!;
    const started = Date.now();
    const b = await h.launch({ channels: ["sms"], audience: { rules: { field: "geo.county", op: "eq", value: county } } });
    const done = await h.waitFor(b, allDone, 60_000);
    const seconds = (Date.now() - started) / 1000;
    expect(done.channels.sms!.sent).toBe(n);
    // n messages at the channel's rate, plus a little for launching: never the minutes a
    // paused campaign's circulating jobs used to cost (each start took a 10-second slot).
    expect(seconds).toBeLessThan(n / smsRate + 4);

    // A sent nothing while paused, and none of its jobs waits in the queue.
    expect((await h.waitFor(a, () => true)).channels.sms!.sent).toBe(sentBeforePause);
    const waiting = await h.pipeline.queues.delivery.sms.getJobs(["waiting", "delayed", "prioritized", "active"]);
    expect(waiting.filter((j) => j.data.campaignId === a)).toEqual([]);

    // Resumed, A goes on where it stopped (its open batches in a new round).
    await resumeCampaign(h.pipeline.lifecycle, a);
    const again = await h.pipeline.queues.delivery.sms.getJobs(["waiting", "delayed", "prioritized", "active"]);
    expect(again.filter((j) => j.data.campaignId === a).every((j) => j.data.round === 1)).toBe(true);
    expect(again.some((j) => j.data.campaignId === a)).toBe(true);
    await pauseCampaign(h.pipeline.lifecycle, a, "the rest is not needed for this test");
  });
});
