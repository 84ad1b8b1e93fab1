// A real SMTP server (the `smtp-server` package) on a random loopback port that keeps what it
// receives and answers as a test tells it to. Used by the channel tests, the end-to-end
// delivery tests and the send benchmark.
//
//   const sink = await startSmtpSink({ rejectRecipients: ["gone@example.no"], failRate: 0.2, seed: 7 });
//   … SMTP_URL = sink.url …
//   await sink.waitFor(1000);
//   expect(sink.messages[0].headers["list-unsubscribe"]).toMatch(/^<https:/);
//   await sink.stop();
//
// Answers, in this order:
// 1. RCPT TO an address in `rejectRecipients` → `550 5.1.1 Mailbox unavailable` (hard bounce).
// 2. `respond(event)` (mail, rcpt and data stages) → whatever it returns, if anything.
// 3. End of DATA with `failRate` > 0 → `451 4.3.0 Try again later` for that share of attempts.
//    Deterministic: the decision hashes (seed, Message-ID, attempt number of that Message-ID),
//    so the same messages fail in every run whatever the order, and a retry is a fresh draw
//    (every message gets through eventually).
// 4. Otherwise `250`.
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/** An SMTP reply: `code` plus the text, which may start with an enhanced status (`5.1.1 …`). */
export interface SinkAnswer {
  code: number;
  message: string;
  /**
   * At end of DATA: keep the message (it counts as accepted) but close the connection without
   * answering, as a server that crashes after queueing does: the client cannot know the outcome.
   */
  dropAfterAccepting?: boolean;
}

export type SinkEvent =
  | { stage: "mail"; address: string; session: SMTPServerSession }
  | { stage: "rcpt"; address: string; session: SMTPServerSession }
  | { stage: "data"; messageId: string | undefined; attempt: number; rcptTo: string[]; raw: string };

export interface SinkPolicy {
  /** Addresses (case-insensitive) answered `550 5.1.1` at RCPT TO. */
  rejectRecipients?: Iterable<string>;
  /** Share (0–1) of DATA attempts answered with `failAnswer`. */
  failRate?: number;
  /** Seed for failRate's deterministic draw. Default 1. */
  seed?: number;
  /** The transient answer used by failRate. Default `451 4.3.0 Try again later`. */
  failAnswer?: SinkAnswer;
  /** Custom answers; return undefined to fall through to the rules below it. */
  respond?: (event: SinkEvent) => SinkAnswer | undefined;
  /** Hold every end-of-DATA answer this long (a slow relay). Default 0. */
  dataDelayMs?: number;
}

export interface SmtpSinkOptions extends SinkPolicy {
  /**
   * What to keep of accepted messages: `parsed` (default, with mailparser), `raw` (the source
   * only, cheap) or `none` (counters and Message-IDs only; for 100,000-message benchmarks).
   */
  store?: "parsed" | "raw" | "none";
  /**
   * Keep Message-IDs (`acceptedIds`, and per-ID attempt numbers for `failRate`). Default true.
   * A benchmark of a million messages turns it off and counts duplicates itself, so the sink's
   * memory does not grow with every message.
   */
  trackIds?: boolean;
  /** Require AUTH before MAIL FROM (any user name and password is accepted). Default false. */
  requireAuth?: boolean;
}

export interface SinkMessage {
  /** SMTP envelope. */
  mailFrom: string | undefined;
  rcptTo: string[];
  /** The From header's address, e.g. `post@example.no` (the raw header is in `headers.from`). */
  from: string;
  /** To header addresses. */
  to: string[];
  subject: string;
  messageId: string | undefined;
  /** Header name (lower case) → raw value, unfolded, first occurrence (`dkim-signature`, …). */
  headers: Record<string, string>;
  /** The whole message source as received. */
  raw: string;
  text: string | undefined;
  html: string | undefined;
  /** The AUTH user name of the session, if it logged in. */
  user: string | undefined;
}

