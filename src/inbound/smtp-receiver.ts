// The built-in SMTP receiver: the organisation's MX or relay forwards mail for BOUNCE_DOMAIN and
// for the unsubscribe mailbox here. It takes recipients only at those addresses (so it can never
// be used as a relay), refuses messages over INBOUND_MAX_BYTES, and answers 250 only after the
// message is stored; when the database is unreachable it answers 451 and the sender retries.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Logger } from "../log.ts";

export interface SmtpReceiverOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxBytes: number;
  /** Whether mail to this address is ours to take (VERP addresses at BOUNCE_DOMAIN, the unsubscribe mailbox). */
  accepts: (address: string) => boolean;
  /** Stores and processes one message; a rejection means "try again later". */
  handle: (raw: Buffer, envelopeRecipients: string[]) => Promise<void>;
  logger: Logger;
}

export interface SmtpReceiver {
  port: number;
  /** Stops taking connections and waits for those open to finish. Idempotent. */
  close(): Promise<void>;
}

class SmtpAnswer extends Error {
  responseCode: number;
  constructor(code: number, message: string) {
    super(message);
    this.responseCode = code;
  }
}

export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    // Bounces and forwarded mail arrive without authentication; TLS is the relay's job on the
    // way in (the MX in front terminates it).
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: options.maxBytes,
    banner: "Budstikke inbound",
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.accepts(address.address)) return callback(new SmtpAnswer(550, "5.1.1 No such recipient here"));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(new SmtpAnswer(552, `5.3.4 Message too big (at most ${options.maxBytes} bytes)`));
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        options.handle(Buffer.concat(chunks), recipients).then(
          () => callback(),
          (error: Error) => {
            options.logger.error({ err: error.message }, "inbound message could not be stored; asked the sender to retry");
            callback(new SmtpAnswer(451, "4.3.0 Could not store the message now, try again later"));
          },
        );
      });
    },
  });
  server.on("error", (error) => options.logger.warn({ err: error.message }, "inbound smtp connection error"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closing: Promise<void> | null = null;
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

/** The recipients the receiver takes: VERP addresses at the bounce domain, and the unsubscribe mailbox. */
export function inboundRecipients(bounceDomain: string | undefined, unsubscribeMailbox: string): (address: string) => boolean {
  const mailbox = unsubscribeMailbox.toLowerCase();
  const domain = bounceDomain?.toLowerCase();
  return (address) => {
    const lower = address.toLowerCase();
    if (lower === mailbox) return true;
    if (!domain) return false;
    const at = lower.lastIndexOf("@");
    return lower.slice(at + 1) === domain && /^bounces(\+[^@]*)?$/.test(lower.slice(0, at));
  };
}
