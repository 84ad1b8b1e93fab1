// Acceptance: per-member merge data and uploaded audiences through the real pipeline (workers,
// Redis, the SMTP sink, the Twilio fake): every message carries its own member's ballot_url, a
// member without a row gets nothing and shows no_merge_data, the rows are gone once the campaign
// completes; a list audience reaches exactly the listed members, and inside a steward's scope.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { attachAudienceList } from "../../src/campaigns/audience-list.ts";
import { scheduleCampaign } from "../../src/campaigns/lifecycle.ts";
import { attachMergeData } from "../../src/campaigns/merge-data.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 120 });
afterAll(() => h.close());
const operator = systemActor("test");
const deps = { db: h.db, clock: h.clock, queues: h.pipeline.lifecycle.queues };

const BALLOT_CONTENT = {
  email: {
    subject: "Uravstemning: din stemmeseddel",
    mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}, stem her: {{merge.ballot_url}}</mj-text></mj-column></mj-section></mj-body></mjml>`,
  },
  sms: { body: "Stem her: {{merge.ballot_url}}" },
};

async function mergeRows(campaignId: number): Promise<number> {
  const [row] = await h.db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM campaign_merge_row WHERE campaign_id = $1`, campaignId);
  return row!.n;
}

describe("when a ballot campaign carries each member's voting link as merge data", () => {
  it("should send every member their own ballot_url, skip members without a row as no_merge_data, and delete the rows when it completes", async () => {
    const members = await h.db.member.findMany({ orderBy: { id: "asc" } });
    const withoutRow = new Set(members.filter((m) => m.status !== "resigned" && m.email && m.mobile).slice(0, 4).map((m) => m.id));
    const urls = new Map(members.filter((m) => !withoutRow.has(m.id)).map((m) => [m.id, `https://stem.example.no/v/${m.memberNumber}/${randomBytes(6).toString("hex")}`]));
    const csv = ["member_number,Ballot_URL", ...members.filter((m) => urls.has(m.id)).map((m) => `${m.memberNumber},${urls.get(m.id)}`), "9999999,https://stem.example.no/v/nobody"].join("\n");

    const campaign = await createCampaign(h.db, {
      name: "Uravstemning 2026", purpose: "bargaining", channels: ["email", "sms"], content: BALLOT_CONTENT,
      audience: { rules: { field: "status", op: "in", value: ["active", "student", "apprentice", "retired", "unemployed", "honorary", "resigned"] } },
    }, h.clock);
    const report = await attachMergeData(deps, operator, campaign.id, csv);
    expect(report).toMatchObject({ columns: ["ballot_url"], accepted: urls.size, unknownCount: 1, unknownMemberNumbers: ["9999999"], templateColumnsMissing: [] });

    await scheduleCampaign(h.pipeline.lifecycle, campaign.id);
    const status = await h.waitFor(campaign.id, allDone);

    // Email: each message carries its own member's link (and no other member's).
    const byEmail = new Map(members.filter((m) => m.email).map((m) => [m.email!.toLowerCase(), m]));
    const emailed = h.sink.messages.filter((m) => m.subject === "Uravstemning: din stemmeseddel");
    expect(emailed.length).toBeGreaterThan(50);
    for (const message of emailed) {
      const member = byEmail.get(message.to[0]!.toLowerCase())!;
      expect(withoutRow.has(member.id)).toBe(false);
      expect(message.text).toContain(urls.get(member.id));
      expect(message.text!.match(/https:\/\/stem\.example\.no\/v\/\S+/g)).toEqual([urls.get(member.id)]);
    }
    // SMS: the same, matched through the delivery the provider id names.
    expect(h.twilio.messages.length).toBeGreaterThan(50);
    for (const sms of h.twilio.messages) {
      const delivery = await h.db.delivery.findFirstOrThrow({ where: { providerId: sms.sid } });
      expect(sms.body).toContain(`Stem her: ${urls.get(delivery.memberId)}`);
    }

    // Members without a row got nothing, on either channel, and show why.
    const skipped = await h.db.delivery.findMany({ where: { campaignId: campaign.id, memberId: { in: [...withoutRow] } } });
    expect(skipped).toHaveLength(withoutRow.size * 2);
    expect(skipped.every((d) => d.status === "skipped" && d.reason === "no_merge_data")).toBe(true);
    const addresses = new Set(members.filter((m) => withoutRow.has(m.id)).map((m) => m.email!.toLowerCase()));
    expect(emailed.some((m) => addresses.has(m.to[0]!.toLowerCase()))).toBe(false);
    expect(status.channels.email!.skippedByReason.no_merge_data).toBe(withoutRow.size);
    expect(status.channels.sms!.skippedByReason.no_merge_data).toBe(withoutRow.size);
    const live = members.filter((m) => m.status !== "resigned");
    expect(status.channels.email!.sent).toBe(live.filter((m) => m.email && !withoutRow.has(m.id)).length);

    // Kept only until the campaign completes.
    expect(await mergeRows(campaign.id)).toBe(0);
  });
});

