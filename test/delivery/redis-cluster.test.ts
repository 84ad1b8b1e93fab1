// Scale-out: a 3-node Redis Cluster (started here), the queue prefix a hash tag ({…}) so every
// key of the queues shares one slot, ioredis' Cluster client, and two worker processes: the
// campaign completes exactly once.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { allDone, startHarness } from "../support/pipeline-harness.ts";
import { startRedisCluster } from "../support/redis-server.ts";
import { startWorkerProcess, stopWorkers } from "../support/worker-process.ts";

const cluster = await startRedisCluster();
const h = await startHarness({ members: 800, workers: false, redisClusterNodes: cluster.nodes });
afterAll(async () => {
  await h.close();
  await cluster.stop();
});

describe("when the queues live on a Redis Cluster", () => {
  it("should deliver a campaign exactly once with two workers", async () => {
    expect(h.queuePrefix).toMatch(/^\{.+\}$/);
    const env = { ...h.env, EMAIL_RATE_PER_SECOND: "500", SMS_RATE_PER_SECOND: "500" };
    const workers = [startWorkerProcess(env), startWorkerProcess(env)];
    try {
      const campaignId = await h.launch();
      const done = await h.waitFor(campaignId, allDone, 90_000);
      const members = await h.db.member.findMany({ where: { status: { not: "resigned" } } });
      const emails = members.filter((m) => m.email).length;
      const mobiles = members.filter((m) => m.mobile).length;
      expect(done.channels.email).toMatchObject({ sent: emails, failed: 0 });
      expect(done.channels.sms).toMatchObject({ sent: mobiles, failed: 0 });
      expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
      expect(h.sink.acceptedIds.size).toBe(emails);
      expect(h.twilio.messages.length).toBe(mobiles);
    } finally {
      await stopWorkers(workers);
    }
  }, 120_000);

  it("should refuse a queue prefix that is not a hash tag", async () => {
    const { loadConfig } = await import("../../src/config.ts");
    expect(() => loadConfig({ ...h.env, QUEUE_PREFIX: `plain-${randomBytes(2).toString("hex")}` }, "/nonexistent")).toThrow(/QUEUE_PREFIX: must be a hash tag/);
  });
});
