// SMTP throttling (421 or 4.7.x, "too many connections") is the provider slowing us down, like a
// Twilio 429: the channel backs off for every worker and no attempt is counted, so a throttle
// that lasts far longer than the retries would allow fails no row.
import { afterAll, describe, expect, it } from "vitest";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

// Two attempts at most, 50 ms apart: a retryable answer would fail rows within a second.
const h = await startHarness({ members: 300, settings: { maxAttempts: 2, retryBaseMs: 50, retryMaxMs: 100, throttleBackoffMs: 300 } });
afterAll(() => h.close());

describe("when the relay throttles us for several seconds", () => {
  it("should back off and send every message once, failing nothing and counting no attempt", async () => {
    const throttleUntil = Date.now() + 3000;
    let throttled = 0;
    h.sink.setPolicy({
      respond: (e) => {
        if (e.stage !== "mail" || Date.now() > throttleUntil) return undefined;
        throttled++;
        return { code: 421, message: "4.7.0 Too many connections from your host, slow down" };
      },
    });
    const campaignId = await h.launch({ channels: ["email"] });
    const done = await h.waitFor(campaignId, allDone, 60_000);
    expect(throttled).toBeGreaterThan(2);
    expect(Date.now()).toBeGreaterThan(throttleUntil);
    const expected = await h.db.member.count({ where: { email: { not: null }, status: { not: "resigned" } } });
    expect(done.channels.email).toMatchObject({ sent: expected, failed: 0 });
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    // Every row was sent with its first counted attempt.
    expect(await h.db.delivery.count({ where: { campaignId, status: "sent", attempts: { not: 1 } } })).toBe(0);
  });
});