export interface SinkStats {
  connections: number;
  /** Messages answered 250. */
  accepted: number;
  /** DATA attempts answered 4xx. */
  deferred: number;
  /** DATA attempts answered 5xx. */
  rejected: number;
  /** RCPT TO answered 4xx/5xx. */
  rejectedRecipients: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:PORT` (add `user:pass@` yourself if you want AUTH exercised). */
  url: string;
  port: number;
  /** Accepted messages in arrival order (empty with `store: "none"`). */
  messages: SinkMessage[];
  /** Message-ID → number of times it was accepted (always kept): > 1 means a duplicate. */
  acceptedIds: Map<string, number>;
  /** Message-ID → when each acceptance was answered (Date.now()), for the crash tests' duplicate window. */
  acceptedAt: Map<string, number[]>;
  stats: SinkStats;
  /** Change the answers while running (e.g. start failing mid-campaign). Merges into the policy. */
  setPolicy(policy: SinkPolicy): void;
  /** Resolves once `count` messages were accepted; rejects after `timeoutMs` (default 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets messages and counters (the policy stays). */
  reset(): void;
  /** Closes the server and its open connections. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_FAIL: SinkAnswer = { code: 451, message: "4.3.0 Try again later" };
const HARD_BOUNCE: SinkAnswer = { code: 550, message: "5.1.1 Mailbox unavailable" };

/** Uniform [0, 1) from a string, stable across runs. */
function draw(key: string): number {
  return createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function answerError(answer: SinkAnswer): Error {
  return Object.assign(new Error(answer.message), { responseCode: answer.code });
}

function messageIdOf(raw: string): string | undefined {
  const headerEnd = raw.search(/\r?\n\r?\n/);
  const head = headerEnd === -1 ? raw : raw.slice(0, headerEnd);
  const id = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^>\r\n]+>)/im.exec(head)?.[1];
  // A copy, not a slice: V8 keeps the whole message alive for as long as a substring of it
  // lives, and the ids are kept for the run (1,000,000 messages ≈ 9 GB of retained sources).
  return id === undefined ? undefined : Buffer.from(id, "utf8").toString("utf8");
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const store = options.store ?? "parsed";
  const trackIds = options.trackIds ?? true;
  let policy: SinkPolicy = {};
  let rejectSet = new Set<string>();
  const setPolicy = (next: SinkPolicy) => {
    policy = { ...policy, ...next };
    if (next.rejectRecipients) rejectSet = new Set([...next.rejectRecipients].map((a) => a.toLowerCase()));
  };
  setPolicy(options);

  const messages: SinkMessage[] = [];
  const acceptedIds = new Map<string, number>();
  const acceptedAt = new Map<string, number[]>();
  const attempts = new Map<string, number>();
  const stats: SinkStats = { connections: 0, accepted: 0, deferred: 0, rejected: 0, rejectedRecipients: 0 };
  const waiters = new Set<() => void>();

  const recordAnswer = (answer: SinkAnswer) => {
    if (answer.code >= 500) stats.rejected++;
    else if (answer.code >= 400) stats.deferred++;
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: !options.requireAuth,
    allowInsecureAuth: true,
    logger: false,
    // Many pooled clients in the benchmark; default limits would queue them.
    maxClients: 1000,
    // stop() should not wait long for pooled clients that never say QUIT.
    closeTimeout: 1000,
    onConnect(_session, callback) {
      stats.connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "user" });
    },
    onMailFrom(address, session, callback) {
      const answer = policy.respond?.({ stage: "mail", address: address.address, session });
      if (answer && answer.code >= 400) return callback(answerError(answer));
      callback();
    },
    onRcptTo(address, session, callback) {
      const event: SinkEvent = { stage: "rcpt", address: address.address, session };
      const answer = rejectSet.has(address.address.toLowerCase()) ? HARD_BOUNCE : policy.respond?.(event);
      if (answer && answer.code >= 400) {
        stats.rejectedRecipients++;
        return callback(answerError(answer));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        void (async () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const messageId = messageIdOf(raw);
          const key = messageId ?? createHash("sha256").update(raw).digest("hex");
          const attempt = trackIds ? (attempts.get(key) ?? 0) + 1 : 1;
          if (trackIds) attempts.set(key, attempt);
          const rcptTo = session.envelope.rcptTo.map((a) => a.address);

          let answer = policy.respond?.({ stage: "data", messageId, attempt, rcptTo, raw });
          if (!answer && (policy.failRate ?? 0) > 0 && draw(`${policy.seed ?? 1}:${key}:${attempt}`) < (policy.failRate ?? 0)) {
            answer = policy.failAnswer ?? DEFAULT_FAIL;
          }
          if (answer && answer.code >= 400) {
            recordAnswer(answer);
            return callback(answerError(answer));
          }
          if (policy.dataDelayMs) await new Promise((r) => setTimeout(r, policy.dataDelayMs));

          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
          const user = typeof session.user === "string" ? session.user : undefined;
          if (store !== "none") messages.push(await toRecord(raw, store === "parsed", { mailFrom, rcptTo, user }));
          if (messageId && trackIds) {
            acceptedIds.set(messageId, (acceptedIds.get(messageId) ?? 0) + 1);
            if (store !== "none") acceptedAt.set(messageId, [...(acceptedAt.get(messageId) ?? []), Date.now()]);
          }
          stats.accepted++;
          for (const wake of waiters) wake();
          if (answer?.dropAfterAccepting) {
            // smtp-server keeps its connections by session id; the socket goes without a reply.
            const connections = (server as unknown as { connections: Set<{ id: string; _socket?: { destroy(): void } }> }).connections;
            for (const c of connections) if (c.id === session.id) c._socket?.destroy();
            return;
          }
          callback(null, answer?.message ?? "OK: queued");
        })().catch((error: unknown) => callback(error as Error));
      });
    },
  });
  server.on("error", () => undefined); // client resets are normal in failure tests

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    acceptedIds,
    acceptedAt,
    stats,
    setPolicy,
    waitFor(count, timeoutMs = 10_000) {
      if (stats.accepted >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (stats.accepted < count) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`SMTP sink: ${stats.accepted} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    reset() {
      messages.length = 0;
      acceptedIds.clear();
      acceptedAt.clear();
      attempts.clear();
      Object.assign(stats, { connections: 0, accepted: 0, deferred: 0, rejected: 0, rejectedRecipients: 0 });
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopping;
    },
  };
}

async function toRecord(
  raw: string,
  parse: boolean,
  envelope: { mailFrom: string | undefined; rcptTo: string[]; user: string | undefined },
): Promise<SinkMessage> {
  const headers: Record<string, string> = {};
  const headerEnd = raw.search(/\r?\n\r?\n/);
  const head = (headerEnd === -1 ? raw : raw.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, " ");
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  const base = { ...envelope, headers, raw, messageId: messageIdOf(raw) };
  if (!parse) {
    const from = /<([^>]+)>\s*$/.exec(headers.from ?? "")?.[1] ?? headers.from ?? "";
    return { ...base, from, to: [], subject: headers.subject ?? "", text: undefined, html: undefined };
  }
  const parsed = await simpleParser(raw);
  const toList = parsed.to === undefined ? [] : Array.isArray(parsed.to) ? parsed.to : [parsed.to];
  return {
    ...base,
    from: parsed.from?.value[0]?.address ?? "",
    to: toList.flatMap((group) => group.value.map((a) => a.address ?? "")).filter(Boolean),
    subject: parsed.subject ?? "",
    text: parsed.text,
    html: typeof parsed.html === "string" ? parsed.html : undefined,
  };
}
