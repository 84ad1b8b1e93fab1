import { describe, expect, it } from "vitest";
import { classifySmtpError, enhancedStatus } from "../../src/channels/smtp-errors.ts";
import { classifyTwilioError, parseRetryAfter } from "../../src/channels/twilio-errors.ts";
import { scrubAddresses } from "../../src/channels/scrub.ts";

// Shapes as nodemailer builds them (smtp-connection _formatError): responseCode + response, or
// code ECONNECTION/ETIMEDOUT with the system error in originalCode.
describe("when classifying nodemailer errors", () => {
  it.each([
    // The recipient's mailbox is dead: only these, only at RCPT TO, suppress.
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 550, response: "550 5.1.1 <kari@example.no>: Recipient address rejected" }, "permanent", "smtp_550_5.1.1", "hard_bounce"],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 553, response: "553 5.1.3 Bad destination mailbox address syntax" }, "permanent", "smtp_553_5.1.3", "hard_bounce"],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 550, response: "550 5.1.10 Recipient address has null MX" }, "permanent", "smtp_550_5.1.10", "hard_bounce"],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 550, response: "550 Requested action not taken" }, "permanent", "smtp_550", undefined],
    // Our side: the sender, a policy or content refusal, the login.
    [{ code: "EENVELOPE", command: "MAIL FROM", responseCode: 553, response: "553 5.1.8 <post@ntl.example.no>: Sender address rejected" }, "sender_refused", "smtp_553_5.1.8", undefined],
    [{ code: "EENVELOPE", command: "MAIL FROM", responseCode: 550, response: "550 Sender not allowed" }, "sender_refused", "smtp_550", undefined],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 553, response: "553 5.1.7 Bad sender address syntax" }, "sender_refused", "smtp_553_5.1.7", undefined],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 554, response: "554 5.7.1 Recipient refuses mail from you" }, "permanent", "smtp_554_5.7.1", undefined],
    [{ code: "EMESSAGE", command: "DATA", responseCode: 554, response: "554 5.7.1 Message rejected as spam" }, "sender_refused", "smtp_554_5.7.1", undefined],
    [{ code: "EMESSAGE", command: "DATA", responseCode: 550, response: "550 5.7.26 Unauthenticated email is not accepted (DMARC)" }, "sender_refused", "smtp_550_5.7.26", undefined],
    [{ code: "EAUTH", command: "AUTH PLAIN", responseCode: 535, response: "535 5.7.8 Authentication failed" }, "sender_refused", "smtp_535", undefined],
    [{ code: "ECONNECTION", command: "CONN", responseCode: 554, response: "554 5.7.1 Your IP is listed" }, "sender_refused", "smtp_554_5.7.1", undefined],
    // This message alone.
    [{ code: "EMESSAGE", command: "DATA", responseCode: 552, response: "552 5.2.2 Mailbox full" }, "permanent", "smtp_552_5.2.2", undefined],
    // Transient: retried.
    [{ code: "EMESSAGE", command: "DATA", responseCode: 451, response: "451 4.3.0 Try again later" }, "retryable", "smtp_451_4.3.0", undefined],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 450, response: "450 4.2.1 Mailbox busy" }, "retryable", "smtp_450_4.2.1", undefined],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 452, response: "452 4.2.2 Over quota" }, "retryable", "smtp_452_4.2.2", undefined],
    // Throttling: the channel backs off, no attempt counted.
    [{ code: "ECONNECTION", command: "CONN", responseCode: 421, response: "421 4.4.2 Closing" }, "rate_limited", "smtp_421_4.4.2", undefined],
    [{ code: "EENVELOPE", command: "MAIL FROM", responseCode: 451, response: "451 4.7.1 Rate limit exceeded" }, "rate_limited", "smtp_451_4.7.1", undefined],
    [{ code: "EENVELOPE", command: "RCPT TO", responseCode: 450, response: "450 Too many connections from your host" }, "rate_limited", "smtp_450", undefined],
    // The connection: never made (retry), or broken after it was (uncertain: the server may have it).
    [{ code: "ESOCKET", originalCode: "ECONNREFUSED", message: "connect ECONNREFUSED" }, "retryable", "ECONNREFUSED", undefined],
    [{ code: "ETIMEDOUT", timeoutType: "GREETING_TIMEOUT", message: "Greeting never received" }, "retryable", "ETIMEDOUT", undefined],
    [{ code: "ESOCKET", originalCode: "ECONNRESET", message: "read ECONNRESET" }, "uncertain", "ECONNRESET", undefined],
    [{ code: "ETIMEDOUT", timeoutType: "SOCKET_TIMEOUT", message: "Timeout" }, "uncertain", "ETIMEDOUT", undefined],
    [{ code: "ECONNECTION", message: "Connection closed unexpectedly" }, "uncertain", "ECONNECTION", undefined],
  ])("%o → %s %s", (error, kind, code, suppress) => {
    const failure = classifySmtpError(Object.assign(new Error("x"), error as object));
    expect(failure).toMatchObject({ kind, code });
    expect(failure.suppress).toBe(suppress);
    expect(failure.message).not.toMatch(/kari@example\.no/);
  });

  it("should read the enhanced status only right after the reply code", () => {
    expect(enhancedStatus("550-5.1.1 The email account does not exist")).toBe("5.1.1");
    expect(enhancedStatus("550 mailbox 5.1.1 unknown")).toBeUndefined();
  });

  it("should retry errors it does not recognise rather than lose the message", () => {
    expect(classifySmtpError(new Error("something odd")).kind).toBe("retryable");
    expect(classifySmtpError("a string").kind).toBe("retryable");
  });
});