describe("when a campaign's audience is an uploaded list of member numbers", () => {
  it("should reach exactly the listed members (consent still applied), and report the unknown numbers", async () => {
    const members = await h.db.member.findMany({ where: { status: "active" }, orderBy: { id: "asc" } });
    const listed = members.filter((_, i) => i % 3 === 0).slice(0, 20);
    const campaign = await createCampaign(h.db, {
      name: "Påminnelse: ikke stemt", purpose: "information", channels: ["email"], audience: { list: true },
      content: { email: { subject: "Du har ikke stemt ennå", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>" } },
    }, h.clock);
    const csv = ["member_number,navn", ...listed.map((m) => `${m.memberNumber},x`), "0000001,y", `${listed[0]!.memberNumber},dup`].join("\r\n");
    const report = await attachAudienceList(deps, operator, campaign.id, csv);
    expect(report).toMatchObject({ rows: listed.length + 2, accepted: listed.length, unknownCount: 1, unknownMemberNumbers: ["0000001"], duplicateCount: 1 });
    expect(report.warnings).toEqual(['column "navn" is ignored: only member_number is read']);

    await scheduleCampaign(h.pipeline.lifecycle, campaign.id);
    const status = await h.waitFor(campaign.id, allDone);
    const deliveries = await h.db.delivery.findMany({ where: { campaignId: campaign.id } });
    expect(deliveries.map((d) => d.memberId).sort((a, b) => a - b)).toEqual(listed.map((m) => m.id));
    const withEmail = listed.filter((m) => m.email);
    expect(status.channels.email).toMatchObject({ total: listed.length, sent: withEmail.length });
    const received = new Set(h.sink.messages.filter((m) => m.subject === "Du har ikke stemt ennå").map((m) => m.to[0]!.toLowerCase()));
    expect([...received].sort()).toEqual(withEmail.map((m) => m.email!.toLowerCase()).sort());
    expect(await h.db.campaignListMember.count({ where: { campaignId: campaign.id } })).toBe(0);
  });

  it("should reach only the listed members inside a steward campaign's scope", async () => {
    const members = await h.db.member.findMany({ where: { status: "active" }, include: { employments: true }, orderBy: { id: "asc" } });
    const employer = members.find((m) => m.employments.length > 0)!.employments[0]!.employerOrgNumber!;
    const inScope = members.filter((m) => m.employments.some((e) => e.employerOrgNumber === employer));
    const outside = members.filter((m) => !m.employments.some((e) => e.employerOrgNumber === employer)).slice(0, 10);
    expect(inScope.length).toBeGreaterThan(0);
    const campaign = await createCampaign(h.db, {
      name: "Medlemsmøte", purpose: "information", channels: ["email"], audience: { list: true },
      content: { email: { subject: "Medlemsmøte", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei</mj-text></mj-column></mj-section></mj-body></mjml>" } },
    }, h.clock);
    await h.db.campaign.update({ where: { id: campaign.id }, data: { audienceScope: { employers: [employer], branches: [] } } });
    await attachAudienceList(deps, operator, campaign.id, ["member_number", ...inScope, ...outside].map((m) => (typeof m === "string" ? m : m.memberNumber)).join("\n"));

    await scheduleCampaign(h.pipeline.lifecycle, campaign.id);
    await h.waitFor(campaign.id, allDone);
    const deliveries = await h.db.delivery.findMany({ where: { campaignId: campaign.id } });
    expect(deliveries.map((d) => d.memberId).sort((a, b) => a - b)).toEqual(inScope.map((m) => m.id).sort((a, b) => a - b));
  });
});
