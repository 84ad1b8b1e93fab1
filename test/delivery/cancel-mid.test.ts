// Acceptance: cancelling in the middle stops sending within one batch; what was not sent is
// marked cancelled.
import { afterAll, describe, expect, it } from "vitest";
import { cancelCampaign } from "../../src/campaigns/lifecycle.ts";
import { startHarness, TEST_SETTINGS } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 1000, settings: { ratePerSecond: { email: 300, sms: 300 } } });
afterAll(() => h.close());

describe("when staff cancel a campaign while it sends", () => {
  it("should stop within one batch and mark the rest cancelled", async () => {
    const campaignId = await h.launch({ channels: ["email"] });
    await h.sink.waitFor(100, 30_000);

    const { cancelled } = await cancelCampaign(h.pipeline.lifecycle, campaignId);
    const acceptedAtCancel = h.sink.stats.accepted;
    expect(cancelled).toBeGreaterThan(300);

    // Wait until nothing is in flight any more.
    const status = await h.waitFor(campaignId, (s) => s.channels.email!.sending === 0);
    const inFlightLimit = TEST_SETTINGS.subBatchSize! * TEST_SETTINGS.jobConcurrency!;
    expect(h.sink.stats.accepted - acceptedAtCancel).toBeLessThanOrEqual(inFlightLimit);
    expect(status.state).toBe("cancelled");
    expect(status.channels.email!.pending).toBe(0);
    expect(status.channels.email!.cancelled).toBe(cancelled);
    expect(status.channels.email!.sent).toBe(h.sink.stats.accepted);
  });
});
