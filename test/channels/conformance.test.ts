// The channel conformance suite: one set of tests that every adapter must pass (the outbox and
// SMTP email adapters, the outbox and Twilio SMS adapters). Each adapter says how to make its
// provider give each answer; the suite checks the classification, that nothing personal reaches
// the logs, and that close() is idempotent and final.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createOutboxEmailChannel } from "../../src/channels/email-outbox.ts";
import { createSmtpEmailChannel } from "../../src/channels/email-smtp.ts";
import { createOutboxSmsChannel } from "../../src/channels/sms-outbox.ts";
import { createTwilioSmsChannel } from "../../src/channels/sms-twilio.ts";
import type { Channel, EmailMessage, SendFailure, SendOutcome, SmsMessage } from "../../src/channels/types.ts";
import { createLogger, type Logger } from "../../src/log.ts";
import { startSmtpSink } from "../support/smtp-sink.ts";
import { startTwilioFake } from "../support/twilio-fake.ts";
import { closedPort, listHeaders, tempDir } from "./helpers.ts";

/** Personal data a message carries; none of it may appear in any log line. */
const RECIPIENT_EMAIL = "kari.nordmann@example.no";
const RECIPIENT_MOBILE = "+4791234567";
const PERSONAL = ["kari.nordmann", "Kari", "Nordmann", "91234567", "Hemmelig innhold", "tariffnemnd-kode-77"];

interface Case {
  title: string;
  /** Make the provider answer this way for the next send (and undo it afterwards). */
  arrange(): void | Promise<void>;
  undo?(): void;
  expected: Partial<SendFailure> & { kind: SendFailure["kind"] };
}

interface Adapter<M> {
  name: string;
  open(logger: Logger): Channel<M>;
  message(): M;
  failures: Case[];
}

const email = (): EmailMessage => ({
  to: RECIPIENT_EMAIL,
  subject: "Hemmelig innhold til Kari Nordmann",
  html: "<p>Hei Kari Nordmann, koden er tariffnemnd-kode-77.</p>",
  text: "Hei Kari Nordmann, koden er tariffnemnd-kode-77.",
  headers: listHeaders("abc"),
  messageId: `<conformance-${Math.random().toString(36).slice(2)}@ntl.example.no>`,
});
const sms = (): SmsMessage => ({ to: RECIPIENT_MOBILE, body: "Hei Kari Nordmann, Hemmelig innhold: tariffnemnd-kode-77" });

const sink = await startSmtpSink();
const twilio = await startTwilioFake();
const outboxDir = await tempDir("conformance");
afterAll(() => Promise.all([sink.stop(), twilio.stop()]));
const unreachable = await closedPort();
// Root ignores file modes, so an unwritable outbox is one whose path runs through a file.
const notADirectory = join(outboxDir, "a-file");
await writeFile(notADirectory, "x");

const atStage = (stage: "mail" | "rcpt" | "data", code: number, message: string, extra: object = {}) => () =>
  sink.setPolicy({ respond: (e) => (e.stage === stage ? { code, message, ...extra } : undefined) });
const resetSink = () => sink.setPolicy({ respond: () => undefined });

const adapters: Array<Adapter<EmailMessage> | Adapter<SmsMessage>> = [
  {
    name: "SMTP email",
    open: (logger) => createSmtpEmailChannel({ url: sink.url, from: "NTL <post@ntl.example.no>", logger, maxConnections: 2 }),
    message: email,
    failures: [
      { title: "a dead mailbox at RCPT TO", arrange: atStage("rcpt", 550, "5.1.1 <kari.nordmann@example.no>: no such user"), undo: resetSink, expected: { kind: "permanent", code: "smtp_550_5.1.1", suppress: "hard_bounce" } },
      { title: "a transient refusal at DATA", arrange: atStage("data", 451, "4.3.0 Try again later"), undo: resetSink, expected: { kind: "retryable", code: "smtp_451_4.3.0" } },
      { title: "throttling", arrange: atStage("mail", 421, "4.7.0 Too many connections"), undo: resetSink, expected: { kind: "rate_limited", code: "smtp_421_4.7.0" } },
      { title: "our sender refused at MAIL FROM", arrange: atStage("mail", 553, "5.1.8 Sender address rejected"), undo: resetSink, expected: { kind: "sender_refused", code: "smtp_553_5.1.8" } },
      { title: "the connection dropped after the server took the message", arrange: atStage("data", 250, "queued", { dropAfterAccepting: true }), undo: resetSink, expected: { kind: "uncertain" } },
    ],
  },
  {
    name: "outbox email",
    open: (logger) => createOutboxEmailChannel({ dir: outboxDir, from: "NTL <post@ntl.example.no>", logger }),
    message: email,
    failures: [],
  },
  {
    name: "Twilio SMS",
    open: (logger) => createTwilioSmsChannel({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: "NTL", apiUrl: twilio.url, logger, timeoutMs: 2000 }),
    message: sms,
    failures: [
      { title: "the recipient said STOP", arrange: () => twilio.failFor(RECIPIENT_MOBILE, "stop", { times: 1 }), expected: { kind: "permanent", code: "twilio_21610", suppress: "sms_stop" } },
      { title: "an invalid number", arrange: () => twilio.failFor(RECIPIENT_MOBILE, "invalid", { times: 1 }), expected: { kind: "permanent", code: "twilio_21211", invalidAddress: true } },
      { title: "too many requests", arrange: () => twilio.failFor(RECIPIENT_MOBILE, "rateLimited", { times: 1 }), expected: { kind: "rate_limited", code: "twilio_20429", retryAfterMs: 2000 } },
      { title: "a server error", arrange: () => twilio.failFor(RECIPIENT_MOBILE, "serverError", { times: 1 }), expected: { kind: "retryable", code: "twilio_20500" } },
      { title: "our credentials refused", arrange: () => twilio.failFor(RECIPIENT_MOBILE, { status: 401, code: 20003, message: "Authenticate" }, { times: 1 }), expected: { kind: "sender_refused", code: "twilio_20003" } },
      { title: "no answer after the message was created", arrange: () => twilio.hangUpAfterCreating(RECIPIENT_MOBILE, { times: 1 }), expected: { kind: "uncertain" } },
    ],
  },
  {
    name: "outbox SMS",
    open: (logger) => createOutboxSmsChannel({ dir: outboxDir, from: "NTL", logger }),
    message: sms,
    failures: [],
  },
];

