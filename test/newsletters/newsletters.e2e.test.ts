// Newsletters end to end, on the real pipeline (PostgreSQL, Redis, the SMTP sink): a member
// subscribes on the public form and confirms by POST from the emailed link; a second member asks
// and never confirms; the newsletter's schedule slot (driven by the injected clock) sends the
// prepared issue as a campaign of purpose `newsletter` to the confirmed subscribers only; the
// issue's one-click unsubscribe leaves that newsletter only; a slot with no prepared issue is
// skipped with its reason stored and shown.
import { afterAll, describe, expect, it } from "vitest";
import { campaignStatus } from "../../src/campaigns/status.ts";
import { ManualClock } from "../../src/clock.ts";
import { decide } from "../../src/consent/decide.ts";
import { createNewsletter, NEWSLETTER_CONSENT_TEXT_VERSION } from "../../src/consent/newsletters.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { verifyToken } from "../../src/consent/tokens.ts";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { prepareIssue } from "../../src/newsletters/issues.ts";
import { schedulerId } from "../../src/newsletters/schedule.ts";
import { updateNewsletter } from "../../src/newsletters/settings.ts";
import { runSlot } from "../../src/newsletters/slots.ts";
import { confirmationToken, confirmSubscription, findByToken, hashToken, requestSubscription } from "../../src/newsletters/subscriptions.ts";
import { saveTemplate } from "../../src/templates/store.ts";
import { systemActor } from "../../src/auth/actor.ts";
import { startHarness } from "../support/pipeline-harness.ts";

// Sunday 6 December 2026, 13:00 in Oslo. The schedule is Mondays 08:00 Europe/Oslo (07:00Z in winter).
const clock = new ManualClock(new Date("2026-12-06T12:00:00Z"));
const h = await startHarness({ clock });
const app = await buildApp({ db: h.db, config: h.config, clock, logger: createLogger("silent"), queues: h.pipeline.queues, rateLimit: { max: 1000, timeWindowMs: 60_000 } });
afterAll(async () => {
  await app.close();
  await h.close();
});
const pseudonyms = pseudonymsFromConfig(h.config);
const operator = systemActor("test");
const db = h.db;

const TEMPLATE = {
  name: "Tariffnytt",
  purpose: "newsletter",
  sampleData: { subject: "Eksempel", paragraphs: ["Første avsnitt."], senderName: "NTL" },
  email: {
    nb: {
      subject: "{{data.subject}}",
      mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}!{{#each data.paragraphs}}<p>{{this}}</p>{{/each}}Hilsen {{data.senderName}}</mj-text></mj-column></mj-section></mj-body></mjml>`,
    },
  },
};

let serial = 0;
async function member(email: string): Promise<number> {
  const m = await db.member.create({ data: { memberNumber: `NL${++serial}`, firstName: `Kari${serial}`, lastName: "Nordmann", status: "active", email } });
  return m.id;
}
const form = (body: Record<string, string>) => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams(body).toString() });

