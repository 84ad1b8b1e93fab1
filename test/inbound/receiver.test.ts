// The SMTP receiver end to end: a campaign goes out through the loopback sink with signed VERP
// return paths; DSNs for 10 recipients and ARF reports for 3 are then mailed to the receiver over
// real SMTP. The deliveries, suppressions and ledger show exactly that, a second copy of a DSN
// changes nothing, forgeries suppress nothing, and the next campaign skips those 13.
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeMailbox } from "../../src/consent/headers.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { ingestInbound, type IngestDeps } from "../../src/inbound/ingest.ts";
import { inboundRecipients, startSmtpReceiver, type SmtpReceiver } from "../../src/inbound/smtp-receiver.ts";
import { createLogger } from "../../src/log.ts";
import { arfFor, dsnFor } from "../support/bounce-messages.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";
import type { SinkMessage } from "../support/smtp-sink.ts";

const BOUNCE_DOMAIN = "bounce.ntl.example.no";
const h = await startHarness({ members: 560, env: { BOUNCE_DOMAIN } });
const deps: IngestDeps = { db: h.db, config: h.config, clock: h.clock, logger: createLogger("silent"), pseudonyms: pseudonymsFromConfig(h.config) };
let receiver: SmtpReceiver;
let firstCampaign: number;
let bounced: SinkMessage[];
let complained: SinkMessage[];

beforeAll(async () => {
  receiver = await startSmtpReceiver({
    host: "127.0.0.1", port: 0, maxBytes: 1024 * 1024, logger: deps.logger,
    accepts: inboundRecipients(BOUNCE_DOMAIN, unsubscribeMailbox(h.config)),
    handle: async (raw, envelopeRecipients) => void (await ingestInbound(deps, raw, { via: "smtp", envelopeRecipients })),
  });
  firstCampaign = await h.launch({ channels: ["email"] });
  await h.waitFor(firstCampaign, allDone);
  const messages = [...h.sink.messages].sort((a, b) => a.rcptTo[0]!.localeCompare(b.rcptTo[0]!));
  bounced = messages.slice(0, 10);
  complained = messages.slice(10, 13);
});
afterAll(async () => {
  await receiver?.close();
  await h.close();
});

/** Mails a message to the receiver over SMTP, as a remote MTA would. */
async function mail(to: string, raw: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: "mailer-daemon@mx.example.com", to: [to] }, raw });
  } finally {
    transport.close();
  }
}

const deliveryOf = (m: SinkMessage) => h.db.delivery.findFirstOrThrow({ where: { providerId: m.messageId! } });
const hashOf = (address: string) => deps.pseudonyms.address("email", address)!;

describe("when every email of a campaign carries a signed VERP return path", () => {
  it("should name its own delivery in the envelope sender", async () => {
    for (const m of bounced) {
      const delivery = await deliveryOf(m);
      expect(m.mailFrom).toMatch(new RegExp(`^bounces\\+${delivery.id}\\.[0-9a-f]{12}@${BOUNCE_DOMAIN.replaceAll(".", "\\.")}$`));
    }
  });
});

