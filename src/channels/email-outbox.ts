// Local default without SMTP_URL: every message becomes an RFC 5322 `.eml` file under
// OUTBOX_DIR/email/, so the demo and development need no mail server. Open them in any mail
// client. The file name comes from the Message-ID; a second send with the same id gets
// `<id>.2.eml` rather than overwriting, so duplicates stay visible.
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "../log.ts";
import { safeFileName, writeNewFileAtomic } from "../atomic-write.ts";
import { dkimOptions, domainOf, normaliseMessageId, toMailOptions, type DkimSettings } from "./mail-options.ts";
import { failed, sent, type Channel, type EmailMessage, type SendOutcome } from "./types.ts";

export interface OutboxEmailOptions {
  /** OUTBOX_DIR; files go to `<dir>/email/`. */
  dir: string;
  from: string;
  dkim?: DkimSettings;
  logger?: Logger;
}

/** Where the outbox email adapter writes (for the demo's "files are here" line and tests). */
export const emailOutboxDir = (outboxDir: string): string => join(outboxDir, "email");

export function createOutboxEmailChannel(options: OutboxEmailOptions): Channel<EmailMessage> {
  const dir = emailOutboxDir(options.dir);
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "windows",
    ...(options.dkim ? { dkim: dkimOptions(options.dkim) } : {}),
  });
  const messageIdDomain = options.dkim?.domainName ?? domainOf(options.from);
  let closed = false;

  return {
    name: "email",
    provider: "outbox",
    async send(message: EmailMessage): Promise<SendOutcome> {
      if (closed) throw new Error("outbox email channel is closed");
      const messageId = normaliseMessageId(message.messageId, messageIdDomain);
      try {
        const info = await transport.sendMail(toMailOptions(message, options.from, messageId));
        await writeNewFileAtomic(join(dir, `${safeFileName(messageId)}.eml`), info.message as Buffer);
        return sent(messageId);
      } catch (error) {
        // A full disk or a permission problem: worth retrying once it is fixed.
        const code = (error as NodeJS.ErrnoException).code ?? "outbox_write";
        options.logger?.warn({ channel: "email", messageId, code }, "outbox write failed");
        return failed({ kind: "retryable", code, message: "could not write the outbox file" });
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}
