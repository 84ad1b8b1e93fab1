// Redis restarted in the middle of a campaign, losing every key (no persistence): the queues,
// the launch job, the sweeper's own schedule. Workers reconnect, the sweeper is registered again
// and puts every open batch back, and the campaign completes: nothing lost, nothing twice.
import { afterAll, describe, it } from "vitest";
import { allDone, expectEachSentOnce, startHarness } from "../support/pipeline-harness.ts";
import { startRedis } from "../support/redis-server.ts";
import { startWorkerProcess, stopWorkers } from "../support/worker-process.ts";

const redis = await startRedis();
const h = await startHarness({ members: 1500, workers: false, redisUrl: redis.url, sink: { store: "raw" } });
afterAll(async () => {
  await h.close();
  await redis.stop();
});

describe("when Redis restarts empty while a campaign is sending", () => {
  it("should reconnect, recover the lost jobs and complete the campaign exactly once", async () => {
    const worker = startWorkerProcess({ ...h.env, EMAIL_RATE_PER_SECOND: "200", SMS_RATE_PER_SECOND: "200", SWEEP_INTERVAL_MS: "1000", CLAIM_LEASE_MS: "3000" });
    try {
      const campaignId = await h.launch();
      await h.waitFor(campaignId, (s) => s.channels.email!.sent + s.channels.sms!.sent > 600, 60_000);
      await redis.crash();
      await redis.restart();
      const done = await h.waitFor(campaignId, allDone, 120_000);

      await expectEachSentOnce(h, done);
    } finally {
      await stopWorkers([worker]);
    }
  }, 180_000);
});
