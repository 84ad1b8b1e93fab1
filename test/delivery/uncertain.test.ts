// Uncertain outcomes: the connection broke after the message was handed over, so nobody knows
// whether the provider has it. Email is sent again with the same Message-ID (a receiver can
// recognise it); an SMS is not (a second SMS cannot be told apart): it fails as outcome_unknown,
// for staff to retry if they choose.
import { afterAll, describe, expect, it } from "vitest";
import { retryFailed } from "../../src/campaigns/lifecycle.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 150 });
afterAll(() => h.close());

describe("when an SMS request gets no answer after Twilio created the message", () => {
  it("should fail it as outcome_unknown without sending it again, and resend it only on retry-failed", async () => {
    const target = await h.db.member.findFirstOrThrow({ where: { mobile: { not: null }, status: "active" }, orderBy: { id: "asc" } });
    h.twilio.hangUpAfterCreating(target.mobile!, { times: 1 });
    const campaignId = await h.launch({ channels: ["sms"] });
    const done = await h.waitFor(campaignId, allDone);
    expect(done.channels.sms!.failedByReason).toEqual({ outcome_unknown: 1 });
    const row = await h.db.delivery.findFirstOrThrow({ where: { campaignId, memberId: target.id } });
    expect(row).toMatchObject({ status: "failed", reason: "outcome_unknown", attempts: 1 });
    expect(h.twilio.messages.filter((m) => m.to === target.mobile)).toHaveLength(1);

    expect((await retryFailed(h.pipeline.lifecycle, campaignId)).reset).toBe(1);
    await h.waitFor(campaignId, allDone);
    expect(h.twilio.messages.filter((m) => m.to === target.mobile)).toHaveLength(2);
  });
});

describe("when the SMTP connection drops after the server took the message", () => {
  it("should send it again with the same Message-ID, once", async () => {
    const target = await h.db.member.findFirstOrThrow({ where: { email: { not: null }, status: "active" }, orderBy: { id: "desc" } });
    let dropped = 0;
    h.sink.setPolicy({
      respond: (e) => (e.stage === "data" && dropped === 0 && e.rcptTo.includes(target.email!) ? (dropped++, { code: 250, message: "queued", dropAfterAccepting: true }) : undefined),
    });
    const campaignId = await h.launch({ channels: ["email"] });
    const done = await h.waitFor(campaignId, allDone);
    expect(dropped).toBe(1);
    expect(done.channels.email!.failed).toBe(0);
    const copies = h.sink.messages.filter((m) => m.to[0] === target.email!.toLowerCase() || m.rcptTo.includes(target.email!));
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
    const row = await h.db.delivery.findFirstOrThrow({ where: { campaignId, memberId: target.id } });
    expect(row).toMatchObject({ status: "sent", attempts: 2, providerId: copies[0]!.messageId });
  });
});
