// An old link may only opt out; the page offers a fresh link instead. The fresh link goes to the
// address on file (never shown to whoever holds the old one), by email or else by SMS, once per
// ten minutes however often the button is pressed, and it may opt in again.
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { signToken, verifyToken } from "../../src/consent/tokens.ts";
import { startHarness } from "../support/pipeline-harness.ts";
import { until } from "../support/until.ts";

const h = await startHarness({ members: 60 });
const app = await buildApp({ db: h.db, config: h.config, clock: h.clock, logger: createLogger("silent"), queues: h.pipeline.queues });
afterAll(async () => {
  await app.close();
  await h.close();
});

const DAY = 24 * 3_600_000;
const oldToken = (memberId: number) =>
  signToken(h.config.secretKeys, { memberId, purpose: "campaign", channel: "email", campaignId: 3, issuedAt: new Date(Date.now() - 30 * DAY) });


describe("when a member with an old link asks for a fresh one", () => {
  it("should mail a fresh preference link to the address on file, once, and the fresh link may opt in", async () => {
    const member = await h.db.member.findFirstOrThrow({ where: { email: { not: null }, status: "active" }, orderBy: { id: "asc" } });
    const old = oldToken(member.id);
    const page = await app.inject({ method: "GET", url: `/preferences/${old}` });
    expect(page.body).toContain(`action="/preferences/${old}/fresh-link"`);
    const first = await app.inject({ method: "POST", url: `/preferences/${old}/fresh-link` });
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain(member.email!);
    const again = await app.inject({ method: "POST", url: `/preferences/${old}/fresh-link` });
    expect(again.body).toBe(first.body);

    const mail = await until("the fresh link", () => h.sink.messages.find((m) => m.to[0] === member.email!.toLowerCase()));
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();
    const link = /https:\/\/budstikke\.test\/preferences\/([A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;
    const claims = verifyToken(h.config.secretKeys, link)!;
    expect(claims).toMatchObject({ memberId: member.id, purpose: "campaign", channel: "email", campaignId: 3 });
    expect(Date.now() - claims.issuedAt!.getTime()).toBeLessThan(60_000);
    // Pressed twice, sent once.
    expect(await h.pipeline.queues.memberLinks.getJobCountByTypes("completed", "waiting", "active", "delayed")).toBe(1);
    expect(h.sink.messages.filter((m) => m.to[0] === member.email!.toLowerCase())).toHaveLength(1);
    expect(await h.db.auditLog.count({ where: { action: "member.fresh_link", entityId: String(member.id) } })).toBe(1);

    // The fresh link says yes again.
    await app.inject({ method: "POST", url: `/u/${old}`, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "List-Unsubscribe=One-Click" });
    const yes = await app.inject({ method: "POST", url: `/u/${link}`, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "action=resubscribe" });
    expect(yes.statusCode).toBe(200);
    const events = await h.db.consentEvent.findMany({ where: { memberId: member.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["opt_out", "opt_in"]);
  });

  it("should send it by SMS to a member with no email address", async () => {
    const member = await h.db.member.findFirstOrThrow({ where: { email: null, mobile: { not: null }, status: "active" } });
    await app.inject({ method: "POST", url: `/preferences/${oldToken(member.id)}/fresh-link` });
    const sms = await until("the fresh link by SMS", () => h.twilio.messages.find((m) => m.to === member.mobile));
    expect(sms.body).toMatch(/\/preferences\/[A-Za-z0-9_-]{47}$/);
  });
});
