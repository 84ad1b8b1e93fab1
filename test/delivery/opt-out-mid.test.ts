// Acceptance: an opt-out that arrives in the middle of a campaign is honoured for every member
// not yet sent to. Rows still `pending` after the opt-out committed have not been decided yet
// (the worker decides after claiming), so none of those members may get the message.
import { afterAll, describe, expect, it } from "vitest";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

// 300 messages a second: slow enough to act in the middle, fast enough for a test.
const h = await startHarness({ members: 1000, settings: { ratePerSecond: { email: 300, sms: 300 } } });
afterAll(() => h.close());

describe("when members opt out while their campaign is sending", () => {
  it("should send nothing to any of them that had not been reached yet", async () => {
    const campaignId = await h.launch({ channels: ["email"] });
    await h.sink.waitFor(100, 30_000);

    const pendingBefore = await h.db.delivery.findMany({ where: { campaignId, status: "pending" }, orderBy: { memberId: "desc" }, take: 150 });
    expect(pendingBefore.length).toBeGreaterThan(100);
    const at = new Date();
    for (const d of pendingBefore) {
      await recordConsentEvent(h.db, { memberId: d.memberId, purpose: "bargaining", channel: "email", action: "opt_out", source: "one_click", actor: "member", at });
    }
    // Only rows still pending after every opt-out committed are guaranteed untouched so far.
    const guaranteed = await h.db.delivery.findMany({
      where: { campaignId, status: "pending", memberId: { in: pendingBefore.map((d) => d.memberId) } },
    });
    expect(guaranteed.length).toBeGreaterThan(50);

    await h.waitFor(campaignId, allDone);
    const members = await h.db.member.findMany({ where: { id: { in: guaranteed.map((d) => d.memberId) } } });
    const received = new Set(h.sink.messages.map((m) => m.to[0]!.toLowerCase()));
    const leaked = members.filter((m) => m.email && received.has(m.email.toLowerCase()));
    expect(leaked).toEqual([]);
    const after = await h.db.delivery.findMany({ where: { campaignId, memberId: { in: guaranteed.map((d) => d.memberId) } } });
    for (const d of after) {
      expect(d.status).toBe("skipped");
      expect(["opted_out_purpose", "no_address", "resigned"]).toContain(d.reason);
    }
  });
});
