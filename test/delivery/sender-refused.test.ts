// A relay that refuses our sender (553 5.1.8 at MAIL FROM) is our problem, not the recipients':
// the campaign pauses itself at once with a reason that says so, no address is suppressed, and
// the rows wait as pending with no attempt counted, so resume sends them all once fixed.
import { afterAll, describe, expect, it } from "vitest";
import { resumeCampaign } from "../../src/campaigns/lifecycle.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 300 });
afterAll(() => h.close());

describe("when the relay answers 553 5.1.8 to MAIL FROM", () => {
  it("should pause the campaign saying our sender was refused, suppress nobody, and send everything after resume", async () => {
    h.sink.setPolicy({ respond: (e) => (e.stage === "mail" ? { code: 553, message: "5.1.8 <post@ntl.example.no>: Sender address rejected: Domain not found" } : undefined) });
    const campaignId = await h.launch({ channels: ["email"] });
    const paused = await h.waitFor(campaignId, (s) => s.state === "paused" && s.channels.email!.sending === 0);
    expect(paused.stateReason).toMatch(/^the provider refused our sender \(smtp_553_5\.1\.8: .*Sender address rejected/);
    expect(paused.stateReason).toContain("nothing was suppressed");
    expect(paused.channels.email!.failed).toBe(0);
    expect(await h.db.suppression.count()).toBe(0);
    // The refused rows wait without a counted attempt.
    expect(await h.db.delivery.count({ where: { campaignId, status: "pending", attempts: { gt: 0 } } })).toBe(0);
    expect(h.sink.stats.accepted).toBe(0);

    h.sink.setPolicy({ respond: () => undefined });
    await resumeCampaign(h.pipeline.lifecycle, campaignId);
    const done = await h.waitFor(campaignId, allDone);
    const expected = await h.db.member.count({ where: { email: { not: null }, status: { not: "resigned" } } });
    expect(done.channels.email).toMatchObject({ sent: expected, failed: 0 });
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
  });
});
