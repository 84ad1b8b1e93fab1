// The newsletter routes and commands: settings with their checks and the job scheduler kept in
// step, issues (prepare, edit, cancel, send by hand as a draft campaign of purpose newsletter
// whose audience is the confirmed subscribers), skipped slots shown in the API, staff invitations
// (a confirmation email, never a subscription), who may do what, and the CLI's exit codes.
import { describe, expect, it } from "vitest";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { schedulerId } from "../../src/newsletters/schedule.ts";
import { EXPIRE_SCHEDULER_ID, registerNewsletterSchedulers } from "../../src/newsletters/worker.ts";
import { runSlot } from "../../src/newsletters/slots.ts";
import { lifecycleDeps } from "../../src/campaigns/lifecycle.ts";
import { systemActor } from "../../src/auth/actor.ts";
import { saveSegment } from "../../src/segments/store.ts";
import { saveTemplate } from "../../src/templates/store.ts";
import { API_PUBLIC_URL, useTestApi } from "../support/api.ts";
import { runCli } from "../support/cli.ts";

const api = await useTestApi({ now: "2026-12-01T10:00:00Z" });
const { db, clock } = api;

const EMAIL = {
  subject: "{{data.subject}}",
  mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>{{data.content}}</mj-text></mj-column></mj-section></mj-body></mjml>",
};
const { templateId } = await saveTemplate(db, { name: "Nyhetsbrev", purpose: "newsletter", email: { nb: EMAIL } }, clock);
const { templateId: courseTemplate } = await saveTemplate(db, { name: "Kurs", purpose: "course", email: { nb: EMAIL } }, clock);

let serial = 0;
async function member(branch = "oslo-1"): Promise<{ id: number; number: string }> {
  const number = `NA${++serial}`;
  const m = await db.member.create({ data: { memberNumber: number, firstName: "Kari", lastName: `N${serial}`, status: "active", branch, email: `na${serial}@example.no` } });
  return { id: m.id, number };
}
async function subscribe(memberId: number, newsletterId: number) {
  await recordConsentEvent(db, { memberId, purpose: "newsletter", channel: "all", newsletterId, action: "opt_in", source: "subscribe_form", actor: "member", at: clock.now(), basis: "test" });
}

const created = await api.as("admin", "POST", "/api/v1/newsletters", { slug: "fagnytt", name: "Fagnytt" });
const newsletterId = created.json().id as number;

