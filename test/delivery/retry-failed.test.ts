// retry-failed: one transaction under the campaign's lock; a paused campaign stays paused unless
// asked to resume; each retried row gets MAX_ATTEMPTS again, and the batch jobs of the retry round
// carry the attempts that follow from MAX_ATTEMPTS (not a fixed number).
import { afterAll, describe, expect, it } from "vitest";
import { resumeCampaign, retryFailed } from "../../src/campaigns/lifecycle.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const MAX_ATTEMPTS = 3;
const h = await startHarness({ members: 300, settings: { maxAttempts: MAX_ATTEMPTS } });
afterAll(() => h.close());

const refusedAt = (addresses: Set<string>) => (e: { stage: string; address?: string }) =>
  e.stage === "rcpt" && e.address && addresses.has(e.address.toLowerCase()) ? { code: 550, message: "5.7.1 Recipient refuses this sender" } : undefined;

describe("when failed deliveries are retried", () => {
  it("should reset them once even if asked twice at the same moment, with jobs of MAX_ATTEMPTS attempts", async () => {
    // Spread out, so no window of recent sends comes near the error budget.
    const members = (await h.db.member.findMany({ where: { email: { not: null }, status: { not: "resigned" } }, orderBy: { id: "asc" } }))
      .filter((_, i) => i % 20 === 5);
    const refused = new Set(members.map((m) => m.email!.toLowerCase()));
    h.sink.setPolicy({ respond: refusedAt(refused) });
    const campaignId = await h.launch({ channels: ["email"] });
    const done = await h.waitFor(campaignId, allDone, 20_000);
    expect(done.channels.email!.failed).toBe(refused.size);

    // The relay is fixed, workers stopped for a moment so the retry round's jobs can be read.
    h.sink.setPolicy({ respond: () => undefined });
    await h.pipeline.queues.delivery.email.pause();
    const [first, second] = await Promise.all([retryFailed(h.pipeline.lifecycle, campaignId), retryFailed(h.pipeline.lifecycle, campaignId)]);
    expect(first.reset + second.reset).toBe(refused.size);
    expect([first.reset, second.reset]).toContain(0);
    const jobs = (await h.pipeline.queues.delivery.email.getJobs(["waiting", "prioritized"])).filter((j) => j.data.campaignId === campaignId);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(job.opts.attempts).toBe(MAX_ATTEMPTS + 1);
      expect(job.data.round).toBe(1);
    }
    const reset = await h.db.delivery.findMany({ where: { campaignId, memberId: { in: members.map((m) => m.id) } } });
    expect(reset.every((d) => d.status === "pending" && d.attempts === 0)).toBe(true);
    await h.pipeline.queues.delivery.email.resume();

    const after = await h.waitFor(campaignId, allDone, 20_000);
    expect(after.channels.email!.failed).toBe(0);
    expect(h.sink.messages.filter((m) => refused.has(m.to[0]!.toLowerCase()))).toHaveLength(refused.size);
  });

  it("should leave a campaign the error budget paused paused, unless told to resume it", async () => {
    // Every second address refused: the error budget pauses the campaign by itself.
    const members = await h.db.member.findMany({ where: { email: { not: null }, status: { not: "resigned" } }, orderBy: { id: "asc" } });
    const refused = new Set(members.filter((_, i) => i % 2 === 0).map((m) => m.email!.toLowerCase()));
    h.sink.reset();
    h.sink.setPolicy({ respond: refusedAt(refused) });
    const campaignId = await h.launch({ channels: ["email"] });
    const paused = await h.waitFor(campaignId, (s) => s.state === "paused" && s.channels.email!.sending === 0);
    expect(paused.stateReason).toMatch(/^error budget exceeded/);
    expect(paused.channels.email!.failed).toBeGreaterThan(0);
    expect(paused.channels.email!.pending).toBeGreaterThan(0);

    h.sink.setPolicy({ respond: () => undefined });
    const kept = await retryFailed(h.pipeline.lifecycle, campaignId);
    expect(kept).toEqual({ reset: paused.channels.email!.failed, state: "paused" });
    const campaign = await h.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({ state: "paused", stateReason: paused.stateReason });
    // Nothing was queued: a paused campaign sends nothing until it is resumed.
    const queued = (await h.pipeline.queues.delivery.email.getJobs(["waiting", "delayed", "prioritized", "active"])).filter((j) => j.data.campaignId === campaignId);
    expect(queued).toEqual([]);

    const resumed = await retryFailed(h.pipeline.lifecycle, campaignId, { resume: true });
    expect(resumed).toEqual({ reset: 0, state: "paused" });
    // Nothing left to retry, so --resume alone does not resume; resume is its own command.
    await resumeCampaign(h.pipeline.lifecycle, campaignId);
    const done = await h.waitFor(campaignId, allDone);
    expect(done.channels.email).toMatchObject({ failed: 0, sent: members.length });
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
  });

  it("should resume a paused campaign along with the retry when asked", async () => {
    const members = await h.db.member.findMany({ where: { email: { not: null }, status: { not: "resigned" } }, orderBy: { id: "asc" } });
    const refused = new Set(members.filter((_, i) => i % 2 === 1).map((m) => m.email!.toLowerCase()));
    h.sink.reset();
    h.sink.setPolicy({ respond: refusedAt(refused) });
    const campaignId = await h.launch({ channels: ["email"] });
    const paused = await h.waitFor(campaignId, (s) => s.state === "paused" && s.channels.email!.sending === 0);
    h.sink.setPolicy({ respond: () => undefined });
    const resumed = await retryFailed(h.pipeline.lifecycle, campaignId, { resume: true });
    expect(resumed).toEqual({ reset: paused.channels.email!.failed, state: "sending" });
    const done = await h.waitFor(campaignId, allDone);
    expect(done.channels.email).toMatchObject({ failed: 0, sent: members.length });
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
  });
});
