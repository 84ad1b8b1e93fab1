// Retries: exponential backoff with jitter, capped; a delivery that keeps getting a transient
// answer gives up after the configured number of attempts and says so.
import { afterAll, describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/workers/settings.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const settings = { retryBaseMs: 1000, retryMaxMs: 30_000 };

describe("when a batch is retried", () => {
  it("should double the ceiling with each attempt and stay within [ceiling/2, ceiling]", () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ceiling = 1000 * 2 ** (attempt - 1);
      expect(backoffDelay(attempt, settings, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(attempt, settings, () => 0.999999)).toBe(ceiling);
      const mid = backoffDelay(attempt, settings, () => 0.5);
      expect(mid).toBe(Math.round(ceiling * 0.75));
    }
  });

  it("should never exceed the maximum delay, however many attempts were made", () => {
    for (const attempt of [6, 10, 30, 100, 1000]) {
      const delay = backoffDelay(attempt, settings, () => 0.999999);
      expect(delay).toBeLessThanOrEqual(30_000);
      expect(delay).toBeGreaterThanOrEqual(15_000);
    }
    expect(Number.isFinite(backoffDelay(5000, settings))).toBe(true);
  });

  it("should spread retries (jitter): many draws at one attempt are not all equal", () => {
    const delays = new Set(Array.from({ length: 200 }, () => backoffDelay(4, settings)));
    expect(delays.size).toBeGreaterThan(50);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });

  it("should treat attempt 0 like the first retry (never a zero or negative ceiling)", () => {
    expect(backoffDelay(0, settings, () => 0)).toBe(500);
  });
});

// maxAttempts 2: one address always answers 451, every other message goes through.
const h = await startHarness({ members: 200, settings: { maxAttempts: 2 } });
afterAll(() => h.close());

describe("when one address answers 451 to every attempt", () => {
  it("should try it exactly maxAttempts times, then fail it with the reason and the count", async () => {
    const target = await h.db.member.findFirstOrThrow({ where: { email: { not: null }, status: "active" }, orderBy: { id: "asc" } });
    const address = target.email!.toLowerCase();
    let tries = 0;
    h.sink.setPolicy({
      respond: (event) => {
        if (event.stage !== "data" || !event.rcptTo.some((a) => a.toLowerCase() === address)) return undefined;
        tries++;
        return { code: 451, message: "4.3.0 Temporary local problem, try again later" };
      },
    });

    const campaignId = await h.launch({ channels: ["email"] });
    const status = await h.waitFor(campaignId, allDone);

    expect(tries).toBe(2);
    const row = await h.db.delivery.findFirstOrThrow({ where: { campaignId, memberId: target.id, channel: "email" } });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(2);
    expect(row.reason).toBe("smtp_451_4.3.0 (gave up after 2 attempts)");
    expect(row.failedAt).not.toBeNull();

    expect(status.channels.email!.failed).toBe(1);
    expect(status.channels.email!.failedByReason).toEqual({ "smtp_451_4.3.0 (gave up after 2 attempts)": 1 });
    expect(h.sink.messages.some((m) => m.to[0]!.toLowerCase() === address)).toBe(false);
    // Everybody else got exactly one message, at the first attempt.
    expect(status.channels.email!.sent).toBe(h.sink.stats.accepted);
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    expect(await h.db.delivery.count({ where: { campaignId, status: "sent", attempts: { not: 1 } } })).toBe(0);
  });
});
