// Acceptance: channel fallback (channelMode first-available). Each member gets ONE message, on the
// first of email → SMS → letter that consent allows and that has a valid address, decided at send
// time; a hard bounce within FALLBACK_AFTER_FAILURE_HOURS moves the member on to the next channel.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { takeProviderEvent } from "../../src/deliveries/provider-events.ts";
import { retryFailed } from "../../src/campaigns/lifecycle.ts";
import { allDone, startHarness, TEST_CONTENT } from "../support/pipeline-harness.ts";

const letterDir = mkdtempSync(join(tmpdir(), "budstikke-fallback-"));
const h = await startHarness({ members: 300, env: { LETTER_DIR: letterDir } });
afterAll(() => h.close());

const CONTENT = { ...TEST_CONTENT, letter: { returnLine: "NTL, Postboks 1, 0101 OSLO", place: "Oslo", body: "Hei {{member.firstName}}." } };
const CHANNELS = ["email", "sms", "letter"] as const;

interface Row {
  member_id: number;
  channel: string;
  status: string;
  reason: string | null;
}

async function rowsOf(campaignId: number): Promise<Map<number, Row[]>> {
  const rows = await h.db.$queryRawUnsafe<Row[]>(
    `SELECT member_id, channel, status::text AS status, reason FROM delivery WHERE campaign_id = $1 ORDER BY member_id, array_position($2::text[], channel)`,
    campaignId, [...CHANNELS],
  );
  const byMember = new Map<number, Row[]>();
  for (const r of rows) byMember.set(r.member_id, [...(byMember.get(r.member_id) ?? []), r]);
  return byMember;
}

const LEFT = new Set(["sent", "delivered", "bounced"]);

