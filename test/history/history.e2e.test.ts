// Acceptance (GDPR art. 15 self-service): "what have you sent me?". Real campaigns go through the
// pipeline (PostgreSQL, Redis, the SMTP sink, the Twilio fake, letters), with the member's consent
// choices recorded between them; the member asks for the link in the preference centre, the
// member-link worker mails it to the address on file, and the page and its downloads list exactly
// the member's deliveries that left us (sent, delivered, bounced), with why and the consent choice
// at the time. The ManualClock is moved to the present before each step, because email and SMS
// rows take sent_at from the database's clock; the link's 24 hours are then tested on the
// ManualClock alone.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { createApiToken } from "../../src/auth/tokens.ts";
import { createUser } from "../../src/auth/users.ts";
import { attachAudienceList } from "../../src/campaigns/audience-list.ts";
import { scheduleCampaign } from "../../src/campaigns/lifecycle.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { ManualClock } from "../../src/clock.ts";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { createNewsletter } from "../../src/consent/newsletters.ts";
import { signToken } from "../../src/consent/tokens.ts";
import type { MemberHistory } from "../../src/contracts/history.ts";
import { MemberHistorySchema } from "../../src/contracts/history.ts";
import { osloIso } from "../../src/history/export.ts";
import { createHistoryLink } from "../../src/history/links.ts";
import { buildApp } from "../../src/http/app.ts";
import { recordReturnedLetters } from "../../src/letters/service.ts";
import { createLogger } from "../../src/log.ts";
import { saveSegment } from "../../src/segments/store.ts";
import { allDone, startHarness, TEST_CONTENT } from "../support/pipeline-harness.ts";
import { until } from "../support/until.ts";

const HOUR = 3_600_000;
const clock = new ManualClock(new Date());
/** Moves the clock to the present (after everything the database has stamped so far) and returns it. */
const present = () => {
  clock.set(new Date());
  return clock.now();
};
const letterDir = mkdtempSync(join(tmpdir(), "budstikke-history-"));
const h = await startHarness({ clock, env: { LETTER_DIR: letterDir } });
const app = await buildApp({ db: h.db, config: h.config, clock, logger: createLogger("silent"), queues: h.pipeline.queues, rateLimit: { max: 1000, timeWindowMs: 60_000 } });
afterAll(async () => {
  await app.close();
  await h.close();
});
const db = h.db;
const system = systemActor("test");
const CONTENT = { ...TEST_CONTENT, letter: { returnLine: "NTL, Postboks 1, 0101 OSLO", place: "Oslo", body: "Hei {{member.firstName}}." } };
const LEFT = ["sent", "delivered", "bounced"] as const;

const kari = await db.member.create({
  data: {
    memberNumber: "H1001", firstName: "Kari", lastName: "Nordmann", status: "active", language: "nb",
    email: "kari@example.no", mobile: "+4791000001", addressLine: "Storgata 1", postcode: "0155", city: "OSLO",
  },
});
const ola = await db.member.create({
  data: {
    memberNumber: "H1002", firstName: "Ola", lastName: "Hansen", status: "active", language: "en",
    email: "ola@example.no", mobile: "+4791000002", addressLine: "Lillegata 2", postcode: "5003", city: "BERGEN",
  },
});
const EVERYONE = { rules: { field: "status", op: "eq", value: "active" } };

/** Creates a campaign, lets `prepare` attach what it needs, launches it now and waits until it completes. */
async function send(definition: Record<string, unknown>, prepare?: (id: number) => Promise<unknown>): Promise<number> {
  const campaign = await createCampaign(db, { data: { deadline: "10. desember" }, content: CONTENT, ...definition }, clock);
  await prepare?.(campaign.id);
  await scheduleCampaign(h.pipeline.lifecycle, campaign.id);
  await h.waitFor(campaign.id, allDone, 90_000);
  return campaign.id;
}


