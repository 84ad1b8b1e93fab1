// The only place that decides which adapter each channel uses, from configuration alone.
// Tests do not special-case anything here: they point SMTP_URL / TWILIO_API_URL at fakes.
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { createOutboxEmailChannel } from "./email-outbox.ts";
import { createSmtpEmailChannel } from "./email-smtp.ts";
import type { DkimSettings } from "./mail-options.ts";
import { createOutboxSmsChannel } from "./sms-outbox.ts";
import { createTwilioSmsChannel } from "./sms-twilio.ts";
import { assertNever } from "../assert.ts";
import type { Channel, EmailMessage, OutgoingMessage, SendOutcome, SmsMessage } from "./types.ts";

export type ChannelConfig = Pick<
  Config,
  | "SMTP_URL" | "MAIL_FROM" | "DKIM_DOMAIN" | "DKIM_SELECTOR" | "DKIM_PRIVATE_KEY" | "OUTBOX_DIR"
  | "TWILIO_ACCOUNT_SID" | "TWILIO_AUTH_TOKEN" | "TWILIO_FROM" | "TWILIO_API_URL"
>;

/** The adapter of every channel that sends one message at a time, and one way to send through them. */
export interface Channels {
  email: Channel<EmailMessage>;
  sms: Channel<SmsMessage>;
  /** Sends a message through its channel's adapter. */
  send(outgoing: OutgoingMessage): Promise<SendOutcome>;
  /** Closes every adapter. Idempotent. */
  close(): Promise<void>;
}

/** Wraps adapters (from configuration, or a test's own) into Channels. */
export function channelsOf(adapters: { email: Channel<EmailMessage>; sms: Channel<SmsMessage> }): Channels {
  let closing: Promise<void> | undefined;
  return {
    ...adapters,
    send(outgoing) {
      switch (outgoing.channel) {
        case "email":
          return adapters.email.send(outgoing.message);
        case "sms":
          return adapters.sms.send(outgoing.message);
        default:
          return assertNever(outgoing);
      }
    },
    close: () => (closing ??= Promise.all([adapters.email.close(), adapters.sms.close()]).then(() => undefined)),
  };
}

export interface ChannelFactoryOptions {
  clock?: Clock;
  /** SMTP pool size; match the email worker's concurrency. Default 5. */
  smtpMaxConnections?: number;
}

/** DKIM settings when all three variables are set (config.ts rejects a partial set). */
export function dkimFromConfig(config: ChannelConfig): DkimSettings | undefined {
  if (!config.DKIM_DOMAIN || !config.DKIM_SELECTOR || !config.DKIM_PRIVATE_KEY) return undefined;
  // Keys in environment variables often arrive with literal "\n" instead of line breaks.
  const privateKey = config.DKIM_PRIVATE_KEY.replace(/\\n/g, "\n");
  return { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey };
}

export function createChannels(config: ChannelConfig, logger: Logger, options: ChannelFactoryOptions = {}): Channels {
  const dkim = dkimFromConfig(config);
  const email = config.SMTP_URL
    ? createSmtpEmailChannel({
        url: config.SMTP_URL,
        from: config.MAIL_FROM,
        dkim,
        maxConnections: options.smtpMaxConnections,
        logger,
      })
    : createOutboxEmailChannel({ dir: config.OUTBOX_DIR, from: config.MAIL_FROM, dkim, logger });

  const sms =
    config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_FROM
      ? createTwilioSmsChannel({
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN,
          from: config.TWILIO_FROM,
          apiUrl: config.TWILIO_API_URL,
          clock: options.clock,
          logger,
        })
      : createOutboxSmsChannel({ dir: config.OUTBOX_DIR, from: config.TWILIO_FROM, clock: options.clock, logger });

  logger.info({ emailProvider: email.provider, smsProvider: sms.provider }, "channels ready");
  return channelsOf({ email, sms });
}

/**
 * SMTP connections per worker: one per send in flight, but never more than 20, since relays
 * commonly cap concurrent connections per client; nodemailer queues the rest on the pool.
 */
export function smtpPoolSize(sendConcurrency: number): number {
  return Math.min(sendConcurrency, 20);
}
