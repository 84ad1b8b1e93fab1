// Reads bounces, complaints and mailed unsubscribes out of an IMAP folder (BOUNCE_IMAP_URL, e.g. a
// Microsoft 365 mailbox) and files each into Processed or Unmatched. The source folder is the
// queue: what is still there and unseen is what is left to do, so a restart or a lost connection
// simply resumes. A message handled but not yet moved is handled again; `handle` is idempotent on
// Message-ID, so that is safe. Nothing is ever deleted and no other folder is touched.
import { ImapFlow, type ImapFlowError } from "imapflow";
import type { Logger } from "../log.ts";
import { imapSettingsFromUrl, type ImapSettings } from "./imap-settings.ts";
import { Wakeup } from "./imap-wakeup.ts";

export { imapSettingsFromUrl, type ImapSettings };

export type ImapOutcome = "processed" | "unmatched";

export interface ImapPollerOptions {
  /** imap:// or imaps:// URL with user, password and the folder as path (default INBOX). */
  url: string;
  /**
   * Handles one raw message; resolves which folder it goes to. Idempotent. A rejection means a
   * transient failure: the message stays where it is and is tried again at a later poll.
   */
  handle: (raw: Buffer) => Promise<ImapOutcome>;
  /** Gets ids and counts only, never message contents or addresses. */
  logger: Logger;
  /** @defaultValue "Processed" */
  processedFolder?: string;
  /** @defaultValue "Unmatched" */
  unmatchedFolder?: string;
  /** How often to look for new mail when IDLE is unavailable or as a safety net (ms). @defaultValue 60_000 */
  pollIntervalMs?: number;
  /** First reconnect delay (ms), doubled after each failed attempt. @defaultValue 1_000 */
  reconnectDelayMs?: number;
  /** @defaultValue 60_000 */
  maxReconnectDelayMs?: number;
  /** For tests with self-signed certificates: passed to imapflow's tls options. */
  tls?: { rejectUnauthorized?: boolean };
}

export interface ImapPollerStats {
  processed: number;
  unmatched: number;
  failed: number;
  reconnects: number;
}

export interface ImapPoller {
  /** Resolves after the first full pass over what was waiting; rejects if the first connection fails for good (bad login, no such folder). */
  started: Promise<void>;
  /** Counts since start (for logs, metrics and tests). */
  stats(): ImapPollerStats;
  /** Finishes the message in hand, logs out, stops reconnecting. Idempotent. */
  stop(): Promise<void>;
}

/** How long a free connection waits before imapflow starts IDLE: short, so new mail shows up at once. */
const IDLE_AFTER_MS = 500;

/** Log fields for an error: imapflow's code and the server's answer, never the command (it may hold the login). */
function reason(err: unknown): { err: string; code?: string } {
  const e = err as ImapFlowError;
  return { err: e?.responseText ?? e?.message ?? String(err), code: e?.code };
}