/** The ids of a member's delivery rows whose message left us, straight from the table. */
async function leftIds(memberId: number): Promise<string[]> {
  const rows = await db.delivery.findMany({ where: { memberId, status: { in: [...LEFT] } }, select: { id: true } });
  return rows.map((r) => r.id.toString()).sort();
}

async function downloadJson(token: string): Promise<MemberHistory> {
  const response = await app.inject({ method: "GET", url: `/history/${token}/download.json` });
  expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
  return MemberHistorySchema.parse(response.json());
}

const pageIds = (body: string) => [...body.matchAll(/<li id="message-(\d+)">/g)].map((m) => m[1]!);
const preferencesToken = (memberId: number) =>
  signToken(h.config.secretKeys, { memberId, purpose: "campaign", channel: "email", campaignId: null, issuedAt: clock.now() });

const story = {} as Record<"bargaining" | "benefits" | "christmas" | "newYear" | "newsletter" | "dues" | "course", number>;
const moments = {} as Record<"optOut" | "imported" | "optIn" | "subscribed", Date>;
let newsletterId = 0;

/** The sent_at of a member's delivery (email and SMS: the database's clock; letters: the injected one). */
async function sentAt(campaignId: number, memberId: number, channel: string): Promise<Date> {
  const row = await db.delivery.findFirstOrThrow({ where: { campaignId, memberId, channel } });
  return row.sentAt!;
}

beforeAll(async () => {
  present();
  const { segmentId } = await saveSegment(db, { name: "Aktive medlemmer", rules: EVERYONE.rules });
  story.bargaining = await send({ name: "Tariffoppgjøret 2026", purpose: "bargaining", audience: { segmentId }, channels: ["email", "sms", "letter"] });

  present();
  story.benefits = await send({ name: "Medlemsfordeler i desember", purpose: "campaign", audience: EVERYONE, channels: ["email"] });

  // Kari says no to campaigns by email in the preference centre.
  moments.optOut = present();
  await recordConsentEvent(db, { memberId: kari.id, purpose: "campaign", channel: "email", action: "opt_out", source: "preference_centre", actor: "member", at: moments.optOut });

  present();
  story.christmas = await send({ name: "Julekampanje", purpose: "campaign", audience: EVERYONE, channels: ["email", "sms"] });
  // A refusal of campaigns by SMS, registered a minute before the Christmas SMS went out, reaches
  // the ledger only afterwards (the registry's import carries its own time).
  moments.imported = new Date((await sentAt(story.christmas, kari.id, "sms")).getTime() - 60_000);
  await recordConsentEvent(db, { memberId: kari.id, purpose: "campaign", channel: "sms", action: "opt_out", source: "import", actor: "import", at: moments.imported });

  // Kari says yes to campaigns by email again.
  moments.optIn = present();
  await recordConsentEvent(db, { memberId: kari.id, purpose: "campaign", channel: "email", action: "opt_in", source: "preference_centre", actor: "member", at: moments.optIn });
  present();
  story.newYear = await send({ name: "Nyttårskampanje", purpose: "campaign", audience: EVERYONE, channels: ["email"] });

  // Kari subscribes to a newsletter (its ledger opt_in); Ola does not.
  moments.subscribed = present();
  newsletterId = (await createNewsletter(db, { slug: "tariffnytt", name: "Tariffnytt" })).id;
  await recordConsentEvent(db, { memberId: kari.id, purpose: "newsletter", channel: "all", newsletterId, action: "opt_in", source: "subscribe_form", actor: "member", at: moments.subscribed, basis: "v1" });
  present();
  story.newsletter = await send({ name: "Tariffnytt nr. 1", purpose: "newsletter", newsletterId, audience: { subscribersOf: newsletterId }, channels: ["email"] });

  // A dues reminder to an uploaded list with Kari only.
  present();
  story.dues = await send({ name: "Kontingent 2027", purpose: "service", audience: { list: true }, channels: ["sms"] }, (id) =>
    attachAudienceList({ db, clock }, system, id, "member_number\nH1001\n"));

  // A course invitation by SMS that Twilio refuses for Kari's number: failed, it never left.
  present();
  h.twilio.failFor(kari.mobile!, "invalid");
  story.course = await send({ name: "Kursinvitasjon", purpose: "course", audience: EVERYONE, channels: ["sms"] });
  h.twilio.clearFailures();

  // The post office returns Kari's tariff letter: that delivery is bounced.
  present();
  await recordReturnedLetters({ db, clock, config: h.config }, system, ["H1001"]);
  present();
}, 300_000);

