// Acceptance: a flaky SMTP server (451 to 20% of attempts) still gets every message in the
// end; 550 5.1.1 addresses fail for good, are suppressed and are never retried.
import { afterAll, describe, expect, it } from "vitest";
import { decide } from "../../src/consent/decide.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 400, sink: { failRate: 0.2, seed: 11 } });
afterAll(() => h.close());

describe("when the SMTP server defers 20% of messages and rejects some addresses", () => {
  it("should deliver every deferred message in the end, and fail and suppress the rejected ones without retrying", async () => {
    const withEmail = await h.db.member.findMany({ where: { email: { not: null }, status: { not: "resigned" } }, orderBy: { id: "asc" } });
    const rejected = withEmail.slice(5, 12);
    h.sink.setPolicy({ failRate: 0.2, seed: 11, rejectRecipients: rejected.map((m) => m.email!) });

    const campaignId = await h.launch({ channels: ["email"] });
    const status = await h.waitFor(campaignId, allDone);

    expect(h.sink.stats.deferred).toBeGreaterThan(20); // the 451s really happened
    const rejectedSet = new Set(rejected.map((m) => m.email!.toLowerCase()));
    const expected = withEmail.filter((m) => !rejectedSet.has(m.email!.toLowerCase())).map((m) => m.email!.toLowerCase()).sort();
    expect(h.sink.messages.map((m) => m.to[0]!.toLowerCase()).sort()).toEqual(expected);
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    expect(status.channels.email!.failed).toBe(rejected.length);
    expect(status.channels.email!.sent).toBe(expected.length);

    const failed = await h.db.delivery.findMany({ where: { campaignId, status: "failed" } });
    expect(failed.map((d) => d.memberId).sort()).toEqual(rejected.map((m) => m.id).sort());
    for (const d of failed) {
      expect(d.reason).toMatch(/550.*5\.1\.1/);
      expect(d.attempts).toBe(1);
    }
    const retried = await h.db.delivery.count({ where: { campaignId, status: "sent", attempts: { gt: 1 } } });
    expect(retried).toBeGreaterThan(0);

    const pseudonyms = pseudonymsFromConfig(h.config);
    // A hard bounce marks the member's address invalid (decide names that first) and suppresses the address.
    for (const m of rejected) {
      expect(await decide(h.db, m.id, "bargaining", "email", new Date(), { pseudonyms })).toEqual({ allowed: false, reason: "address_invalid" });
      expect(await h.db.suppression.count({ where: { channel: "email", addressHash: pseudonyms.address("email", m.email!)!, reason: "hard_bounce" } })).toBe(1);
    }
  });
});
