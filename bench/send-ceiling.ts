// The raw ceiling: plain nodemailer with the same pooled SMTP transport options as the email
// channel (src/channels/email-smtp.ts), sending messages rendered beforehand, so no database,
// queue, consent or rendering work is in the way. What the pipeline reaches is compared to this.
import nodemailer from "nodemailer";
import { toMailOptions } from "../src/channels/mail-options.ts";
import type { EmailMessage } from "../src/channels/types.ts";

export interface CeilingRun {
  poolSize: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  errors: number;
}

export interface CeilingOptions {
  smtpUrl: string;
  from: string;
  poolSize: number;
  /** Rendered messages, reused round-robin with a fresh Message-ID each time. */
  rendered: EmailMessage[];
  count: number;
  /** Label that keeps Message-IDs of different runs apart (the sink counts duplicates). */
  label: string;
}

export async function measureCeiling(options: CeilingOptions): Promise<CeilingRun> {
  const transport = nodemailer.createTransport({
    pool: true,
    url: options.smtpUrl,
    maxConnections: options.poolSize,
    maxMessages: 100,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 30_000,
    maxRequeues: 0,
  });
  // Enough sends in flight to keep every pooled connection busy, bounded so memory stays flat.
  const window = options.poolSize * 4;
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < options.count; i = next++) {
      const message = options.rendered[i % options.rendered.length]!;
      const mail = toMailOptions(message, options.from, `<ceiling-${options.label}-${i}@bench.invalid>`);
      try {
        await transport.sendMail(mail);
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: window }, lane));
  } finally {
    transport.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    poolSize: options.poolSize,
    messages: options.count,
    seconds: Math.round(seconds * 100) / 100,
    messagesPerSecond: Math.round(options.count / seconds),
    errors,
  };
}
