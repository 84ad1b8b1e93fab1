// Leases and heartbeats: a relay that takes longer than CLAIM_LEASE_MS to answer does not hand
// the rows to a second sender, because the worker holding them renews their lease while the
// messages are in flight. The competitor: a pause and resume while the messages are in flight
// enqueues every batch again in a new round, for this worker or a second worker process.
import { afterAll, describe, expect, it } from "vitest";
import { pauseCampaign, resumeCampaign } from "../../src/campaigns/lifecycle.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";
import { startWorkerProcess, stopWorkers } from "../support/worker-process.ts";

const LEASE_MS = 1000;
const h = await startHarness({ members: 120, settings: { claimLeaseMs: LEASE_MS }, sink: { dataDelayMs: 2.5 * LEASE_MS } });
afterAll(() => h.close());

describe("when the relay answers only after the claim lease would have run out", () => {
  it("should still send every message exactly once, with two workers competing", async () => {
    const other = startWorkerProcess({ ...h.env, CLAIM_LEASE_MS: String(LEASE_MS), JOB_LOCK_MS: "3000", EMAIL_RATE_PER_SECOND: "100000" });
    try {
      const campaignId = await h.launch({ channels: ["email"] });
      await h.waitFor(campaignId, (s) => s.channels.email!.sending >= 10);
      await pauseCampaign(h.pipeline.lifecycle, campaignId, "staff");
      await resumeCampaign(h.pipeline.lifecycle, campaignId);
      const done = await h.waitFor(campaignId, allDone, 60_000);
      const expected = await h.db.member.count({ where: { email: { not: null }, status: { not: "resigned" } } });
      expect(done.channels.email!.sent).toBe(expected);
      expect(h.sink.stats.accepted).toBe(expected);
      expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await stopWorkers([other]);
    }
  });
});
