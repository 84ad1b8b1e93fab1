import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { createTwilioSmsChannel, rerouteUri } from "../../src/channels/sms-twilio.ts";
import type { Channel, SendOutcome, SmsMessage } from "../../src/channels/types.ts";
import { startTwilioFake, type TwilioFake } from "../support/twilio-fake.ts";
import { closedPort } from "./helpers.ts";

const CALLBACK = "https://budstikke.example.no/webhooks/twilio/status";
const sms = (to = "+4791234567"): SmsMessage => ({ to, body: "Uravstemning: stem innen 10.12. Svar STOPP for å avslutte.", statusCallback: CALLBACK });

let fake: TwilioFake;
const opened: Channel<SmsMessage>[] = [];
const channel = (over: Partial<Parameters<typeof createTwilioSmsChannel>[0]> = {}) => {
  const created = createTwilioSmsChannel({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: "NTL",
    apiUrl: fake.url,
    timeoutMs: 5_000,
    ...over,
  });
  opened.push(created);
  return created;
};
const failureOf = (outcome: SendOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${outcome.providerId}`);
  return outcome.failure;
};

beforeAll(async () => {
  fake = await startTwilioFake();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  fake.clearFailures();
  fake.messages.length = 0;
  fake.requests.length = 0;
});
afterAll(() => fake.stop());

describe("when TWILIO_API_URL points at the fake", () => {
  it("should send through the real SDK to the fake with Basic auth and the status callback", async () => {
    const outcome = await channel().send(sms());
    expect(outcome.ok).toBe(true);
    expect(fake.requests).toEqual([{ method: "POST", path: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`, status: 201 }]);
    expect(fake.messages).toHaveLength(1);
    const received = fake.messages[0]!;
    expect(outcome).toEqual({ ok: true, providerId: received.sid });
    expect(received.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(received).toMatchObject({ to: "+4791234567", from: "NTL", statusCallback: CALLBACK, status: "queued" });
    expect(received.body).toBe(sms().body);
    // Only what Twilio needs leaves the process (GDPR art. 9: minimal data).
    expect(Object.keys(received.params).sort()).toEqual(["Body", "From", "StatusCallback", "To"]);
  });

  it("should be refused by the fake with a wrong auth token (the fake checks credentials)", async () => {
    const failure = failureOf(await channel({ authToken: "wrong" }).send(sms()));
    expect(failure.code).toBe("twilio_20003");
    expect(fake.messages).toHaveLength(0);
  });

  it("should keep a path prefix of the API URL (egress proxies)", () => {
    expect(rerouteUri("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1", "http://proxy:8080/twilio/"))
      .toBe("http://proxy:8080/twilio/2010-04-01/Accounts/AC1/Messages.json?x=1");
  });
});