describe("when DSNs for 10 recipients and ARF reports for 3 are mailed to the receiver", () => {
  it("should mark exactly those 10 deliveries bounced, suppress the 13 addresses and write 3 complaint opt-outs", async () => {
    for (const m of bounced) {
      await mail(m.mailFrom!, dsnFor({ to: m.mailFrom!, originalMessageId: m.messageId!, recipient: m.rcptTo[0]!, action: "failed", status: "5.1.1" }));
    }
    for (const m of complained) {
      await mail(`bounces@${BOUNCE_DOMAIN}`, arfFor({ to: `bounces@${BOUNCE_DOMAIN}`, originalMessageId: m.messageId!, recipient: m.rcptTo[0]!, returnPath: m.mailFrom! }));
    }
    const rows = await h.db.delivery.findMany({ where: { campaignId: firstCampaign, status: "bounced" } });
    expect(rows.map((r) => r.id).sort()).toEqual((await Promise.all(bounced.map(deliveryOf))).map((d) => d.id).sort());
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(["bounce 5.1.1"]));

    const suppressions = await h.db.suppression.findMany({ where: { liftedAt: null } });
    expect(suppressions.map((s) => [s.addressHash, s.reason]).sort()).toEqual([
      ...bounced.map((m) => [hashOf(m.rcptTo[0]!), "hard_bounce"]),
      ...complained.map((m) => [hashOf(m.rcptTo[0]!), "complaint"]),
    ].sort());

    const ledger = await h.db.consentEvent.findMany({ where: { source: "complaint" } });
    const complainers = await Promise.all(complained.map(deliveryOf));
    expect(ledger.map((e) => [e.memberId, e.purpose, e.channel, e.action, e.campaignId]).sort()).toEqual(
      complainers.map((d) => [d.memberId, "bargaining", "email", "opt_out", firstCampaign]).sort(),
    );
    const invalid = await h.db.member.count({ where: { emailInvalidAt: { not: null } } });
    expect(invalid).toBe(10);
    const status = await h.waitFor(firstCampaign, () => true);
    expect(status.channels.email!.bounced).toBe(10);
    expect(status.complaints).toMatchObject({ count: 3 });
  });

  it("should count the same DSN mailed again once", async () => {
    const m = bounced[0]!;
    const dsn = dsnFor({ to: m.mailFrom!, originalMessageId: m.messageId!, recipient: m.rcptTo[0]!, action: "failed", status: "5.1.1", messageId: "<same-dsn-twice@mx.example.com>" });
    await mail(m.mailFrom!, dsn);
    const before = await h.db.providerEvent.count();
    await mail(m.mailFrom!, dsn);
    expect(await h.db.providerEvent.count()).toBe(before);
    expect(await h.db.providerEvent.count({ where: { idempotencyKey: "mid:<same-dsn-twice@mx.example.com>" } })).toBe(1);
  });
});

describe("when a bounce is forged", () => {
  it("should suppress nothing for a VERP address with a wrong signature, and quarantine it", async () => {
    const victim = h.sink.messages.find((m) => !bounced.includes(m) && !complained.includes(m))!;
    const delivery = await deliveryOf(victim);
    const forged = `bounces+${delivery.id}.000000000000@${BOUNCE_DOMAIN}`;
    await mail(forged, dsnFor({ to: forged, originalMessageId: victim.messageId!, recipient: victim.rcptTo[0]!, action: "failed", status: "5.1.1" }));
    expect(await h.db.suppression.count({ where: { addressHash: hashOf(victim.rcptTo[0]!) } })).toBe(0);
    expect((await h.db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("sent");
    expect(await h.db.inboundQuarantine.count({ where: { reason: "forged VERP signature" } })).toBe(1);
  });

  it("should suppress nothing for a DSN about an address with no recent delivery", async () => {
    const stranger = "noen.annen@example.com";
    await mail(`bounces@${BOUNCE_DOMAIN}`, dsnFor({ to: `bounces@${BOUNCE_DOMAIN}`, originalMessageId: "<d1.c999@ntl.example.no>", recipient: stranger, action: "failed", status: "5.1.1" }));
    expect(await h.db.suppression.count({ where: { addressHash: hashOf(stranger) } })).toBe(0);
    expect(await h.db.inboundQuarantine.count({ where: { reason: "no recent delivery to that address or message" } })).toBe(1);
  });

  it("should refuse mail for any other recipient at the SMTP level", async () => {
    await expect(mail(`postmaster@${BOUNCE_DOMAIN}`, dsnFor({ to: "x@y.z", originalMessageId: "<x@y>", recipient: "x@y.z", action: "failed", status: "5.1.1" })))
      .rejects.toThrow(/550/);
  });
});

describe("when the next campaign goes out", () => {
  it("should skip the 13 bounced and complaining members on email", async () => {
    const next = await h.launch({ channels: ["email"], name: "Neste kampanje" });
    await h.waitFor(next, allDone);
    const members = await Promise.all([...bounced, ...complained].map(async (m) => (await deliveryOf(m)).memberId));
    const rows = await h.db.delivery.findMany({ where: { campaignId: next, memberId: { in: members } } });
    expect(rows).toHaveLength(13);
    expect(rows.every((r) => r.status === "skipped")).toBe(true);
    // Everybody else who got the first campaign gets this one.
    const firstReached = await h.db.delivery.count({ where: { campaignId: firstCampaign, status: { in: ["sent", "bounced"] } } });
    expect(await h.db.delivery.count({ where: { campaignId: next, status: "sent" } })).toBe(firstReached - 13);
  });
});