// Unreachable providers and unwritable outboxes: nothing was handed over, so retry.
const unreachableAdapters: Array<{ name: string; open(logger: Logger): Channel<EmailMessage> | Channel<SmsMessage>; message(): EmailMessage | SmsMessage }> = [
  { name: "SMTP email", open: (logger) => createSmtpEmailChannel({ url: `smtp://127.0.0.1:${unreachable}`, from: "post@ntl.example.no", logger }), message: email },
  { name: "outbox email", open: (logger) => createOutboxEmailChannel({ dir: notADirectory, from: "post@ntl.example.no", logger }), message: email },
  { name: "Twilio SMS", open: (logger) => createTwilioSmsChannel({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: "NTL", apiUrl: `http://127.0.0.1:${unreachable}`, logger }), message: sms },
  { name: "outbox SMS", open: (logger) => createOutboxSmsChannel({ dir: notADirectory, logger }), message: sms },
];

/** A logger at the most verbose level whose lines the test can read. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("trace", stream as unknown as Parameters<typeof createLogger>[1]), lines };
}

const send = (channel: Channel<unknown>, message: unknown): Promise<SendOutcome> => channel.send(message);

for (const adapter of adapters) {
  describe(`the ${adapter.name} adapter`, () => {
    it("should accept a message and name it with a provider id", async () => {
      const { logger } = capturingLogger();
      const channel = adapter.open(logger) as Channel<unknown>;
      const outcome = await send(channel, adapter.message());
      expect(outcome).toMatchObject({ ok: true, providerId: expect.stringMatching(/\S/) });
      await channel.close();
    });

    for (const c of adapter.failures) {
      it(`should classify ${c.title} as ${c.expected.kind}`, async () => {
        const { logger, lines } = capturingLogger();
        const channel = adapter.open(logger) as Channel<unknown>;
        await c.arrange();
        try {
          const outcome = await send(channel, adapter.message());
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.failure).toMatchObject(c.expected);
          for (const word of PERSONAL) expect(outcome.failure.message).not.toContain(word);
          for (const word of PERSONAL) expect(lines.join("")).not.toContain(word);
        } finally {
          c.undo?.();
          await channel.close();
        }
      });
    }

    it("should log nothing personal, whatever happens", async () => {
      const { logger, lines } = capturingLogger();
      const channel = adapter.open(logger) as Channel<unknown>;
      await send(channel, adapter.message());
      for (const c of adapter.failures) {
        await c.arrange();
        await send(channel, adapter.message());
        c.undo?.();
      }
      await channel.close();
      const logged = lines.join("");
      for (const word of PERSONAL) expect(logged).not.toContain(word);
      expect(logged).not.toContain(RECIPIENT_EMAIL);
      expect(logged).not.toContain(RECIPIENT_MOBILE);
    });

    it("should close idempotently and refuse to send afterwards", async () => {
      const channel = adapter.open(capturingLogger().logger) as Channel<unknown>;
      await channel.close();
      await channel.close();
      await expect(send(channel, adapter.message())).rejects.toThrow(/closed/);
    });
  });
}

for (const adapter of unreachableAdapters) {
  describe(`the ${adapter.name} adapter, when its provider or folder cannot be reached`, () => {
    it("should answer retryable (nothing was handed over) and log nothing personal", async () => {
      const { logger, lines } = capturingLogger();
      const channel = adapter.open(logger) as Channel<unknown>;
      const outcome = await send(channel, adapter.message());
      expect(outcome).toMatchObject({ ok: false, failure: { kind: "retryable" } });
      await channel.close();
      for (const word of PERSONAL) expect(lines.join("")).not.toContain(word);
    });
  });
}
