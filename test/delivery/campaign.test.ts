// Acceptance: a campaign to 1,000 members by email and SMS, end to end on loopback.
import { afterAll, describe, expect, it } from "vitest";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { decide } from "../../src/consent/decide.ts";
import { suppressAddress } from "../../src/consent/suppressions.ts";
import { verifyToken } from "../../src/consent/tokens.ts";
import { allDone, harnessApp, PUBLIC_URL, startHarness } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 1000 });
afterAll(() => h.close());

describe("when a campaign goes to 1,000 members by email and SMS", () => {
  it("should reach exactly the members who may be contacted, once per channel, and skip the rest with the right reason", async () => {
    const members = await h.db.member.findMany({ orderBy: { id: "asc" } });
    const live = members.filter((m) => m.status !== "resigned");
    const optedOut = live.filter((m) => m.email && m.mobile).slice(0, 10);
    const suppressedEmail = live.filter((m) => m.email).slice(20, 25);
    const at = new Date();
    for (const m of optedOut) {
      await recordConsentEvent(h.db, { memberId: m.id, purpose: "bargaining", channel: "all", action: "opt_out", source: "staff", actor: "test", at });
    }
    for (const m of suppressedEmail) {
      await suppressAddress(h.db, { channel: "email", address: m.email!.toUpperCase(), reason: "hard_bounce", at, pseudonyms: pseudonymsFromConfig(h.config) });
    }

    const campaignId = await h.launch();
    const status = await h.waitFor(campaignId, allDone);

    const out = new Set(optedOut.map((m) => m.id));
    const supp = new Set(suppressedEmail.map((m) => m.id));
    const expectedEmail = live.filter((m) => m.email && !out.has(m.id) && !supp.has(m.id)).map((m) => m.email!.toLowerCase()).sort();
    const expectedSms = live.filter((m) => m.mobile && !out.has(m.id)).map((m) => m.mobile!).sort();

    const gotEmail = h.sink.messages.map((m) => m.to[0]!.toLowerCase()).sort();
    expect(gotEmail).toEqual(expectedEmail);
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    expect(h.twilio.messages.map((m) => m.to).sort()).toEqual(expectedSms);

    const resigned = members.length - live.length;
    expect(status.channels.email).toMatchObject({
      total: 1000, sent: expectedEmail.length, pending: 0, sending: 0, failed: 0,
      skippedByReason: {
        resigned,
        opted_out_purpose: optedOut.length,
        suppressed: suppressedEmail.length,
        no_address: live.filter((m) => !m.email && !out.has(m.id)).length,
      },
    });
    expect(status.channels.sms).toMatchObject({
      total: 1000, sent: expectedSms.length,
      skippedByReason: { resigned, opted_out_purpose: optedOut.length, no_address: live.filter((m) => !m.mobile && !out.has(m.id)).length },
    });
  });

  it("should give every email working List-Unsubscribe headers for its own member", async () => {
    expect(h.sink.messages.length).toBeGreaterThan(500);
    const byEmail = new Map((await h.db.member.findMany()).filter((m) => m.email).map((m) => [m.email!.toLowerCase(), m.id]));
    for (const message of h.sink.messages) {
      expect(message.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
      const url = /<(https:[^>]+)>/.exec(message.headers["list-unsubscribe"] ?? "")?.[1];
      expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/u/`));
      const claims = verifyToken(h.config.secretKeys, url!.split("/u/")[1]!);
      expect(claims).toMatchObject({ memberId: byEmail.get(message.to[0]!.toLowerCase()), purpose: "bargaining", channel: "email" });
    }

    // And the link works: a one-click POST exactly as a mail provider sends it.
    const message = h.sink.messages[0]!;
    const url = new URL(/<(https:[^>]+)>/.exec(message.headers["list-unsubscribe"]!)![1]!);
    const app = await harnessApp(h);
    const response = await app.inject({
      method: "POST", url: url.pathname, payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.statusCode).toBe(200);
    const memberId = byEmail.get(message.to[0]!.toLowerCase())!;
    const decision = await decide(h.db, memberId, "bargaining", "email", new Date(), { pseudonyms: pseudonymsFromConfig(h.config) });
    expect(decision).toEqual({ allowed: false, reason: "opted_out_purpose" });
    await app.close();
  });

  it("should move SMS deliveries to delivered on a signed status callback, and refuse an unsigned one", async () => {
    const app = await harnessApp(h);
    const [first, second] = h.twilio.messages;
    const signed = h.twilio.statusCallbackRequest(first!.sid, "delivered", { targetBaseUrl: PUBLIC_URL });
    const ok = await app.inject({ method: "POST", url: signed.path, payload: signed.payload, headers: signed.headers });
    expect(ok.statusCode).toBe(200);
    expect((await h.db.delivery.findFirstOrThrow({ where: { providerId: first!.sid } })).status).toBe("delivered");

    const unsigned = h.twilio.statusCallbackRequest(second!.sid, "delivered", { targetBaseUrl: PUBLIC_URL, unsigned: true });
    const refused = await app.inject({ method: "POST", url: unsigned.path, payload: unsigned.payload, headers: unsigned.headers });
    expect(refused.statusCode).toBe(403);
    expect((await h.db.delivery.findFirstOrThrow({ where: { providerId: second!.sid } })).status).toBe("sent");
    await app.close();
  });
});
