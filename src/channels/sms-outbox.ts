// Local default without Twilio credentials: every SMS becomes a JSON file under
// OUTBOX_DIR/sms/, so the demo and development send nothing to the outside world.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { systemClock, type Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { writeFileAtomic } from "../atomic-write.ts";
import { failed, sent, type Channel, type SendOutcome, type SmsMessage } from "./types.ts";

export interface OutboxSmsOptions {
  /** OUTBOX_DIR; files go to `<dir>/sms/`. */
  dir: string;
  /** Sender shown in the file (TWILIO_FROM if set). */
  from?: string;
  clock?: Clock;
  logger?: Logger;
}

/** The content of one outbox SMS file. */
export interface OutboxSmsFile {
  id: string;
  to: string;
  from: string | null;
  body: string;
  statusCallback: string | null;
  createdAt: string;
}

export const smsOutboxDir = (outboxDir: string): string => join(outboxDir, "sms");

export function createOutboxSmsChannel(options: OutboxSmsOptions): Channel<SmsMessage> {
  const dir = smsOutboxDir(options.dir);
  const clock = options.clock ?? systemClock;
  let closed = false;
  return {
    name: "sms",
    provider: "outbox",
    async send(message: SmsMessage): Promise<SendOutcome> {
      if (closed) throw new Error("outbox SMS channel is closed");
      // A fresh id per send (never derived from the message), so a duplicate send shows up as
      // two files instead of silently overwriting one.
      const id = `outbox-${randomUUID()}`;
      const file: OutboxSmsFile = {
        id,
        to: message.to,
        from: options.from ?? null,
        body: message.body,
        statusCallback: message.statusCallback ?? null,
        createdAt: clock.now().toISOString(),
      };
      try {
        await writeFileAtomic(join(dir, `${id}.json`), `${JSON.stringify(file, null, 2)}\n`);
        return sent(id);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "outbox_write";
        options.logger?.warn({ channel: "sms", code }, "outbox write failed");
        return failed({ kind: "retryable", code, message: "could not write the outbox file" });
      }
    },
    async close(): Promise<void> {
      closed = true;
    },
  };
}