describe("when classifying twilio SDK errors", () => {
  it.each([
    [{ status: 400, code: 21610 }, { kind: "permanent", code: "twilio_21610", suppress: "sms_stop" }],
    [{ status: 400, code: 21211 }, { kind: "permanent", code: "twilio_21211", invalidAddress: true }],
    [{ status: 400, code: 21614 }, { kind: "permanent", code: "twilio_21614", invalidAddress: true }],
    [{ status: 429, code: 20429 }, { kind: "rate_limited", code: "twilio_20429" }],
    [{ status: 503 }, { kind: "retryable", code: "http_503" }],
    [{ status: 401, code: 20003 }, { kind: "sender_refused", code: "twilio_20003" }],
    [{ status: 400, code: 21606 }, { kind: "sender_refused", code: "twilio_21606" }],
    [{ status: 400, code: 21408 }, { kind: "permanent", code: "twilio_21408" }],
    // No HTTP answer: refused before sending (retry) or lost after the request left (uncertain).
    [{ code: "ECONNREFUSED" }, { kind: "retryable", code: "ECONNREFUSED" }],
    [{ code: "ECONNRESET" }, { kind: "uncertain", code: "ECONNRESET" }],
    [{ code: "ECONNABORTED" }, { kind: "uncertain", code: "ECONNABORTED" }],
    [{ code: "ETIMEDOUT" }, { kind: "uncertain", code: "ETIMEDOUT" }],
  ])("%o → %o", (error, expected) => {
    expect(classifyTwilioError(Object.assign(new Error("x"), error))).toMatchObject(expected);
  });

  it("should parse Retry-After as seconds or an HTTP date", () => {
    const now = new Date("2026-12-01T08:00:00Z");
    expect(parseRetryAfter("12", now)).toBe(12_000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 08:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 07:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("when scrubbing provider messages", () => {
  it("should remove e-mail addresses and phone numbers", () => {
    expect(scrubAddresses("550 5.1.1 <ola.nordmann@nav.no>: unknown; To +47 912 34 567 invalid")).toBe(
      "550 5.1.1 <[address]>: unknown; To [number] invalid",
    );
  });
});
