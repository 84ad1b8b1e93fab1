// Email through an SMTP relay with a pooled nodemailer transport.
import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import type { Logger } from "../log.ts";
import { dkimOptions, domainOf, normaliseMessageId, type DkimSettings } from "./mail-options.ts";
import { buildMessage } from "./mime.ts";
import { classifySmtpError } from "./smtp-errors.ts";
import { failed, sent, type Channel, type EmailMessage, type SendOutcome } from "./types.ts";

export interface SmtpEmailOptions {
  /** `smtp://user:pass@host:587` or `smtps://…:465` (SMTP_URL). */
  url: string;
  /** Default From header (MAIL_FROM). */
  from: string;
  /** Sign with DKIM (DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY). */
  dkim?: DkimSettings;
  /** Pool size; default 5. Match it to the worker's concurrency. */
  maxConnections?: number;
  /** Messages per connection before it is recycled; default 100. */
  maxMessages?: number;
  /** Socket/greeting timeouts in ms; default 30 s. */
  timeoutMs?: number;
  logger?: Logger;
}

export function createSmtpEmailChannel(options: SmtpEmailOptions): Channel<EmailMessage> {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    pool: true,
    url: options.url,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 100,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Our own retries decide; nodemailer's requeue would hide a dropped connection from us.
    maxRequeues: 0,
    ...(options.dkim ? { dkim: dkimOptions(options.dkim) } : {}),
  });
  const messageIdDomain = options.dkim?.domainName ?? domainOf(options.from);
  let closed = false;
  const boundaryBase = randomBytes(6).toString("hex");
  let messagesBuilt = 0;

  return {
    name: "email",
    provider: "smtp",
    async send(message: EmailMessage): Promise<SendOutcome> {
      if (closed) throw new Error("SMTP email channel is closed");
      const messageId = normaliseMessageId(message.messageId, messageIdDomain);
      try {
        // Built into one buffer and handed over raw: streamed by nodemailer, every header line
        // and encoded body line became a socket write of its own. DKIM signs raw messages alike.
        const { envelope, raw } = await buildMessage(message, {
          defaultFrom: options.from, messageId, boundary: `${boundaryBase}${(++messagesBuilt).toString(36)}`,
        });
        const info = await transport.sendMail({ envelope, raw, messageId });
        // One recipient per message, so a rejection arrives as an error; this guards odd servers.
        if (info.rejected.length > 0) {
          return failed(classifySmtpError(info.rejectedErrors?.[0] ?? { message: "Recipient rejected" }));
        }
        return sent(messageId);
      } catch (error) {
        const failure = classifySmtpError(error);
        options.logger?.debug({ channel: "email", messageId, code: failure.code, kind: failure.kind }, "smtp send failed");
        return failed(failure);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}