describe("when a campaign sends on the first available of email, SMS and letter", () => {
  let campaignId: number;
  const members = () => h.db.member.findMany({ where: { status: { not: "resigned" } }, orderBy: { id: "asc" } });

  it("should give each member exactly one message, on the first channel that consent and addresses allow", async () => {
    const live = await members();
    const withBoth = live.filter((m) => m.email && m.mobile && m.addressLine);
    const noEmail = withBoth.slice(0, 20); // opted out of email: SMS
    const neither = withBoth.slice(20, 35); // opted out of email and SMS: letter
    const noContact = withBoth.slice(35, 45); // no email and no mobile on file: letter
    const at = new Date();
    for (const m of [...noEmail, ...neither]) {
      await recordConsentEvent(h.db, { memberId: m.id, purpose: "all", channel: "email", action: "opt_out", source: "staff", actor: "test", at });
    }
    for (const m of neither) {
      await recordConsentEvent(h.db, { memberId: m.id, purpose: "all", channel: "sms", action: "opt_out", source: "staff", actor: "test", at });
    }
    await h.db.member.updateMany({ where: { id: { in: noContact.map((m) => m.id) } }, data: { email: null, mobile: null } });
    // Dead mailboxes: the relay refuses them at RCPT TO (550 5.1.1), so these members move on to SMS at once.
    const deadMailbox = withBoth.slice(45, 50);
    h.sink.setPolicy({ rejectRecipients: deadMailbox.map((m) => m.email!) });

    campaignId = await h.launch({ channels: [...CHANNELS], channelMode: "first-available", content: CONTENT });
    const status = await h.waitFor(campaignId, allDone, 120_000);

    const rows = await rowsOf(campaignId);
    const refreshed = await members();
    const optedOutEmail = new Set([...noEmail, ...neither].map((m) => m.id));
    const optedOutSms = new Set(neither.map((m) => m.id));
    const dead = new Set(deadMailbox.map((m) => m.id));
    const expected = (m: (typeof refreshed)[number]) =>
      m.email && !optedOutEmail.has(m.id) && !dead.has(m.id) ? "email" : m.mobile && !optedOutSms.has(m.id) ? "sms" : m.addressLine && m.postcode ? "letter" : null;
    let checked = 0;
    for (const m of refreshed) {
      const mine = rows.get(m.id) ?? [];
      const left = mine.filter((r) => LEFT.has(r.status));
      // Never two channels for one member.
      expect(left.length, `member ${m.id}: ${JSON.stringify(mine)}`).toBe(expected(m) ? 1 : 0);
      if (!expected(m)) continue;
      expect(left[0]!.channel).toBe(expected(m));
      // The channels passed over say why.
      for (const passed of mine.filter((r) => r !== left[0])) {
        if (dead.has(m.id)) expect(passed).toMatchObject({ channel: "email", status: "failed", reason: "smtp_550_5.1.1" });
        else {
          expect(passed.status).toBe("skipped");
          expect(["opted_out_channel", "no_address"]).toContain(passed.reason);
        }
      }
      checked++;
    }
    expect(checked).toBe(refreshed.length);
    for (const m of noEmail) expect(rows.get(m.id)!.map((r) => `${r.channel}:${r.status}:${r.reason ?? ""}`)).toEqual(["email:skipped:opted_out_channel", "sms:sent:"]);
    for (const m of neither) {
      expect(rows.get(m.id)!.map((r) => `${r.channel}:${r.status}:${r.reason ?? ""}`)).toEqual(["email:skipped:opted_out_channel", "sms:skipped:opted_out_channel", "letter:sent:"]);
    }
    for (const m of deadMailbox) expect(rows.get(m.id)!.map((r) => `${r.channel}:${r.status}`)).toEqual(["email:failed", "sms:sent"]);
    // retry-failed does not try the dead mailboxes again: those members already got their SMS.
    expect(await retryFailed(h.pipeline.lifecycle, campaignId)).toMatchObject({ reset: 0 });
    for (const m of noContact) expect(rows.get(m.id)!.map((r) => `${r.channel}:${r.status}`)).toEqual(["email:skipped", "sms:skipped", "letter:sent"]);

    // What reached the providers: one email per email row sent, one SMS per SMS row sent.
    const sentOn = (c: string) => [...rows.values()].flat().filter((r) => r.channel === c && r.status === "sent").length;
    expect(h.sink.stats.accepted).toBe(sentOn("email"));
    expect(h.twilio.messages.length).toBe(sentOn("sms"));
    expect(status.channels.letter!.sent).toBe(sentOn("letter"));
    expect(await h.db.printBatch.count({ where: { campaignId } })).toBe(1);
  });

  it("should move a member whose email hard-bounces within the window on to SMS, and not one whose bounce comes later", async () => {
    const rows = await rowsOf(campaignId);
    const byId = new Map((await members()).map((m) => [m.id, m]));
    const emailed = [...rows.entries()].filter(([id, r]) => r.length === 1 && r[0]!.channel === "email" && r[0]!.status === "sent" && byId.get(id)?.mobile);
    const [soon, late] = [emailed[0]![0], emailed[1]![0]];
    const deliveryOf = (memberId: number) => h.db.delivery.findFirstOrThrow({ where: { campaignId, memberId, channel: "email" } });
    const intake = { db: h.db, pseudonyms: pseudonymsFromConfig(h.config), config: h.config };
    const d1 = await deliveryOf(soon);
    const d2 = await deliveryOf(late);
    const smsBefore = h.twilio.messages.length;
    // Within 48 hours of sending: the member gets an SMS. After 49 hours: nothing more.
    await takeProviderEvent(intake, { kind: "hard_bounce", source: "test", channel: "email", deliveryId: d1.id, status: "5.1.1", at: new Date(d1.sentAt!.getTime() + 3_600_000) });
    await takeProviderEvent(intake, { kind: "hard_bounce", source: "test", channel: "email", deliveryId: d2.id, status: "5.1.1", at: new Date(d2.sentAt!.getTime() + 49 * 3_600_000) });

    const deadline = Date.now() + 60_000;
    for (;;) {
      const sms = await h.db.delivery.findFirst({ where: { campaignId, memberId: soon, channel: "sms" } });
      if (sms?.status === "sent") break;
      if (Date.now() > deadline) throw new Error(`no SMS fallback: ${JSON.stringify(sms)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(h.twilio.messages.length).toBe(smsBefore + 1);
    expect(h.twilio.messages.at(-1)!.to).toBe(byId.get(soon)!.mobile);
    expect((await rowsOf(campaignId)).get(soon)!.map((r) => `${r.channel}:${r.status}`)).toEqual(["email:bounced", "sms:sent"]);
    expect((await rowsOf(campaignId)).get(late)!.map((r) => `${r.channel}:${r.status}`)).toEqual(["email:bounced"]);
    // The follow-up closed its batch again, and the campaign stayed completed.
    const deadlineClosed = Date.now() + 30_000;
    while (await h.db.deliveryBatch.count({ where: { campaignId, closedAt: null } })) {
      if (Date.now() > deadlineClosed) throw new Error("the fallback batch stayed open");
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await h.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("completed");
  });
});