export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const settings = imapSettingsFromUrl(options.url);
  const folders: Record<ImapOutcome, string> = {
    processed: options.processedFolder ?? "Processed",
    unmatched: options.unmatchedFolder ?? "Unmatched",
  };
  // Filing into the watched folder would hand the same message over and over.
  if (Object.values(folders).includes(settings.folder)) throw new Error(`IMAP folder "${settings.folder}" is both watched and a target`);
  const pollIntervalMs = options.pollIntervalMs ?? 60_000;
  const firstDelayMs = options.reconnectDelayMs ?? 1_000;
  const maxDelayMs = options.maxReconnectDelayMs ?? 60_000;
  const log = options.logger.child({ component: "imap-poller", host: settings.host, folder: settings.folder });

  const counts: ImapPollerStats = { processed: 0, unmatched: 0, failed: 0, reconnects: 0 };
  const wakeup = new Wakeup();
  let stopping = false;
  let client: ImapFlow | null = null;
  let startedSettled = false;
  let settleStarted: (err?: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    settleStarted = (err) => {
      startedSettled = true;
      if (err) reject(err);
      else resolve();
    };
  });
  // The failure is also logged; a caller that never awaits `started` must not crash the process.
  started.catch(() => {});

  /** A failure retrying cannot fix, as a clear error; only the first connection gives up on one. */
  function permanent(err: unknown): Error | null {
    const e = err as ImapFlowError;
    const where = `${settings.host}:${settings.port}`;
    if (e?.authenticationFailed) return new Error(`IMAP authentication failed at ${where}: check the user and password in the IMAP URL`);
    if (e?.mailboxMissing) return new Error(`IMAP folder "${settings.folder}" does not exist at ${where}`);
    return null;
  }

  /** Fetches, handles and files one message; a handler failure leaves it for a later poll. */
  async function fileOne(imap: ImapFlow, uid: number, skip: Set<number>): Promise<void> {
    const message = await imap.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!message || !message.source) return; // gone meanwhile (another client moved it)
    let outcome: ImapOutcome;
    try {
      outcome = await options.handle(message.source);
    } catch (err) {
      counts.failed++;
      skip.add(uid);
      log.warn({ uid, ...reason(err) }, "inbound message handler failed; left in place for the next poll");
      return;
    }
    if (!(await imap.messageMove(String(uid), folders[outcome], { uid: true }))) {
      counts.failed++;
      skip.add(uid);
      log.warn({ uid, target: folders[outcome] }, "IMAP move refused; message left in place for the next poll");
      return;
    }
    counts[outcome]++;
    log.info({ uid, outcome }, "inbound message filed");
  }

  /** One pass over the unseen messages, oldest first, skipping the ones that failed recently; false when cut short by stop(). */
  async function pass(imap: ImapFlow, skip: Set<number>): Promise<boolean> {
    // The lock keeps auto-IDLE from starting between our commands while `handle` runs.
    const lock = await imap.getMailboxLock(settings.folder);
    try {
      const uids = await imap.search({ seen: false }, { uid: true });
      if (!Array.isArray(uids)) throw new Error("IMAP SEARCH was refused");
      for (const uid of uids.sort((a, b) => a - b)) {
        if (stopping) return false;
        if (!skip.has(uid)) await fileOne(imap, uid, skip);
      }
      return true;
    } finally {
      lock.release();
    }
  }

  /** One connection: connect, then passes until it closes or we stop. Throws on connection errors. */
  async function session(onUp: () => void, onPassDone: () => void): Promise<void> {
    const imap = new ImapFlow({
      host: settings.host, port: settings.port, secure: settings.secure, auth: settings.auth,
      tls: options.tls, logger: false, autoIdleDelay: IDLE_AFTER_MS,
    });
    client = imap;
    imap.on("error", (err) => log.warn(reason(err), "IMAP connection error"));
    imap.on("close", () => wakeup.ring());
    imap.on("exists", () => wakeup.ring());
    try {
      await imap.connect();
      onUp();
      for (const folder of Object.values(folders)) await imap.mailboxCreate(folder); // a no-op when it exists
      // UIDs whose handler failed on this connection; retried only when the poll interval comes round.
      const skip = new Set<number>();
      let nextPollAt = Date.now() + pollIntervalMs;
      while (!stopping && imap.usable) {
        if (await pass(imap, skip)) onPassDone();
        await wakeup.wait(nextPollAt - Date.now());
        if (Date.now() >= nextPollAt) {
          skip.clear();
          nextPollAt = Date.now() + pollIntervalMs;
        }
      }
    } finally {
      client = null;
      if (imap.usable) await imap.logout().catch(() => imap.close());
      else imap.close();
    }
  }

  async function run(): Promise<void> {
    let delayMs = firstDelayMs;
    let connectedBefore = false;
    while (!stopping) {
      try {
        await session(
          () => {
            if (connectedBefore) counts.reconnects++;
            connectedBefore = true;
            log.info({ reconnects: counts.reconnects }, "IMAP connected");
          },
          () => {
            delayMs = firstDelayMs; // only a connection that got work done resets the backoff
            if (!startedSettled) settleStarted();
          },
        );
        if (stopping) break;
        log.warn({ retryInMs: delayMs }, "IMAP connection closed; reconnecting");
      } catch (err) {
        if (stopping) break;
        const fatal = permanent(err);
        if (fatal && !startedSettled) {
          log.error({ err: fatal.message }, "IMAP poller gave up on its first connection");
          settleStarted(fatal);
          return;
        }
        log.warn({ ...(fatal ? { err: fatal.message } : reason(err)), retryInMs: delayMs }, "IMAP poller failed; reconnecting");
      }
      const until = Date.now() + delayMs;
      while (!stopping && Date.now() < until) await wakeup.wait(until - Date.now());
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    }
  }

  const running = run().catch((err: unknown) => {
    log.error(reason(err), "IMAP poller crashed");
    if (!startedSettled) settleStarted(err instanceof Error ? err : new Error(String(err)));
  });
  let stopped: Promise<void> | null = null;

  return {
    started,
    stats: () => ({ ...counts }),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        // A connection still being set up has no message in hand: drop it rather than wait for a timeout.
        if (client && !client.authenticated) client.close();
        wakeup.ring();
        await running;
        if (!startedSettled) settleStarted();
        log.info({ ...counts }, "IMAP poller stopped");
      })();
      return stopped;
    },
  };
}