async function waitForMail(to: string, subject: RegExp) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = h.sink.messages.find((m) => m.to.includes(to) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}; got ${h.sink.messages.map((m) => `${m.to.join(",")}: ${m.subject}`).join("; ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const { templateId } = await saveTemplate(db, TEMPLATE, clock);
const newsletter = await createNewsletter(db, { slug: "tariffnytt", name: "Tariffnytt" });
const other = await createNewsletter(db, { slug: "kursnytt", name: "Kursnytt" });
const confirmed = await member("kari.confirmed@example.no");
const unconfirmed = await member("ola.unconfirmed@example.no");
const bystander = await member("per.bystander@example.no");

describe("when a newsletter gets a schedule", () => {
  it("should register a BullMQ job scheduler with the cron pattern in Europe/Oslo, and drop it when the schedule goes", async () => {
    await updateNewsletter({ db, clock, queues: h.pipeline.queues }, operator, newsletter.id, { templateId, senderName: "NTL Tariff", scheduleCron: "0 8 * * 1" });
    const scheduler = await h.pipeline.queues.newsletters.getJobScheduler(schedulerId(newsletter.id));
    expect(scheduler).toMatchObject({ pattern: "0 8 * * 1", tz: "Europe/Oslo" });
    expect(scheduler?.template?.data).toEqual({ kind: "slot", newsletterId: newsletter.id });
    // BullMQ's own next run of the pattern, in Oslo time: a Monday at 08:00.
    const next = new Date(scheduler!.next!);
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Oslo", weekday: "short", hour: "2-digit", minute: "2-digit" }).format(next)).toBe("Mon 08:00");

    await updateNewsletter({ db, clock, queues: h.pipeline.queues }, operator, other.id, { scheduleCron: "30 7 * * *" });
    expect(await h.pipeline.queues.newsletters.getJobScheduler(schedulerId(other.id))).toMatchObject({ pattern: "30 7 * * *", tz: "Europe/Oslo" });
    await updateNewsletter({ db, clock, queues: h.pipeline.queues }, operator, other.id, { scheduleCron: null });
    expect(await h.pipeline.queues.newsletters.getJobScheduler(schedulerId(other.id))).toBeUndefined();
  });
});

describe("when members subscribe on the public form", () => {
  it("should answer a member's and a stranger's address the same, and email only the member a confirmation link", async () => {
    const asMember = await app.inject({ method: "POST", url: "/subscribe/tariffnytt", ...form({ email: "Kari.Confirmed@example.no" }) });
    const asStranger = await app.inject({ method: "POST", url: "/subscribe/tariffnytt", ...form({ email: "nobody@example.no" }) });
    expect(asMember.statusCode).toBe(200);
    expect(asStranger.statusCode).toBe(200);
    expect(asStranger.body).toBe(asMember.body);
    expect(await db.newsletterSubscription.count()).toBe(1);
    const mail = await waitForMail("kari.confirmed@example.no", /Bekreft påmelding til «Tariffnytt»/);
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    expect(h.sink.messages.filter((m) => m.to.includes("nobody@example.no"))).toEqual([]);
  });

  it("should change nothing on a GET of the confirmation link, and confirm on the page's POST with the ledger recording version, source and time", async () => {
    const mail = await waitForMail("kari.confirmed@example.no", /Bekreft påmelding/);
    const link = /https:\/\/budstikke\.test(\/subscribe\/confirm\/[A-Za-z0-9_-]+)/.exec(mail.text ?? "")?.[1];
    expect(link).toBeDefined();
    const before = await db.consentEvent.count();

    const page = await app.inject({ method: "GET", url: link! });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="${link}"`);
    expect(await db.consentEvent.count()).toBe(before);
    expect((await db.newsletterSubscription.findFirstOrThrow({ where: { memberId: confirmed } })).confirmedAt).toBeNull();
    expect(await decide(db, confirmed, "newsletter", "email", clock.now(), { pseudonyms, newsletterId: newsletter.id })).toEqual({ allowed: false, reason: "not_subscribed" });

    const posted = await app.inject({ method: "POST", url: link! });
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain("Du er meldt på «Tariffnytt»");
    const events = await db.consentEvent.findMany({ where: { memberId: confirmed } });
    expect(events).toMatchObject([
      { purpose: "newsletter", channel: "all", newsletterId: newsletter.id, action: "opt_in", source: "subscribe_form", basis: NEWSLETTER_CONSENT_TEXT_VERSION, actor: "member", at: clock.now() },
    ]);
    expect(await decide(db, confirmed, "newsletter", "email", clock.now(), { pseudonyms, newsletterId: newsletter.id })).toMatchObject({ allowed: true });
    // A second POST (a double click) records nothing more.
    await app.inject({ method: "POST", url: link! });
    expect(await db.consentEvent.count({ where: { memberId: confirmed } })).toBe(1);
  });

  it("should leave a member who asked and never confirmed unsubscribed", async () => {
    expect(await requestSubscription({ db, clock, queues: h.pipeline.queues }, { memberId: unconfirmed, newsletterId: newsletter.id, source: "staff" })).toBe("confirmation_sent");
    await waitForMail("ola.unconfirmed@example.no", /Bekreft påmelding/);
    expect(await db.consentEvent.count({ where: { memberId: unconfirmed } })).toBe(0);
  });
});

describe("when the schedule's slot comes", () => {
  it("should send the prepared issue at its cron time as a newsletter campaign to the confirmed subscribers only", async () => {
    const issue = await prepareIssue({ db, clock, config: h.config }, operator, newsletter.id, { subject: "Nytt fra oppgjøret", content: "Første avsnitt.\n\nAndre avsnitt." });
    clock.set("2026-12-07T07:00:00Z"); // Monday 08:00 in Oslo
    const outcome = await runSlot(h.pipeline.lifecycle, newsletter.id);
    expect(outcome).toMatchObject({ kind: "sent", slotAt: new Date("2026-12-07T07:00:00Z"), issueId: issue.id });
    if (outcome.kind !== "sent") throw new Error("not sent");

    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: outcome.campaignId } });
    expect(campaign).toMatchObject({ purpose: "newsletter", newsletterId: newsletter.id, channels: ["email"] });
    const done = await h.waitFor(outcome.campaignId, (s) => s.state === "completed");
    expect(done.channels.email).toMatchObject({ total: 1, sent: 1, skipped: 0 });
    const launched = await db.campaign.findUniqueOrThrow({ where: { id: outcome.campaignId } });
    const snapshot = await db.snapshotRecipient.findMany({ where: { snapshotId: launched.snapshotId! } });
    expect(snapshot.map((r) => r.memberId)).toEqual([confirmed]);

    const mail = await waitForMail("kari.confirmed@example.no", /^Nytt fra oppgjøret$/);
    expect(mail.html).toContain("Andre avsnitt.");
    expect(mail.text).toContain("Hilsen NTL Tariff");
    expect(h.sink.messages.filter((m) => m.subject === "Nytt fra oppgjøret").map((m) => m.to)).toEqual([["kari.confirmed@example.no"]]);
    expect(await db.newsletterIssue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ status: "sent", campaignId: outcome.campaignId });

    // The same slot run again (a retried job) sends nothing more.
    expect(await runSlot(h.pipeline.lifecycle, newsletter.id)).toMatchObject({ kind: "sent", campaignId: outcome.campaignId });
    expect(await db.campaign.count({ where: { purpose: "newsletter" } })).toBe(1);
  });

  it("should give every issue email a one-click unsubscribe that leaves this newsletter only", async () => {
    const mail = await waitForMail("kari.confirmed@example.no", /^Nytt fra oppgjøret$/);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const url = /<https:\/\/budstikke\.test(\/u\/([A-Za-z0-9_-]+))>/.exec(mail.headers["list-unsubscribe"] ?? "");
    expect(url).not.toBeNull();
    expect(verifyToken(h.config.secretKeys, url![2]!)).toMatchObject({ memberId: confirmed, purpose: "newsletter", newsletterId: newsletter.id });

    // Subscribed to the other newsletter too (asked and confirmed; the link made as the worker makes it), to see it is left alone.
    await requestSubscription({ db, clock }, { memberId: confirmed, newsletterId: other.id, source: "staff" });
    const pending = await db.newsletterSubscription.findFirstOrThrow({ where: { memberId: confirmed, newsletterId: other.id } });
    const token = confirmationToken(h.config.secretKeys, pending);
    await db.newsletterSubscription.update({ where: { id: pending.id }, data: { tokenHash: hashToken(token) } });
    expect(await confirmSubscription({ db, clock }, (await findByToken(db, token))!)).toBe("confirmed");

    const response = await app.inject({ method: "POST", url: url![1]!, ...form({ "List-Unsubscribe": "One-Click" }) });
    expect(response.statusCode).toBe(200);
    expect(await decide(db, confirmed, "newsletter", "email", clock.now(), { pseudonyms, newsletterId: newsletter.id })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect(await decide(db, confirmed, "newsletter", "email", clock.now(), { pseudonyms, newsletterId: other.id })).toMatchObject({ allowed: true });
  });

  it("should skip a slot with no prepared issue, store the reason, and show it on the newsletter and the overview", async () => {
    clock.set("2026-12-14T07:00:00Z"); // the next Monday 08:00
    const outcome = await runSlot(h.pipeline.lifecycle, newsletter.id);
    expect(outcome).toEqual({ kind: "skipped", slotAt: new Date("2026-12-14T07:00:00Z"), reason: "no_prepared_issue" });
    expect(await db.newsletterIssue.findFirstOrThrow({ where: { newsletterId: newsletter.id, slotAt: new Date("2026-12-14T07:00:00Z") } })).toMatchObject({ status: "skipped", reason: "no_prepared_issue", campaignId: null });
    expect(await db.campaign.count({ where: { purpose: "newsletter" } })).toBe(1);
    const audit = await db.auditLog.findFirst({ where: { action: "newsletters.slot_skipped", entityId: String(newsletter.id) } });
    expect(audit?.details).toMatchObject({ reason: "no_prepared_issue" });
    // Nobody got anything for this slot: one issue email in all.
    expect(h.sink.messages.filter((m) => m.subject === "Nytt fra oppgjøret")).toHaveLength(1);
    const status = await campaignStatus(db, (await db.campaign.findFirstOrThrow({ where: { purpose: "newsletter" } })).id, clock);
    expect(status.state).toBe("completed");
  });

  it("should not count the bystander, who never asked", async () => {
    expect(await db.consentEvent.count({ where: { memberId: bystander } })).toBe(0);
    expect(await db.newsletterSubscription.count({ where: { memberId: bystander } })).toBe(0);
  });
});
