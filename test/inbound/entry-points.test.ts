// The other ways in: POST /webhooks/inbound behind its shared secret, `budstikke inbound ingest`
// on saved files, and mailed unsubscribes (RFC 2369 mailto:) that carry the member's token.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { startImapPoller } from "../../src/inbound/imap-poller.ts";
import { ingestFromMailbox, ingestInbound } from "../../src/inbound/ingest.ts";
import { startDovecot } from "../support/dovecot.ts";
import { autoReplyFor, dsnFor, unsubscribeMailFor } from "../support/bounce-messages.ts";
import { runCli } from "../support/cli.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";
import type { SinkMessage } from "../support/smtp-sink.ts";

const SECRET = "inbound-webhook-secret-0123456789abcdef";
const h = await startHarness({ members: 40, env: { BOUNCE_DOMAIN: "bounce.ntl.example.no", INBOUND_WEBHOOK_SECRET: SECRET } });
const logger = createLogger("silent");
const app = await buildApp({ db: h.db, config: h.config, clock: h.clock, logger });
const pseudonyms = pseudonymsFromConfig(h.config);
let sent: SinkMessage[];

beforeAll(async () => {
  const id = await h.launch({ channels: ["email"] });
  await h.waitFor(id, allDone);
  sent = [...h.sink.messages].sort((a, b) => a.rcptTo[0]!.localeCompare(b.rcptTo[0]!));
});
afterAll(async () => {
  await app.close();
  await h.close();
});

const dsnOf = (m: SinkMessage, status = "5.1.1") =>
  dsnFor({ to: m.mailFrom!, originalMessageId: m.messageId!, recipient: m.rcptTo[0]!, action: "failed", status });
const suppressed = (address: string) => h.db.suppression.count({ where: { addressHash: pseudonyms.address("email", address)!, liftedAt: null } });

