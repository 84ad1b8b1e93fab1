// Double opt-in at chosen clock instants: a request is confirmable until 7 days after it was
// made and not a moment later; GET never confirms; the ledger records the consent text version,
// the source and the time of confirmation; the preference centre asks instead of subscribing.
// The confirmation email goes through the channels the worker is given (here a recording one).
import { describe, expect, it } from "vitest";
import type { Channels } from "../../src/channels/factory.ts";
import type { OutgoingMessage } from "../../src/channels/types.ts";
import { createNewsletter, NEWSLETTER_CONSENT_TEXT_VERSION } from "../../src/consent/newsletters.ts";
import { signToken } from "../../src/consent/tokens.ts";
import { sendConfirmationMail } from "../../src/newsletters/confirmation-mail.ts";
import { deleteExpiredRequests, requestSubscription } from "../../src/newsletters/subscriptions.ts";
import { useTestApi } from "../support/api.ts";

const api = await useTestApi({ now: "2026-12-01T10:00:00Z" });
const { db, clock, config, deps } = api;

const sent: OutgoingMessage[] = [];
const channels = {
  send: async (outgoing: OutgoingMessage) => {
    sent.push(outgoing);
    return { ok: true as const, providerId: `p${sent.length}` };
  },
  close: async () => undefined,
} as unknown as Channels;
const mailDeps = { ...deps, channels };

let serial = 0;
async function member(language: "nb" | "nn" | "en" = "nb"): Promise<number> {
  const n = ++serial;
  return (await db.member.create({ data: { memberNumber: `DOI${n}`, firstName: `Kari${n}`, lastName: "Nordmann", status: "active", language, email: `kari${n}@example.no` } })).id;
}
const form = (body: Record<string, string>) => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams(body).toString() });

/** Asks, lets the "worker" send the email, and returns the confirmation link's path. */
async function ask(memberId: number, newsletterId: number): Promise<string> {
  expect(await requestSubscription({ db, clock }, { memberId, newsletterId, source: "staff" })).toBe("confirmation_sent");
  const request = await db.newsletterSubscription.findFirstOrThrow({ where: { memberId, newsletterId, confirmedAt: null } });
  expect(await sendConfirmationMail(mailDeps, request.id)).toEqual({ sent: true });
  const last = sent[sent.length - 1]!;
  if (last.channel !== "email") throw new Error("expected an email");
  const path = /https:\/\/budstikke\.example\.no(\/subscribe\/confirm\/[A-Za-z0-9_-]+)/.exec(last.message.text)?.[1];
  if (!path) throw new Error("no link in the email");
  return path;
}

const newsletter = await createNewsletter(db, { slug: "medlemsnytt", name: "Medlemsnytt" });

describe("when a confirmation link is used at chosen instants", () => {
  it("should confirm on a POST one second before 7 days are over, recording version, source and time", async () => {
    clock.set("2026-12-01T10:00:00Z");
    const memberId = await member("nn");
    const link = await ask(memberId, newsletter.id);
    expect(sent[sent.length - 1]).toMatchObject({ channel: "email", message: { to: `kari${serial}@example.no`, subject: "Stadfest påmelding til «Medlemsnytt»", headers: {} } });

    clock.set("2026-12-08T09:59:59Z");
    const page = await api.app.inject({ method: "GET", url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Ja, meld meg på");
    expect(await db.consentEvent.count({ where: { memberId } })).toBe(0);

    const confirmed = await api.app.inject({ method: "POST", url: link });
    expect(confirmed.statusCode).toBe(200);
    const [event] = await db.consentEvent.findMany({ where: { memberId } });
    expect(event).toMatchObject({
      purpose: "newsletter", channel: "all", newsletterId: newsletter.id, action: "opt_in",
      source: "staff", basis: NEWSLETTER_CONSENT_TEXT_VERSION, at: new Date("2026-12-08T09:59:59Z"),
    });
    expect((await db.newsletterSubscription.findFirstOrThrow({ where: { memberId } })).confirmedAt).toEqual(new Date("2026-12-08T09:59:59Z"));
  });

  it("should refuse at exactly 7 days (GET and POST), record nothing, and delete the request when expired ones are cleaned", async () => {
    clock.set("2026-12-01T10:00:00Z");
    const memberId = await member();
    const link = await ask(memberId, newsletter.id);

    clock.set("2026-12-08T10:00:00Z");
    expect((await api.app.inject({ method: "GET", url: link })).statusCode).toBe(410);
    const late = await api.app.inject({ method: "POST", url: link });
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain("Lenken er utløpt");
    expect(await db.consentEvent.count({ where: { memberId } })).toBe(0);

    // The hourly clean-up at an instant before the expiry keeps it; at the expiry it goes.
    expect(await deleteExpiredRequests(db, new Date("2026-12-08T09:59:59Z"))).toBe(0);
    expect(await deleteExpiredRequests(db, new Date("2026-12-08T10:00:00Z"))).toBe(1);
    expect((await api.app.inject({ method: "POST", url: link })).statusCode).toBe(404);
  });

  it("should renew an expired request when the member asks again, with a new link (the old one stays dead)", async () => {
    clock.set("2026-12-01T10:00:00Z");
    const memberId = await member();
    const first = await ask(memberId, newsletter.id);
    clock.set("2026-12-09T10:00:00Z");
    const second = await ask(memberId, newsletter.id);
    expect(second).not.toBe(first);
    expect((await api.app.inject({ method: "POST", url: first })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "POST", url: second })).statusCode).toBe(200);
    expect(await db.consentEvent.count({ where: { memberId, action: "opt_in" } })).toBe(1);
  });

  it("should 404 a made-up link", async () => {
    expect((await api.app.inject({ method: "GET", url: "/subscribe/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "POST", url: "/subscribe/confirm/nope" })).statusCode).toBe(404);
  });
});

describe("when a member ticks a newsletter in the preference centre", () => {
  it("should not subscribe them, but ask for a confirmation and show it as waiting", async () => {
    clock.set("2026-12-02T10:00:00Z");
    const memberId = await member();
    const token = signToken(config.secretKeys, { memberId, purpose: "information", channel: "email", campaignId: null, issuedAt: clock.now() });
    const page = await api.app.inject({ method: "GET", url: `/preferences/${token}` });
    expect(page.body).toContain(`name="nl-${newsletter.id}"`);

    const saved = await api.app.inject({ method: "POST", url: `/preferences/${token}`, ...form({ [`nl-${newsletter.id}`]: "on", "p-information-email": "on" }) });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain("Vi har sendt en e-post for å bekrefte påmelding");
    expect(saved.body).toContain("venter på bekreftelse");
    expect(await db.consentEvent.count({ where: { memberId, purpose: "newsletter" } })).toBe(0);
    expect(await db.newsletterSubscription.findFirstOrThrow({ where: { memberId } })).toMatchObject({
      newsletterId: newsletter.id, source: "preference_centre", confirmedAt: null, expiresAt: new Date("2026-12-09T10:00:00Z"),
    });
    // The confirmation job was queued (ids only).
    const jobs = await api.queues.newsletters.getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.map((j) => j.data)).toContainEqual({ kind: "confirm", subscriptionId: (await db.newsletterSubscription.findFirstOrThrow({ where: { memberId } })).id });
  });
});
