// SMS provider answers: a 429 blocks the whole SMS channel for every worker (the shared rate
// limiter) and the delivery waits as pending, no attempt counted, until Twilio accepts it; 21610 (the recipient said STOP) fails and
// suppresses the number without a retry; 21211/21614 (invalid or non-mobile number) fail and
// mark the member's number invalid.
import { afterAll, describe, expect, it } from "vitest";
import { decide } from "../../src/consent/decide.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { createRateLimiter } from "../../src/workers/rate-limiter.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";
import { until } from "../support/until.ts";

const h = await startHarness({ members: 300 });
afterAll(() => h.close());

const smsMembers = () =>
  h.db.member.findMany({ where: { mobile: { not: null }, status: "active" }, orderBy: { id: "asc" } });

/** Polls until the check returns a value (not undefined), with a deadline. */

describe("when Twilio answers 429 Too Many Requests for a number", () => {
  it("should back the whole SMS channel off, keep the delivery pending without counting an attempt, and send it once Twilio accepts again", async () => {
    const [target] = await smsMembers();
    h.twilio.failFor(target!.mobile!, "rateLimited"); // 429, code 20429, Retry-After: 2

    const campaignId = await h.launch({ channels: ["sms"] });
    // The channel's shared block is set with the provider's Retry-After (2 s).
    const limiter = createRateLimiter(h.pipeline.queues.connection, h.pipeline.queues.prefix, h.pipeline.settings.ratePerSecond);
    const blocked = await until("the SMS channel to be blocked", async () => {
      const ms = await limiter.blockedFor("sms");
      return ms > 500 ? ms : undefined;
    });
    expect(blocked).toBeLessThanOrEqual(2000);
    expect(h.twilio.requests.some((r) => r.status === 429)).toBe(true);

    const waiting = await until("the 429'd delivery to be back in pending", async () => {
      const row = await h.db.delivery.findFirst({ where: { campaignId, memberId: target!.id, channel: "sms" } });
      return row?.status === "pending" && row.reason === "twilio_20429" ? row : undefined;
    });
    expect(waiting.attempts).toBe(0);
    expect(h.twilio.messages.some((m) => m.to === target!.mobile)).toBe(false);

    h.twilio.clearFailures();
    const status = await h.waitFor(campaignId, allDone);
    const row = await h.db.delivery.findFirstOrThrow({ where: { campaignId, memberId: target!.id, channel: "sms" } });
    expect(row.status).toBe("sent");
    // Throttling is the provider's condition, not the row's: only the send that went through counts.
    expect(row.attempts).toBe(1);
    expect(row.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(h.twilio.messages.filter((m) => m.to === target!.mobile)).toHaveLength(1);
    // Nothing lost, nothing twice.
    const expected = (await h.db.member.findMany({ where: { mobile: { not: null }, status: { not: "resigned" } } })).map((m) => m.mobile!).sort();
    expect(h.twilio.messages.map((m) => m.to).sort()).toEqual(expected);
    expect(status.channels.sms).toMatchObject({ sent: expected.length, failed: 0, pending: 0 });
  });
});

describe("when Twilio refuses numbers for good", () => {
  it("should skip STOP (21610) and suppress the number, fail 21211/21614 and mark the number invalid, each after one attempt", async () => {
    const members = await smsMembers();
    const [stopped, invalid, landline] = [members[10]!, members[11]!, members[12]!];
    h.twilio.messages.length = 0;
    h.twilio.requests.length = 0;
    h.twilio.failFor(stopped.mobile!, "stop");
    h.twilio.failFor(invalid.mobile!, "invalid");
    h.twilio.failFor(landline.mobile!, "notMobile");

    const campaignId = await h.launch({ channels: ["sms"] });
    const status = await h.waitFor(campaignId, allDone);

    const rows = new Map(
      (await h.db.delivery.findMany({ where: { campaignId, memberId: { in: [stopped.id, invalid.id, landline.id] } } })).map((d) => [d.memberId, d]),
    );
    // 21610: the recipient said STOP to Twilio: suppressed and skipped, not a failure of ours.
    expect(rows.get(stopped.id)).toMatchObject({ status: "skipped", reason: "suppressed", attempts: 1 });
    expect(rows.get(invalid.id)).toMatchObject({ status: "failed", reason: "twilio_21211", attempts: 1 });
    expect(rows.get(landline.id)).toMatchObject({ status: "failed", reason: "twilio_21614", attempts: 1 });
    expect(status.channels.sms!.failedByReason).toEqual({ twilio_21211: 1, twilio_21614: 1 });
    expect(status.channels.sms!.skippedByReason.suppressed).toBe(1);

    // Never retried: exactly one request reached Twilio for each of them.
    expect(h.twilio.requests.filter((r) => r.status === 400)).toHaveLength(3);
    for (const m of [stopped, invalid, landline]) expect(h.twilio.messages.some((s) => s.to === m.mobile)).toBe(false);

    const pseudonyms = pseudonymsFromConfig(h.config);
    // 21610 means the recipient said STOP (to Twilio): the same as our own STOP keyword, an SMS
    // opt-out in the ledger (which decide names first) and a suppressed number.
    expect(await decide(h.db, stopped.id, "bargaining", "sms", new Date(), { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_channel" });
    expect(await h.db.suppression.count({ where: { channel: "sms", addressHash: pseudonyms.address("sms", stopped.mobile!)!, reason: "sms_stop" } })).toBe(1);
    // STOP is about the number, not an invalid one; the invalid numbers are marked on the member.
    const after = new Map((await h.db.member.findMany({ where: { id: { in: [stopped.id, invalid.id, landline.id] } } })).map((m) => [m.id, m]));
    expect(after.get(stopped.id)!.mobileInvalidAt).toBeNull();
    expect(after.get(invalid.id)!.mobileInvalidAt).toBeInstanceOf(Date);
    expect(after.get(landline.id)!.mobileInvalidAt).toBeInstanceOf(Date);
    // The others were unaffected.
    expect(status.channels.sms!.sent).toBe(h.twilio.messages.length);
  });
});