describe("when a relay posts a bounce to /webhooks/inbound", () => {
  const post = (body: string, authorization?: string) =>
    app.inject({ method: "POST", url: "/webhooks/inbound", payload: body, headers: { "content-type": "message/rfc822", ...(authorization ? { authorization } : {}) } });

  it("should refuse it without the shared secret, and change nothing", async () => {
    expect((await post(dsnOf(sent[0]!))).statusCode).toBe(401);
    expect((await post(dsnOf(sent[0]!), `Bearer ${SECRET}x`)).statusCode).toBe(401);
    expect(await suppressed(sent[0]!.rcptTo[0]!)).toBe(0);
  });

  it("should take it with the secret and say what it did", async () => {
    const answer = await post(dsnOf(sent[0]!), `Bearer ${SECRET}`);
    expect(answer.statusCode).toBe(200);
    const delivery = await h.db.delivery.findFirstOrThrow({ where: { providerId: sent[0]!.messageId! } });
    expect(answer.json()).toEqual({ kind: "hard_bounce", deliveryId: delivery.id.toString(), campaignId: delivery.campaignId, action: "suppressed" });
    expect(await suppressed(sent[0]!.rcptTo[0]!)).toBe(1);
  });

  it("should match by our Message-ID when the VERP-like address is not ours at all (not a forgery)", async () => {
    const m = sent[6]!;
    const raw = dsnFor({ to: "bounces+list-42@other.example.org", originalMessageId: m.messageId!, recipient: m.rcptTo[0]!, action: "failed", status: "5.1.1" });
    const answer = await post(raw, `Bearer ${SECRET}`);
    expect(answer.json()).toMatchObject({ kind: "hard_bounce", action: "suppressed" });
    expect(await suppressed(m.rcptTo[0]!)).toBe(1);
  });

  it("should not exist when no secret is configured", async () => {
    const bare = await buildApp({ db: h.db, config: { ...h.config, INBOUND_WEBHOOK_SECRET: undefined }, clock: h.clock, logger });
    try {
      const answer = await bare.inject({ method: "POST", url: "/webhooks/inbound", payload: "x", headers: { "content-type": "message/rfc822", authorization: `Bearer ${SECRET}` } });
      expect(answer.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe("when saved messages are ingested from files", () => {
  it("should print one JSON entry per file and exit 2 when a file cannot be read, having processed the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "budstikke-ingest-"));
    const files = {
      bounce: join(dir, "bounce.eml"), ooo: join(dir, "ooo.eml"), junk: join(dir, "junk.eml"), missing: join(dir, "missing.eml"),
    };
    writeFileSync(files.bounce, dsnOf(sent[1]!, "4.2.2"));
    writeFileSync(files.ooo, autoReplyFor({ to: sent[2]!.mailFrom!, inReplyTo: sent[2]!.messageId! }));
    writeFileSync(files.junk, "this is not an email at all\n");
    const result = await runCli(["inbound", "ingest", files.bounce, files.ooo, files.junk, files.missing, "--json"], h.env);
    expect(result.code).toBe(2);
    const entries = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const delivery = await h.db.delivery.findFirstOrThrow({ where: { providerId: sent[1]!.messageId! } });
    expect(entries).toEqual([
      { file: files.bounce, kind: "soft_bounce", deliveryId: delivery.id.toString(), campaignId: delivery.campaignId, action: "counted" },
      expect.objectContaining({ file: files.ooo, kind: "auto_reply", action: "recorded" }),
      expect.objectContaining({ file: files.junk, kind: "unmatched", deliveryId: null, campaignId: null, action: "quarantined" }),
      { file: files.missing, error: "cannot read the file: ENOENT" },
    ]);
    expect(result.stderr).toMatch(/1 of 4 files could not be read/);
    const quarantine = await runCli(["inbound", "quarantine", "--json"], h.env);
    expect(quarantine.code).toBe(0);
    const listed = JSON.parse(quarantine.stdout) as Array<{ id: string; reason: string; via: string }>;
    expect(listed).toContainEqual(expect.objectContaining({ via: "file", reason: expect.any(String) }));
    const raw = await runCli(["inbound", "quarantine", "--raw", listed[0]!.id], h.env);
    expect(raw.stdout).toBe("this is not an email at all\n");
  });

  it("should answer suppressions check with {suppressed, reason, since}", async () => {
    const yes = await runCli(["suppressions", "check", sent[0]!.rcptTo[0]!, "--json"], h.env);
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout)).toEqual({ suppressed: true, reason: "hard_bounce", since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const no = await runCli(["suppressions", "check", "ingen.her@example.com", "--json"], h.env);
    expect(JSON.parse(no.stdout)).toEqual({ suppressed: false, reason: null, since: null });
    const bad = await runCli(["suppressions", "check", "not an address", "--json"], h.env);
    expect(bad.code).toBe(2);
  });
});

describe("when a member writes to the unsubscribe mailbox", () => {
  const tokenOf = (m: SinkMessage) => /subject=unsubscribe%20([A-Za-z0-9_-]+)/.exec(m.headers["list-unsubscribe"]!)![1]!;

  it("should opt them out exactly as the one-click POST does, with source mailto", async () => {
    const m = sent[3]!;
    const delivery = await h.db.delivery.findFirstOrThrow({ where: { providerId: m.messageId! } });
    const result = await ingestInbound({ ...h, logger, pseudonyms }, Buffer.from(unsubscribeMailFor({ to: "unsubscribe@ntl.example.no", token: tokenOf(m) })), { via: "smtp" });
    expect(result).toMatchObject({ kind: "unsubscribe", action: "opted_out", campaignId: delivery.campaignId });
    const ledger = await h.db.consentEvent.findMany({ where: { memberId: delivery.memberId } });
    // The scope is the one-click POST's for this token (unsubscribeScope): bargaining, every channel.
    expect(ledger).toEqual([expect.objectContaining({ purpose: "bargaining", channel: "all", action: "opt_out", source: "mailto", actor: "member" })]);
  });

  it("should store a message without a valid token as unmatched and never guess from the From address", async () => {
    const m = sent[4]!;
    const delivery = await h.db.delivery.findFirstOrThrow({ where: { providerId: m.messageId! } });
    const forged = tokenOf(m).slice(0, -2) + (tokenOf(m).endsWith("AA") ? "BB" : "AA");
    for (const token of [undefined, forged]) {
      const raw = unsubscribeMailFor({ to: "unsubscribe@ntl.example.no", ...(token ? { token } : {}) }).replace(/^From: .*$/m, `From: <${m.rcptTo[0]!}>`);
      const result = await ingestInbound({ ...h, logger, pseudonyms }, Buffer.from(raw), { via: "smtp" });
      expect(result).toMatchObject({ kind: "unmatched", action: "quarantined", reason: "no valid unsubscribe token" });
    }
    expect(await h.db.consentEvent.count({ where: { memberId: delivery.memberId } })).toBe(0);
  });
});

describe("when bounces land in an IMAP mailbox", () => {
  it("should take them through the same intake and file them in Processed or Unmatched", async () => {
    const dovecot = await startDovecot();
    const poller = startImapPoller({ url: dovecot.url, logger, pollIntervalMs: 500, handle: (raw) => ingestFromMailbox({ ...h, logger, pseudonyms }, raw) });
    try {
      await dovecot.append("INBOX", dsnOf(sent[5]!));
      await dovecot.append("INBOX", "Subject: hei\r\nFrom: <someone@example.com>\r\n\r\nbare en hilsen\r\n");
      await poller.started;
      const deadline = Date.now() + 20_000;
      while ((await dovecot.messages("INBOX")).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect((await dovecot.messages("Processed")).length).toBe(1);
      expect((await dovecot.messages("Unmatched")).length).toBe(1);
      expect(await suppressed(sent[5]!.rcptTo[0]!)).toBe(1);
    } finally {
      await poller.stop();
      await dovecot.stop();
    }
  });
});
