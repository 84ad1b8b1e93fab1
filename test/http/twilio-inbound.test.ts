import twilio from "twilio";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { decide } from "../../src/consent/decide.ts";
import { smsKeyword } from "../../src/consent/sms-stop.ts";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { useTestDatabase } from "../support/db.ts";
import { makeMember, pseudonymsFromConfig, testConfig, TWILIO_TOKEN } from "../consent/support.ts";

const { db, url } = await useTestDatabase();
const config = testConfig(url);
const pseudonyms = pseudonymsFromConfig(config);
const clock = new ManualClock(new Date("2026-11-26T10:00:00Z"));
const app = await buildApp({ db, config, clock, logger: createLogger("silent") });
afterAll(() => app.close());

const PATH = "/webhooks/twilio/inbound";

function inbound(params: Record<string, string>, signature: string | null | "wrong") {
  const sig =
    signature === "wrong"
      ? twilio.getExpectedTwilioSignature("not-the-token-000000000000", `${config.PUBLIC_URL}${PATH}`, params)
      : signature;
  return app.inject({
    method: "POST",
    url: PATH,
    headers: { "content-type": "application/x-www-form-urlencoded", ...(sig ? { "x-twilio-signature": sig } : {}) },
    payload: new URLSearchParams(params).toString(),
  });
}
const signed = (params: Record<string, string>) =>
  inbound(params, twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${config.PUBLIC_URL}${PATH}`, params));
const message = (from: string, body: string) => ({
  MessageSid: `SM${"0".repeat(32)}`, AccountSid: config.TWILIO_ACCOUNT_SID!, From: from, To: "+4790000000", Body: body, NumSegments: "1",
});

async function counts() {
  const [events, suppressions] = await Promise.all([db.consentEvent.count(), db.suppression.count()]);
  return { events, suppressions };
}

describe("when reading SMS keywords", () => {
  it("should know STOPP, STOP, AVSLUTT and STOPALL in any case with spaces, and START", () => {
    for (const word of ["STOPP", "stop", " Avslutt ", "\tstopall\n", "Stopp"]) expect(smsKeyword(word)).toBe("stop");
    expect(smsKeyword(" start ")).toBe("start");
    for (const other of ["STOPP NÅ", "stopper", "", "hei"]) expect(smsKeyword(other)).toBeNull();
  });
});

describe("when an inbound STOPP arrives", () => {
  it("should, with a valid signature, suppress the number, record a ledger event and reply in Norwegian TwiML", async () => {
    const memberId = await makeMember(db, { mobile: "+4791112222" });
    expect(await decide(db, memberId, "service", "sms", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
    const response = await signed(message("+4791112222", "  stopp "));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/xml/);
    expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>Du er nå meldt av SMS/);
    expect(await decide(db, memberId, "service", "sms", clock.now(), { pseudonyms })).toEqual({ allowed: false, reason: "suppressed" });
    expect(await decide(db, memberId, "service", "email", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
    expect(await db.consentEvent.findMany({ where: { memberId } })).toMatchObject([{ purpose: "all", channel: "sms", action: "opt_out", source: "sms_stop" }]);
    expect(await db.suppression.findMany({ where: { liftedAt: null } })).toMatchObject([{ channel: "sms", reason: "sms_stop" }]);
  });

  it("should answer 403 and change nothing when unsigned or wrongly signed", async () => {
    const memberId = await makeMember(db, { mobile: "+4793334444" });
    const before = await counts();
    for (const signature of [null, "wrong", "", "AAAA"] as const) {
      const response = await inbound(message("+4793334444", "STOP"), signature);
      expect(response.statusCode).toBe(403);
    }
    // A valid signature for different parameters (someone else's number) does not carry over.
    const sigForOther = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${config.PUBLIC_URL}${PATH}`, message("+4790001111", "STOP"));
    expect((await inbound(message("+4793334444", "STOP"), sigForOther)).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    expect(await decide(db, memberId, "information", "sms", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });
  });

  it("should refuse every request when no Twilio auth token is configured", async () => {
    const bare = await buildApp({
      db, clock, logger: createLogger("silent"),
      config: { ...config, TWILIO_AUTH_TOKEN: undefined },
    });
    try {
      const params = message("+4795556666", "STOPP");
      const sig = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${config.PUBLIC_URL}${PATH}`, params);
      const response = await bare.inject({
        method: "POST", url: PATH, headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
        payload: new URLSearchParams(params).toString(),
      });
      expect(response.statusCode).toBe(403);
    } finally {
      await bare.close();
    }
  });
});

describe("when START follows STOPP", () => {
  it("should lift the sms_stop suppression but not a bounce, and ordinary texts change nothing", async () => {
    const memberId = await makeMember(db, { mobile: "+4797778888" });
    await signed(message("+4797778888", "AVSLUTT"));
    clock.advance(60_000);
    const response = await signed(message("+4797778888", "Start"));
    expect(response.body).toContain("Du er meldt på SMS fra oss igjen");
    expect(await decide(db, memberId, "information", "sms", clock.now(), { pseudonyms })).toMatchObject({ allowed: true });

    const before = await counts();
    const chat = await signed(message("+4797778888", "Hei, når er årsmøtet?"));
    expect(chat.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(await counts()).toEqual(before);
  });
});