describe("when an admin sets a newsletter's template, sender, schedule and segment", () => {
  it("should refuse a template of another purpose and a cron pattern that is not five fields, with field paths", async () => {
    const wrong = await api.as("admin", "PUT", `/api/v1/newsletters/${newsletterId}`, { templateId: courseTemplate, scheduleCron: "* * * * * *" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(["scheduleCron", "templateId"]);
    expect((await api.as("admin", "PUT", `/api/v1/newsletters/${newsletterId}`, { scheduleCron: "61 8 * * 1" })).statusCode).toBe(400);
  });

  it("should save them, show the next slot in Oslo time, and register the job scheduler", async () => {
    const saved = await api.as("admin", "PUT", `/api/v1/newsletters/${newsletterId}`, { templateId, senderName: "NTL Fag", scheduleCron: "0 8 * * 1" });
    expect(saved.statusCode).toBe(200);
    // 2026-12-01 is a Tuesday: the next Monday 08:00 in Oslo is 07:00Z on the 7th.
    expect(saved.json()).toMatchObject({ templateId, senderName: "NTL Fag", scheduleCron: "0 8 * * 1", timezone: "Europe/Oslo", nextSlotAt: "2026-12-07T07:00:00.000Z", subscribers: 0 });
    expect(await api.queues.newsletters.getJobScheduler(schedulerId(newsletterId))).toMatchObject({ pattern: "0 8 * * 1", tz: "Europe/Oslo" });
    const audit = await db.auditLog.findFirst({ where: { action: "newsletters.update", entityId: String(newsletterId) } });
    expect(audit?.details).toMatchObject({ scheduleCron: "0 8 * * 1" });
  });

  it("should keep the rename-only body working and refuse the settings to non-admins", async () => {
    expect((await api.as("admin", "PUT", `/api/v1/newsletters/${newsletterId}`, { name: "Fagnytt!" })).json()).toMatchObject({ name: "Fagnytt!", scheduleCron: "0 8 * * 1" });
    expect((await api.as("communicator", "PUT", `/api/v1/newsletters/${newsletterId}`, { scheduleCron: null })).statusCode).toBe(403);
  });
});

describe("when a worker starts against a Redis that lost or kept stale schedulers", () => {
  it("should register every scheduled newsletter's job scheduler, drop stale ones, and add the hourly expiry", async () => {
    await api.queues.newsletters.removeJobScheduler(schedulerId(newsletterId));
    await api.queues.newsletters.upsertJobScheduler(schedulerId(99_999), { pattern: "0 9 * * *", tz: "Europe/Oslo" }, { name: "slot", data: { kind: "slot", newsletterId: 99_999 } });
    await registerNewsletterSchedulers({ db, logger: api.logger, queues: api.queues });
    expect(await api.queues.newsletters.getJobScheduler(schedulerId(newsletterId))).toMatchObject({ pattern: "0 8 * * 1", tz: "Europe/Oslo" });
    expect(await api.queues.newsletters.getJobScheduler(schedulerId(99_999))).toBeUndefined();
    expect(await api.queues.newsletters.getJobScheduler(EXPIRE_SCHEDULER_ID)).toMatchObject({ every: 3_600_000 });
  });
});

describe("when staff prepare and send issues", () => {
  it("should let a communicator prepare, edit and cancel issues, audited, and refuse a viewer", async () => {
    const prepared = await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/issues`, { subject: "Utkast", content: "Tekst" });
    expect(prepared.statusCode).toBe(201);
    const issueId = prepared.json().id as number;
    const edited = await api.as("communicator", "PUT", `/api/v1/newsletters/${newsletterId}/issues/${issueId}`, { subject: "Rettet", content: "Tekst" });
    expect(edited.json()).toMatchObject({ subject: "Rettet", status: "prepared", createdBy: api.users.communicator.id });
    expect((await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/issues/${issueId}/cancel`, {})).json()).toMatchObject({ status: "cancelled" });
    expect((await api.as("communicator", "PUT", `/api/v1/newsletters/${newsletterId}/issues/${issueId}`, { subject: "x", content: "y" })).statusCode).toBe(409);
    expect((await api.as("viewer", "POST", `/api/v1/newsletters/${newsletterId}/issues`, { subject: "x", content: "y" })).statusCode).toBe(403);
    const actions = (await db.auditLog.findMany({ where: { entityId: String(newsletterId), action: { startsWith: "newsletters.issue_" } }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["newsletters.issue_prepare", "newsletters.issue_update", "newsletters.issue_cancel"]);
  });

  it("should send an issue by hand as the caller's draft campaign to the confirmed subscribers ∩ the segment, counted so by the review", async () => {
    const inSegment = await member("bergen-2");
    const outsideSegment = await member("oslo-1");
    const notSubscribed = await member("bergen-2");
    await subscribe(inSegment.id, newsletterId);
    await subscribe(outsideSegment.id, newsletterId);
    const { segmentId } = await saveSegment(db, { name: "Bergen", rules: { field: "branch", op: "eq", value: "bergen-2" } });
    await api.as("admin", "PUT", `/api/v1/newsletters/${newsletterId}`, { segmentId });

    const issue = (await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/issues`, { subject: "Nytt", content: "Avsnitt én.\n\nAvsnitt to." })).json();
    const sent = await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/issues/${issue.id}/send`, {});
    expect(sent.statusCode).toBe(201);
    const { campaignId } = sent.json();
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({ purpose: "newsletter", newsletterId, state: "draft", createdBy: api.users.communicator.id, channels: ["email"] });
    expect(campaign.definition).toMatchObject({ audience: { subscribersOf: newsletterId, segmentId }, data: { paragraphs: ["Avsnitt én.", "Avsnitt to."], senderName: "NTL Fag" } });

    const review = await api.as("communicator", "GET", `/api/v1/campaigns/${campaignId}/review`);
    expect(review.statusCode).toBe(200);
    expect(review.json()).toMatchObject({ audience: 1, channels: { email: { recipients: 1, skipped: 0 } } });
    expect(notSubscribed.id).toBeGreaterThan(0);
    expect((await api.as("communicator", "GET", `/api/v1/newsletters/${newsletterId}/issues`)).json().items[0]).toMatchObject({ id: issue.id, status: "sent", campaignId });
    await api.as("admin", "PUT", `/api/v1/newsletters/${newsletterId}`, { segmentId: null });
  });

  it("should show a skipped slot and its reason on the newsletter and in the overview list", async () => {
    clock.set("2026-12-07T07:00:00Z");
    const lifecycle = lifecycleDeps({ ...api.deps }, systemActor("test"));
    expect(await runSlot(lifecycle, newsletterId)).toMatchObject({ kind: "skipped", reason: "no_prepared_issue" });
    const skipped = { newsletterId, slotAt: "2026-12-07T07:00:00.000Z", reason: "no_prepared_issue" };
    expect((await api.as("viewer", "GET", `/api/v1/newsletters/${newsletterId}`)).json().lastSkippedSlot).toMatchObject(skipped);
    expect((await api.as("viewer", "GET", "/api/v1/newsletters/skipped-slots")).json().items).toEqual([expect.objectContaining(skipped)]);
    expect((await api.as("viewer", "GET", `/api/v1/newsletters/${newsletterId}/issues`)).json().items[0]).toMatchObject({ status: "skipped", reason: "no_prepared_issue" });

    // The next slot sends a prepared issue, and the newsletter no longer shows a skip.
    await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/issues`, { subject: "Neste", content: "Tekst" });
    clock.set("2026-12-14T07:00:00Z");
    expect(await runSlot(lifecycle, newsletterId)).toMatchObject({ kind: "sent" });
    expect((await api.as("viewer", "GET", `/api/v1/newsletters/${newsletterId}`)).json().lastSkippedSlot).toBeNull();
    expect((await api.as("viewer", "GET", "/api/v1/newsletters/skipped-slots")).json().items).toEqual([]);
  });
});

describe("when staff invite a member", () => {
  it("should queue a confirmation (no subscription), say when the member is subscribed already, and audit it", async () => {
    const m = await member();
    const invited = await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/subscriptions`, { memberNumber: m.number });
    expect(invited.statusCode).toBe(202);
    expect(invited.json()).toEqual({ outcome: "confirmation_sent" });
    expect(await db.consentEvent.count({ where: { memberId: m.id } })).toBe(0);
    expect(await db.newsletterSubscription.findFirstOrThrow({ where: { memberId: m.id } })).toMatchObject({ source: "staff", confirmedAt: null });
    await subscribe(m.id, newsletterId);
    expect((await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/subscriptions`, { memberNumber: m.number })).json()).toEqual({ outcome: "already_subscribed" });
    expect((await api.as("communicator", "POST", `/api/v1/newsletters/${newsletterId}/subscriptions`, { memberNumber: "NOPE" })).statusCode).toBe(404);
    expect((await api.as("steward", "POST", `/api/v1/newsletters/${newsletterId}/subscriptions`, { memberNumber: m.number })).statusCode).toBe(403);
    expect(await db.auditLog.count({ where: { action: "newsletters.invite" } })).toBe(2);
  });
});

describe("when the operator uses the newsletters commands", () => {
  const env = {
    NODE_ENV: "test", DATABASE_URL: api.url, REDIS_URL: api.config.REDIS_URL, QUEUE_PREFIX: api.config.QUEUE_PREFIX,
    SECRET_KEY: "api-test-secret-key-0123456789abcdef0123", PUBLIC_URL: API_PUBLIC_URL, LOG_LEVEL: "silent",
  };

  it("should set a schedule, prepare an issue from stdin and list it, with JSON only on stdout", async () => {
    const set = await runCli(["newsletters", "set", String(newsletterId), "--schedule", "30 7 * * 2", "--json"], env);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ scheduleCron: "30 7 * * 2", timezone: "Europe/Oslo" });
    expect(await api.queues.newsletters.getJobScheduler(schedulerId(newsletterId))).toMatchObject({ pattern: "30 7 * * 2", tz: "Europe/Oslo" });

    const prepared = await runCli(["newsletters", "prepare", String(newsletterId), "--subject", "Fra CLI", "--content", "-", "--json"], env, "Hei.\n\nHå det bra.\n");
    expect(prepared.code).toBe(0);
    expect(JSON.parse(prepared.stdout)).toMatchObject({ subject: "Fra CLI", content: "Hei.\n\nHå det bra.", status: "prepared" });

    const list = await runCli(["newsletters", "list", "--json"], env);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: newsletterId, preparedIssues: 1 })]);
  });

  it("should exit 2 on a bad cron pattern or id, and remove the scheduler with --no-schedule", async () => {
    const bad = await runCli(["newsletters", "set", String(newsletterId), "--schedule", "every monday"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("scheduleCron");
    expect((await runCli(["newsletters", "issues", "abc"], env)).code).toBe(2);
    expect((await runCli(["newsletters", "set", String(newsletterId), "--no-schedule"], env)).code).toBe(0);
    expect(await api.queues.newsletters.getJobScheduler(schedulerId(newsletterId))).toBeUndefined();
  });
});
