import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannels, dkimFromConfig } from "../../src/channels/factory.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { startTwilioFake, type TwilioFake } from "../support/twilio-fake.ts";
import { listHeaders, tempDir } from "./helpers.ts";

const logger = createLogger("silent");
const SECRET_KEY = "k".repeat(40);
const email = { to: "kari@example.no", subject: "Hei", html: "<p>Hei</p>", text: "Hei", headers: listHeaders("t") };
const sms = { to: "+4791234567", body: "Hei" };

let sink: SmtpSink;
let fake: TwilioFake;
beforeAll(async () => {
  [sink, fake] = await Promise.all([startSmtpSink(), startTwilioFake()]);
});
afterAll(() => Promise.all([sink.stop(), fake.stop()]));

describe("when no provider is configured", () => {
  it("should write both channels to the local outbox", async () => {
    const dir = await tempDir("factory");
    const channels = createChannels(loadConfig({ SECRET_KEY, OUTBOX_DIR: dir }), logger);
    expect([channels.email.provider, channels.sms.provider]).toEqual(["outbox", "outbox"]);
    expect((await channels.email.send(email)).ok).toBe(true);
    expect((await channels.sms.send(sms)).ok).toBe(true);
    expect(await readdir(`${dir}/email`)).toHaveLength(1);
    expect(await readdir(`${dir}/sms`)).toHaveLength(1);
    await channels.close();
    await channels.close(); // idempotent
  });
});

describe("when SMTP and Twilio are configured", () => {
  it("should send email over SMTP and SMS through the Twilio SDK to TWILIO_API_URL", async () => {
    const dir = await tempDir("factory");
    const config = loadConfig({
      SECRET_KEY,
      OUTBOX_DIR: dir,
      SMTP_URL: sink.url,
      MAIL_FROM: "Budstikke <post@budstikke.example.no>",
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM: "+4740000000",
      TWILIO_API_URL: fake.url,
    });
    const channels = createChannels(config, logger);
    expect([channels.email.provider, channels.sms.provider]).toEqual(["smtp", "twilio"]);
    expect((await channels.email.send(email)).ok).toBe(true);
    expect((await channels.sms.send(sms)).ok).toBe(true);
    expect(sink.messages).toHaveLength(1);
    expect(fake.messages[0]?.from).toBe("+4740000000");
    expect(await readdir(dir)).toEqual([]); // nothing went to the outbox
    await channels.close();
  });

  it("should accept a DKIM key given with literal \\n in the environment", () => {
    const settings = dkimFromConfig({
      DKIM_DOMAIN: "budstikke.example.no", DKIM_SELECTOR: "s1", DKIM_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\\nAAA\\n-----END PRIVATE KEY-----",
    } as Parameters<typeof dkimFromConfig>[0]);
    expect(settings?.privateKey).toBe("-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----");
  });
});
