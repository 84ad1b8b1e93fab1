// The sweeper: no campaign waits forever, whatever crashed. Batch jobs that Redis lost (or that
// failed for good) go back to the queue; a launch job that Redis lost is added again; a campaign
// whose last batch finished while it was paused completes on resume.
import { afterAll, describe, expect, it } from "vitest";
import { pauseCampaign, resumeCampaign, scheduleCampaign } from "../../src/campaigns/lifecycle.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { sweep } from "../../src/workers/sweep.ts";
import { createLogger } from "../../src/log.ts";
import { allDone, startHarness, TEST_CONTENT } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 400, workers: false });
afterAll(() => h.close());
const logger = createLogger("silent");

const expectedEmails = () => h.db.member.count({ where: { email: { not: null }, status: { not: "resigned" } } });

describe("when Redis loses a sending campaign's batch jobs", () => {
  it("should put the open batches back and complete the campaign exactly once", async () => {
    const campaignId = await h.launch({ channels: ["email"] });
    // Launch by hand (no workers yet): the rows and batches exist, the jobs wait in Redis.
    const { launchCampaign } = await import("../../src/campaigns/launch.ts");
    await launchCampaign(h.pipeline.lifecycle, campaignId, 1);
    expect(await h.pipeline.queues.delivery.email.getWaitingCount()).toBeGreaterThan(0);
    // Redis loses them (a restart without persistence, say).
    await h.pipeline.queues.delivery.email.obliterate({ force: true });
    expect(await h.pipeline.queues.delivery.email.count()).toBe(0);

    const report = await sweep({ ...h.pipeline.lifecycle, logger });
    expect(report.batchesRequeued).toBe(await h.db.deliveryBatch.count({ where: { campaignId } }));
    // A second sweep finds every job in place and adds nothing.
    expect((await sweep({ ...h.pipeline.lifecycle, logger })).batchesRequeued).toBe(0);

    const workers = h.pipeline.startWorkers();
    try {
      const done = await h.waitFor(campaignId, allDone);
      expect(done.channels.email!.sent).toBe(await expectedEmails());
      expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await workers.close();
    }
  });
});

describe("when Redis loses the launch job of a scheduled campaign", () => {
  it("should add it again, due when the campaign is", async () => {
    const campaign = await createCampaign(h.db, {
      name: "Planlagt", purpose: "information", audience: { rules: { field: "status", op: "eq", value: "active" } },
      channels: ["email"], content: TEST_CONTENT, data: { deadline: "1. januar" },
    }, h.clock);
    await scheduleCampaign(h.pipeline.lifecycle, campaign.id, new Date(Date.now() + 3_600_000));
    await h.pipeline.queues.launch.obliterate({ force: true });
    const report = await sweep({ ...h.pipeline.lifecycle, logger });
    expect(report.launchesRequeued).toBe(1);
    const [job] = await h.pipeline.queues.launch.getDelayed();
    expect(job!.data).toEqual({ campaignId: campaign.id, scheduleVersion: 1 });
    expect(job!.delay).toBeGreaterThan(3_500_000);
    expect((await sweep({ ...h.pipeline.lifecycle, logger })).launchesRequeued).toBe(0);
  });
});

describe("when a campaign's last batch finishes while it is paused", () => {
  it("should complete on resume, sending nothing more", async () => {
    // A slow relay: the whole (small) campaign is in flight when it is paused.
    h.sink.setPolicy({ dataDelayMs: 800 });
    const workers = h.pipeline.startWorkers();
    try {
      const campaignId = await h.launch({ channels: ["email"], audience: { rules: { field: "geo.county", op: "eq", value: "55" } } });
      await h.waitFor(campaignId, (s) => s.channels.email!.sending > 0 && s.channels.email!.pending === 0);
      await pauseCampaign(h.pipeline.lifecycle, campaignId, "staff");
      const finished = await h.waitFor(campaignId, (s) => s.channels.email!.sending === 0);
      expect(finished.state).toBe("paused");
      const accepted = h.sink.stats.accepted;
      h.sink.setPolicy({ dataDelayMs: 0 });
      await resumeCampaign(h.pipeline.lifecycle, campaignId);
      const done = await h.waitFor(campaignId, allDone);
      expect(done.channels.email!.pending).toBe(0);
      expect(h.sink.stats.accepted).toBe(accepted);
    } finally {
      await workers.close();
    }
  });
});