describe("when the story's deliveries are in place", () => {
  it("should give Kari rows of every kind, so the history's filter matters", async () => {
    const rows = await db.delivery.findMany({ where: { memberId: kari.id } });
    const statuses = (campaignId: number) => rows.filter((r) => r.campaignId === campaignId).map((r) => `${r.channel}:${r.status}`).sort();
    expect(statuses(story.bargaining)).toEqual(["email:sent", "letter:bounced", "sms:sent"]);
    expect(statuses(story.christmas)).toEqual(["email:skipped", "sms:sent"]);
    expect(statuses(story.course)).toEqual(["sms:failed"]);
    expect(statuses(story.newsletter)).toEqual(["email:sent"]);
    expect(statuses(story.dues)).toEqual(["sms:sent"]);
    expect(await db.delivery.count({ where: { memberId: ola.id, status: "sent" } })).toBeGreaterThan(3);
  });
});

describe("when a member asks for the history in the preference centre", () => {
  let token = "";

  it("should answer the same page whatever the member has, and mail a /history/ link to the address on file", async () => {
    const request = await app.inject({ method: "POST", url: `/preferences/${preferencesToken(kari.id)}/history`, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "" });
    expect(request.statusCode).toBe(200);
    expect(request.body).toContain("er en lenke til oversikten på vei dit. Den virker i 24 timer.");
    expect(request.body).not.toContain("kari@example.no");
    expect(request.headers["cache-control"]).toBe("no-store");
    const again = await app.inject({ method: "POST", url: `/preferences/${preferencesToken(kari.id)}/history` });
    expect(again.body).toBe(request.body);

    const mail = await until("the history link", () => h.sink.messages.find((m) => m.to.includes("kari@example.no") && /\/history\//.test(m.text ?? "")));
    expect(mail.subject).toBe("Oversikt over det vi har sendt deg");
    expect(mail.text).toContain("virker i 24 timer");
    expect(mail.text).toContain("kan du se bort fra denne meldingen");
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    token = /https:\/\/budstikke\.test\/history\/([A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;
    expect(token).toHaveLength(43);
    // Only a hash is stored; the token itself sat neither in the job nor in the database.
    const link = await db.memberHistoryLink.findFirstOrThrow({ where: { memberId: kari.id } });
    expect(link.tokenHash).not.toContain(token);
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(24 * HOUR);
    // The worker audits after the relay accepted, and the job completes after that.
    const jobs = await until("the job to complete", async () => {
      const done = await h.pipeline.queues.memberLinks.getJobs(["completed"]);
      return done.length > 0 ? done : undefined;
    });
    expect(jobs.map((j) => j.data)).toEqual([expect.objectContaining({ memberId: kari.id, kind: "history" })]);
    expect(JSON.stringify(jobs.map((j) => j.data))).not.toContain(token);
    expect(await db.auditLog.findMany({ where: { action: "member.history_link" }, select: { entityId: true, details: true } }))
      .toEqual([{ entityId: String(kari.id), details: { channel: "email" } }]);
    // Asked twice, sent once.
    expect(h.sink.messages.filter((m) => m.to.includes("kari@example.no") && /\/history\//.test(m.text ?? ""))).toHaveLength(1);
  });

  it("should list on the page and in both downloads exactly the member's deliveries that left", async () => {
    const expected = await leftIds(kari.id);
    expect(expected).toHaveLength(8);

    const page = await app.inject({ method: "GET", url: `/history/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect(page.body).toContain('<html lang="nb">');
    expect(pageIds(page.body).sort()).toEqual(expected);

    const json = await downloadJson(token);
    expect(json.entries.map((e) => e.deliveryId).sort()).toEqual(expected);
    expect(json.memberNumber).toBe("H1001");
    expect(json.retentionDays).toBe(h.config.RETENTION_DELIVERIES_DAYS);
    // Newest first, and the page in the same order as the download.
    const times = json.entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(pageIds(page.body)).toEqual(json.entries.map((e) => e.deliveryId));

    const csv = await app.inject({ method: "GET", url: `/history/${token}/download.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe(`attachment; filename="history-${osloIso(json.generatedAt).slice(0, 10)}.csv"`);
    const rows = parse(csv.body, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(["at_oslo", "campaign", "channel", "purpose", "status", "why", "lawful_basis", "consent_at_the_time"]);
    expect(rows.map((r) => r.campaign)).toEqual(json.entries.map((e) => e.campaignName));
  });

  it("should say when, what, why and on what basis each message was sent, in the member's language", async () => {
    const json = await downloadJson(token);
    const entry = (campaignId: number, channel: string) => json.entries.find((e) => e.campaignId === campaignId && e.channel === channel);
    const tariffSentAt = await sentAt(story.bargaining, kari.id, "email");
    expect(entry(story.bargaining, "email")).toMatchObject({
      at: tariffSentAt.toISOString(), campaignName: "Tariffoppgjøret 2026", purpose: "bargaining", status: "sent",
      why: { audience: "segment", segmentName: "Aktive medlemmer", newsletterName: null, lawfulBasis: "legitimate_interest", legalReference: "GDPR art. 6(1)(f) and 9(2)(d)" },
    });
    expect(entry(story.bargaining, "letter")).toMatchObject({ status: "bounced" });
    expect(entry(story.newsletter, "email")!.why).toMatchObject({ audience: "newsletter", newsletterName: "Tariffnytt", lawfulBasis: "consent", legalReference: "GDPR art. 6(1)(a) and 9(2)(a)" });
    expect(entry(story.dues, "sms")!.why).toMatchObject({ audience: "list", lawfulBasis: "membership", legalReference: "GDPR art. 6(1)(b) and 9(2)(d)" });
    expect(entry(story.benefits, "email")!.why).toMatchObject({ audience: "rules", segmentName: null });
    expect(entry(story.christmas, "email")).toBeUndefined();
    expect(entry(story.course, "sms")).toBeUndefined();

    const page = (await app.inject({ method: "GET", url: `/history/${token}` })).body;
    const item = (id: string) => new RegExp(`<li id="message-${id}">([\\s\\S]*?)</li>`).exec(page)![1]!;
    const tariffEmail = item(entry(story.bargaining, "email")!.deliveryId);
    expect(tariffEmail).toContain("<h2>Tariffoppgjøret 2026</h2>");
    const oslo = new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", dateStyle: "long", timeStyle: "short" }).format(tariffSentAt);
    expect(oslo).toMatch(/^\d{1,2}\. \p{L}+ \d{4} kl\. \d\d:\d\d$/u);
    expect(tariffEmail).toContain(`<time datetime="${tariffSentAt.toISOString()}">${oslo}</time>`);
    expect(tariffEmail).toContain("<dd>e-post</dd>");
    expect(tariffEmail).toContain("<dd>tariffoppgjør og uravstemninger</dd>");
    expect(tariffEmail).toContain("Du var med i utvalget «Aktive medlemmer».");
    expect(tariffEmail).toContain("Berettiget interesse (GDPR art. 6(1)(f) and 9(2)(d))");
    expect(item(entry(story.bargaining, "letter")!.deliveryId)).toContain("<dd>kom i retur</dd>");
    expect(page).toContain("Vi sletter opplysninger om hver enkelt utsendelse etter 400 dager.");
    expect(page).toContain(`href="/history/${token}/download.csv"`);
    expect(page).toContain(`href="/history/${token}/download.json"`);
    // The page reads at 320 px: entries are list items with description lists, no table.
    expect(page).not.toContain("<table");
    expect(page).toMatch(/<ol class="history">\s*<li id="message-/);
  });

  it("should show the member's choice as the ledger stood when each message was sent", async () => {
    const json = await downloadJson(token);
    const consent = (campaignId: number, channel: string) => json.entries.find((e) => e.campaignId === campaignId && e.channel === channel)!.consent;
    // Before the opt-out: no choice. The opt-out came after this message.
    expect(consent(story.benefits, "email")).toEqual({ choice: "no_choice", since: null, source: null });
    // The registry's refusal bore a time before the Christmas SMS, though it arrived after it.
    expect(consent(story.christmas, "sms")).toEqual({ choice: "opted_out", since: moments.imported.toISOString(), source: "import" });
    // Said yes again before the New Year campaign.
    expect(consent(story.newYear, "email")).toEqual({ choice: "opted_in", since: moments.optIn.toISOString(), source: "preference_centre" });
    expect(consent(story.newsletter, "email")).toEqual({ choice: "opted_in", since: moments.subscribed.toISOString(), source: "subscribe_form" });
    expect(consent(story.dues, "sms")).toEqual({ choice: "not_applicable", since: null, source: null });
    expect(consent(story.bargaining, "sms")).toEqual({ choice: "no_choice", since: null, source: null });

    const rows = parse((await app.inject({ method: "GET", url: `/history/${token}/download.csv` })).body, { columns: true, bom: true }) as Array<Record<string, string>>;
    const christmasSms = rows.find((r) => r.campaign === "Julekampanje" && r.channel === "SMS")!;
    const osloLong = (d: Date) => new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", dateStyle: "long", timeStyle: "short" }).format(d);
    expect(christmasSms).toMatchObject({
      at_oslo: osloIso(await sentAt(story.christmas, kari.id, "sms")), purpose: "kampanjer og medlemsfordeler", status: "sendt",
      why: "Du passet med utvalgsreglene for utsendelsen.", lawful_basis: "Berettiget interesse (GDPR art. 6(1)(f) and 9(2)(d))",
      consent_at_the_time: `Meldt av, siden ${osloLong(moments.imported)} (medlemsregisteret)`,
    });
    expect(christmasSms!.at_oslo).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/);
  });

  it("should audit every view and download with the member id and no personal data", async () => {
    const rows = await db.auditLog.findMany({ where: { action: { in: ["member.history_viewed", "member.history_downloaded"] } }, orderBy: { id: "asc" } });
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) {
      expect(row).toMatchObject({ actor: "member", entity: "member", entityId: String(kari.id) });
      expect(Object.keys(row.details as object).every((k) => ["entries", "format"].includes(k))).toBe(true);
      expect(JSON.stringify(row.details)).not.toMatch(/Kari|Nordmann|kari@|\+47|H1001|Tarif/);
    }
    const before = rows.length;
    await app.inject({ method: "GET", url: `/history/${token}/download.csv` });
    const latest = await db.auditLog.findFirstOrThrow({ where: { action: "member.history_downloaded" }, orderBy: { id: "desc" } });
    expect(latest.details).toEqual({ format: "csv", entries: 8 });
    expect(await db.auditLog.count({ where: { action: { in: ["member.history_viewed", "member.history_downloaded"] } } })).toBe(before + 1);
    // A link scanner's HEAD opens nothing and is not taken for a view.
    expect((await app.inject({ method: "HEAD", url: `/history/${token}` })).statusCode).toBe(404);
    expect(await db.auditLog.count({ where: { action: { in: ["member.history_viewed", "member.history_downloaded"] } } })).toBe(before + 1);
  });

  it("should show another member's link only that member's rows", async () => {
    const olaToken = await createHistoryLink(db, ola.id, clock.now());
    const olas = await downloadJson(olaToken);
    expect(olas.entries.map((e) => e.deliveryId).sort()).toEqual(await leftIds(ola.id));
    const karis = new Set(await leftIds(kari.id));
    expect(olas.entries.some((e) => karis.has(e.deliveryId))).toBe(false);
    const page = await app.inject({ method: "GET", url: `/history/${olaToken}` });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain("What we have sent you");
  });

  it("should answer 404 to foreign and unknown tokens, and never open anything else with a history token", async () => {
    const unsubscribe = signToken(h.config.secretKeys, { memberId: kari.id, purpose: "campaign", channel: "email", campaignId: story.newYear, issuedAt: clock.now() });
    const random = "A".repeat(43);
    for (const url of [`/history/${unsubscribe}`, `/history/${random}`, `/history/${random}/download.json`, `/history/${unsubscribe}/download.csv`, "/history/short"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain("Tariffoppgjøret");
    }
    for (const url of [`/preferences/${token}`, `/u/${token}`]) {
      expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(404);
    }
    expect((await app.inject({ method: "POST", url: `/preferences/${token}/history` })).statusCode).toBe(404);
  });

  it("should refuse to send a link from a server without queues", async () => {
    const withoutQueues = await buildApp({ db, config: h.config, clock, logger: createLogger("silent") });
    try {
      expect((await withoutQueues.inject({ method: "POST", url: `/preferences/${preferencesToken(kari.id)}/history` })).statusCode).toBe(404);
    } finally {
      await withoutQueues.close();
    }
  });

  it("should give staff the same entries, audited, and refuse a viewer", async () => {
    const deps = { db, clock, config: h.config };
    const tokenFor = async (role: "communicator" | "viewer") => {
      const email = `${role}@ntl.example.no`;
      await createUser(deps, system, { email, name: `Test ${role}`, role, password: "correct horse battery staple" });
      return (await createApiToken(deps, system, { userEmail: email, name: "test" })).token;
    };
    const communicator = await tokenFor("communicator");
    const viewer = await tokenFor("viewer");
    const staff = await app.inject({ method: "GET", url: "/api/v1/members/H1001/history", headers: { authorization: `Bearer ${communicator}` } });
    expect(staff.statusCode, staff.body.slice(0, 300)).toBe(200);
    const body = MemberHistorySchema.parse(staff.json());
    const own = await downloadJson(token);
    expect(body.entries).toEqual(own.entries);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "members.history" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ entity: "member", entityId: String(kari.id), details: { entries: 8 } });
    expect(audit.actorId).not.toBeNull();

    const refused = await app.inject({ method: "GET", url: "/api/v1/members/H1001/history", headers: { authorization: `Bearer ${viewer}` } });
    expect(refused.statusCode).toBe(403);
    const unknown = await app.inject({ method: "GET", url: "/api/v1/members/NOPE/history", headers: { authorization: `Bearer ${communicator}` } });
    expect(unknown.statusCode).toBe(404);
  });

  it("should work until 24 hours after the link was made, then answer 410 with how to ask again", async () => {
    const link = await db.memberHistoryLink.findFirstOrThrow({ where: { memberId: kari.id } });
    clock.set(new Date(link.createdAt.getTime() + 24 * HOUR - 1000));
    expect((await app.inject({ method: "GET", url: `/history/${token}` })).statusCode).toBe(200);
    clock.set(new Date(link.createdAt.getTime() + 24 * HOUR));
    const expired = await app.inject({ method: "GET", url: `/history/${token}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain("Lenken er utløpt");
    expect(expired.body).toContain("«Dine valg»");
    expect(expired.body).not.toContain("Tariffoppgjøret");
    expect((await app.inject({ method: "GET", url: `/history/${token}/download.json` })).statusCode).toBe(410);
    expect(expired.headers["cache-control"]).toBe("no-store");
  });
});