describe("when Twilio answers with an error", () => {
  it("should suppress on 21610 (the recipient replied STOP) and not retry", async () => {
    fake.failFor("+4790000001", "stop");
    const failure = failureOf(await channel().send(sms("+4790000001")));
    expect(failure).toMatchObject({ kind: "permanent", code: "twilio_21610", suppress: "sms_stop" });
    expect(failure.invalidAddress).toBeUndefined();
  });

  it.each([
    ["invalid", "twilio_21211"],
    ["notMobile", "twilio_21614"],
  ] as const)("should mark the number invalid on %s (%s)", async (answer, code) => {
    fake.failFor("+4790000002", answer);
    const failure = failureOf(await channel().send(sms("+4790000002")));
    expect(failure).toMatchObject({ kind: "permanent", code, invalidAddress: true });
    expect(failure.suppress).toBeUndefined();
  });

  it("should report 429 as rate_limited with the Retry-After delay", async () => {
    fake.failFor("+4790000003", { status: 429, code: 20429, message: "Too Many Requests", retryAfter: 7 });
    const failure = failureOf(await channel().send(sms("+4790000003")));
    expect(failure).toEqual({ kind: "rate_limited", code: "twilio_20429", message: "Too Many Requests", retryAfterMs: 7000 });
  });

  it("should read an HTTP-date Retry-After against the injected clock", async () => {
    const clock = new ManualClock(new Date("2026-12-01T08:00:00Z"));
    fake.failFor("+4790000003", { status: 429, retryAfter: "Tue, 01 Dec 2026 08:00:05 GMT" });
    const failure = failureOf(await channel({ clock }).send(sms("+4790000003")));
    expect(failure).toMatchObject({ kind: "rate_limited", code: "twilio_429", retryAfterMs: 5000 });
  });

  it("should retry on 500 and succeed once Twilio recovers", async () => {
    fake.failFor("+4790000004", "serverError", { times: 1 });
    const ch = channel();
    expect(failureOf(await ch.send(sms("+4790000004")))).toMatchObject({ kind: "retryable", code: "twilio_20500" });
    expect((await ch.send(sms("+4790000004"))).ok).toBe(true);
  });

  it("should fail other 4xx for good", async () => {
    fake.failFor("+4790000005", { status: 400, code: 21408, message: "Permission to send an SMS has not been enabled for the region" });
    expect(failureOf(await channel().send(sms("+4790000005")))).toMatchObject({ kind: "permanent", code: "twilio_21408" });
  });

  it("should keep phone numbers out of failure messages", async () => {
    fake.failFor("+4790000006", { status: 400, code: 21211, message: "The 'To' number +4790000006 is not a valid phone number." });
    const failure = failureOf(await channel().send(sms("+4790000006")));
    expect(failure.message).not.toContain("90000006");
  });
});

describe("when Twilio cannot be reached", () => {
  it("should classify the network error as retryable", async () => {
    const port = await closedPort();
    const failure = failureOf(await channel({ apiUrl: `http://127.0.0.1:${port}` }).send(sms()));
    expect(failure).toMatchObject({ kind: "retryable", code: "ECONNREFUSED" });
  });
});

describe("when the fake delivers a status callback", () => {
  it("should sign it so twilio.validateRequest accepts it for the public URL, and POST it to the target", async () => {
    await channel().send(sms());
    const sid = fake.messages[0]!.sid;
    const received: { url: string; signature: string; params: Record<string, string> }[] = [];
    const app = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const signature = String(req.headers["x-twilio-signature"] ?? "");
        received.push({ url: req.url ?? "", signature, params });
        // What the app will do: validate against its public URL, not the loopback one.
        const valid = twilio.validateRequest(fake.authToken, signature, CALLBACK, params);
        res.writeHead(valid ? 204 : 403).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", () => resolve()));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      expect(await fake.deliverStatus(sid, "delivered", { targetBaseUrl: base })).toEqual({ status: 204, body: "" });
      expect(received[0]?.url).toBe("/webhooks/twilio/status");
      expect(received[0]?.params).toMatchObject({ MessageSid: sid, MessageStatus: "delivered", To: "+4791234567", AccountSid: fake.accountSid });
      expect(fake.messages[0]?.status).toBe("delivered");

      const failed = await fake.deliverStatus(sid, "undelivered", { targetBaseUrl: base, errorCode: "30003" });
      expect(failed.status).toBe(204);
      expect(received[1]?.params.ErrorCode).toBe("30003");

      expect((await fake.deliverStatus(sid, "delivered", { targetBaseUrl: base, unsigned: true })).status).toBe(403);
      expect((await fake.deliverStatus(sid, "delivered", { targetBaseUrl: base, authToken: "not-the-token" })).status).toBe(403);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });

  it("should build the same signed request for app.inject without HTTP", async () => {
    await channel().send(sms());
    const request = fake.statusCallbackRequest(fake.messages[0]!.sid, "sent");
    expect(request.targetUrl).toBe(CALLBACK);
    expect(twilio.validateRequest(fake.authToken, request.headers["x-twilio-signature"]!, CALLBACK, Object.fromEntries(new URLSearchParams(request.payload)))).toBe(true);
  });
});
