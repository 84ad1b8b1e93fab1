// The IMAP poller against a real Dovecot (one per test, so each starts with an empty mailbox).
// Assertions are on what the server holds afterwards, folder by folder.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger, type Logger } from "../../src/log.ts";
import { imapSettingsFromUrl, startImapPoller, type ImapOutcome, type ImapPoller, type ImapPollerOptions } from "../../src/inbound/imap-poller.ts";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";

const quiet = createLogger("silent");

/** A bounce-like message whose X-Test-Outcome header tells the test handler where it goes. */
function rawMessage(id: string, outcome: ImapOutcome = "processed"): string {
  return [
    "From: Mail Delivery System <mailer-daemon@example.net>",
    "To: bounces@example.org",
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <${id}@test.invalid>`,
    "Date: Tue, 01 Dec 2026 10:00:00 +0100",
    `X-Test-Outcome: ${outcome}`,
    "",
    "This is a test message.",
    "",
  ].join("\r\n");
}

function messageId(raw: Buffer): string {
  const match = /^Message-ID: <([^@>]+)@/im.exec(raw.toString("latin1"));
  if (!match?.[1]) throw new Error("test message without Message-ID");
  return match[1];
}

function outcomeOf(raw: Buffer): ImapOutcome {
  return /^X-Test-Outcome: unmatched/im.test(raw.toString("latin1")) ? "unmatched" : "processed";
}

async function ids(dovecot: Dovecot, folder: string): Promise<string[]> {
  return (await dovecot.messages(folder)).map(messageId).sort();
}

async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `started`, or a clear failure instead of the test's own timeout. */
async function startedWithin(poller: ImapPoller, timeoutMs = 20_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the poller did not finish its first pass within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([poller.started, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A logger whose output the test can read. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger("debug", { write: (line: string) => void lines.push(line) }), lines };
}

describe("when polling a bounce mailbox over IMAP", () => {
  let dovecot: Dovecot;
  const pollers: ImapPoller[] = [];

  const start = (options: Partial<ImapPollerOptions> & Pick<ImapPollerOptions, "handle">): ImapPoller => {
    const poller = startImapPoller({ url: dovecot.url, logger: quiet, pollIntervalMs: 200, reconnectDelayMs: 50, maxReconnectDelayMs: 400, ...options });
    pollers.push(poller);
    return poller;
  };

  beforeEach(async () => {
    dovecot = await startDovecot();
  });

  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((p) => p.stop()));
    await dovecot.stop();
  });

  it("should file each waiting message by the handler's answer and touch nothing else", async () => {
    const outcomes: Record<string, ImapOutcome> = { a1: "processed", a2: "unmatched", a3: "processed", a4: "unmatched", a5: "processed" };
    for (const [id, outcome] of Object.entries(outcomes)) await dovecot.append("INBOX", rawMessage(id, outcome));
    await dovecot.append("INBOX", rawMessage("already-read"), ["\\Seen"]);
    await dovecot.append("Archive", rawMessage("archived"));
    const handled: string[] = [];

    const poller = start({ handle: async (raw) => (handled.push(messageId(raw)), outcomeOf(raw)) });
    await startedWithin(poller);

    expect(handled).toEqual(["a1", "a2", "a3", "a4", "a5"]); // one each, oldest first
    expect(await ids(dovecot, "Processed")).toEqual(["a1", "a3", "a5"]);
    expect(await ids(dovecot, "Unmatched")).toEqual(["a2", "a4"]);
    expect(await ids(dovecot, "INBOX")).toEqual(["already-read"]);
    expect(await ids(dovecot, "Archive")).toEqual(["archived"]);
    expect(await dovecot.folders()).toEqual(["Archive", "INBOX", "Processed", "Unmatched"]);
    expect(poller.stats()).toEqual({ processed: 3, unmatched: 2, failed: 0, reconnects: 0 });
  });

  it("should leave a message whose handler failed in the inbox and retry it at the next poll, not at once", async () => {
    await dovecot.append("INBOX", rawMessage("flaky"));
    const attempts: Record<string, number[]> = {};
    let healthy = false;
    const pollIntervalMs = 1_500;
    const poller = start({
      pollIntervalMs,
      handle: async (raw) => {
        const id = messageId(raw);
        (attempts[id] ??= []).push(Date.now());
        if (id === "flaky" && !healthy) throw new Error("database unavailable");
        return "processed";
      },
    });
    await startedWithin(poller);
    expect(poller.stats().failed).toBe(1);
    expect(await ids(dovecot, "INBOX")).toEqual(["flaky"]);

    // New mail wakes the poller, but the failed message waits for the poll interval.
    await dovecot.append("INBOX", rawMessage("fresh"));
    await eventually("the fresh message is filed", async () => (await ids(dovecot, "Processed")).includes("fresh"));
    healthy = true;
    await eventually("the flaky message is filed", async () => (await ids(dovecot, "Processed")).includes("flaky"));

    const [first, second, ...more] = attempts.flaky ?? [];
    expect(more).toEqual([]);
    // The first pass took part of the interval, so the retry comes somewhat less than a full interval later.
    expect(second! - first!).toBeGreaterThanOrEqual(pollIntervalMs * 0.5);
    expect(await ids(dovecot, "INBOX")).toEqual([]);
    expect(poller.stats()).toMatchObject({ processed: 2, failed: 1 });
  });

  it("should file every message exactly once when the server restarts mid-run", async () => {
    const all = Array.from({ length: 30 }, (_, i) => ({ id: `r${String(i).padStart(2, "0")}`, outcome: (i % 3 === 0 ? "unmatched" : "processed") as ImapOutcome }));
    for (const m of all) await dovecot.append("INBOX", rawMessage(m.id, m.outcome));
    const handled: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));

    const poller = start({
      handle: async (raw) => {
        handled.push(messageId(raw));
        if (handled.length === 12) await gate; // the server restarts while this one is in hand
        return outcomeOf(raw);
      },
    });
    await eventually("a dozen messages are handled", () => handled.length >= 12);
    await dovecot.restart();
    release();
    await startedWithin(poller);
    await eventually("the inbox is empty", async () => (await dovecot.messages("INBOX")).length === 0);

    expect(new Set(handled)).toEqual(new Set(all.map((m) => m.id)));
    expect(handled.length).toBeLessThanOrEqual(31); // at most the one in hand is handled twice
    expect(await ids(dovecot, "Processed")).toEqual(all.filter((m) => m.outcome === "processed").map((m) => m.id));
    expect(await ids(dovecot, "Unmatched")).toEqual(all.filter((m) => m.outcome === "unmatched").map((m) => m.id));
    expect(poller.stats()).toMatchObject({ processed: 20, unmatched: 10 });
    expect(poller.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it("should pick up mail that arrives after start without waiting for the poll interval", async () => {
    const handled: string[] = [];
    const poller = start({ pollIntervalMs: 600_000, handle: async (raw) => (handled.push(messageId(raw)), "processed") });
    await startedWithin(poller);
    expect(handled).toEqual([]);

    await dovecot.append("INBOX", rawMessage("late"));
    await eventually("the late message is filed", async () => (await ids(dovecot, "Processed")).includes("late"), 10_000);
    expect(handled).toEqual(["late"]);
  });

  it("should reject started with a clear message, without the password, when the login is refused", async () => {
    const { logger, lines } = capturingLogger();
    const wrong = "Wr0ng-s3cret";
    const url = dovecot.url.replace(encodeURIComponent(dovecot.password), wrong);
    const poller = start({ url, logger, handle: async () => "processed" });

    const error = await poller.started.then(() => null, (err: unknown) => err as Error);
    expect(error?.message).toMatch(/IMAP authentication failed at 127\.0\.0\.1:\d+/);
    expect(error?.message).not.toContain(wrong);
    await poller.stop();
    expect(poller.stats().reconnects).toBe(0);
    expect(lines.join("")).not.toContain(wrong);
    expect(lines.join("")).toContain("IMAP authentication failed");
  });

  it("should stop promptly and twice without complaint, logging out", async () => {
    await dovecot.append("INBOX", rawMessage("s1"));
    const poller = start({ handle: async () => "unmatched" });
    await startedWithin(poller);
    await Promise.all([poller.stop(), poller.stop()]);
    await poller.stop();
    expect(await ids(dovecot, "Unmatched")).toEqual(["s1"]);
  });
});

describe("when reading BOUNCE_IMAP_URL", () => {
  it("should default imaps to port 993 with TLS and the folder to INBOX", () => {
    expect(imapSettingsFromUrl("imaps://bounce:pw@outlook.office365.com")).toEqual({
      host: "outlook.office365.com", port: 993, secure: true, auth: { user: "bounce", pass: "pw" }, folder: "INBOX",
    });
  });

  it("should default imap to port 143 without TLS", () => {
    expect(imapSettingsFromUrl("imap://u:p@mail.example.org/")).toMatchObject({ port: 143, secure: false, folder: "INBOX" });
  });

  it("should take an explicit port and the folder from the path", () => {
    expect(imapSettingsFromUrl("imaps://u:p@mail.example.org:1993/Bounces%20NTL/Inbound")).toMatchObject({
      port: 1993, folder: "Bounces NTL/Inbound",
    });
  });

  it("should decode a url-encoded user and password", () => {
    expect(imapSettingsFromUrl("imaps://bounce%40ntl.no:p%40ss%3Aw%2Frd%25@outlook.office365.com:993/INBOX").auth).toEqual({
      user: "bounce@ntl.no", pass: "p@ss:w/rd%",
    });
  });

  it("should refuse to watch a folder it also files into", () => {
    const options = { logger: quiet, handle: async () => "processed" as const };
    expect(() => startImapPoller({ ...options, url: "imaps://u:p@mail.example.org/Processed" })).toThrow(/both watched and a target/);
  });

  it.each([
    ["imaps://outlook.office365.com/INBOX", /no user name/],
    ["imaps://bounce@outlook.office365.com/INBOX", /no password/],
    ["pop3://u:sekrit@mail.example.org", /imap:\/\/ or imaps:\/\//],
    ["not a url sekrit", /not a valid URL/],
    ["imaps://u:sekrit%zz@mail.example.org", /password has a malformed/],
  ])("should refuse %s with a clear error that does not echo the password", (url, message) => {
    expect(() => imapSettingsFromUrl(url)).toThrow(message);
    try {
      imapSettingsFromUrl(url);
    } catch (err) {
      expect((err as Error).message).not.toContain("sekrit");
    }
  });
});
