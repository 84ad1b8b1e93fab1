// Merge data and audience lists through the staff API: what a file's rows become (taken, unknown,
// duplicate, rejected), that a refused file changes nothing, that replacing an upload voids an
// approval like an edit, that scheduling refuses a template reading a column no file has, that a
// steward's list stops at the scope, and that only counts reach the audit trail.
import { describe, expect, it } from "vitest";
import { createCampaign } from "../../src/campaigns/store.ts";
import { mergeColumnsUsed } from "../../src/templates/variables.ts";
import { saveTemplate } from "../../src/templates/store.ts";
import { TemplateValidationError } from "../../src/templates/schema.ts";
import { STEWARD_SCOPE, useTestApi, type TestApi } from "../support/api.ts";

const api: TestApi = await useTestApi();
const { db, clock, users } = api;
const CSV = { "content-type": "text/csv" };

const members: Array<{ id: number; memberNumber: string }> = [];
for (let i = 0; i < 6; i++) {
  // The first three in the steward's branch, the others elsewhere.
  const m = await db.member.create({
    data: { memberNumber: `7100${i}`, firstName: "Kari", lastName: `Nordmann${i}`, status: "active", branch: i < 3 ? STEWARD_SCOPE.branches[0] : "bergen-2", email: `kari${i}@example.no` },
  });
  members.push(m);
}

function ballotCampaign(columns = "{{merge.ballot_url}}", audience: object = { rules: { field: "status", op: "eq", value: "active" } }) {
  return createCampaign(db, {
    name: "Uravstemning", purpose: "course", channels: ["email"], audience,
    content: { email: { subject: "Stem", mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Stem: ${columns}</mj-text></mj-column></mj-section></mj-body></mjml>` } },
  }, clock, users.communicator.actor);
}

const put = (id: number, what: "merge-data" | "audience-list", csv: string, role: "communicator" | "steward" = "communicator") =>
  api.as(role, "PUT", `/api/v1/campaigns/${id}/${what}`, csv, CSV);

describe("when merge data is attached to a campaign", () => {
  it("should store one row per known member and report unknown numbers, duplicates and rows with an empty cell", async () => {
    const campaign = await ballotCampaign();
    const csv = [
      "Member_Number,Ballot_URL,KID",
      `${members[0]!.memberNumber},https://stem.example.no/a,111`,
      `${members[1]!.memberNumber},https://stem.example.no/b,222`,
      "9990001,https://stem.example.no/x,333",
      `${members[0]!.memberNumber},https://stem.example.no/again,111`,
      `${members[2]!.memberNumber},,333`,
      `${members[3]!.memberNumber},https://stem.example.no/d`,
    ].join("\n");
    const response = await put(campaign.id, "merge-data", csv);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      columns: ["ballot_url", "kid"], rows: 6, accepted: 2, unknownCount: 1, unknownMemberNumbers: ["9990001"],
      duplicateCount: 1, duplicates: [{ line: 5, memberNumber: members[0]!.memberNumber }],
      rejectedCount: 2, rejected: [{ line: 6, problem: "ballot_url: empty" }, { line: 7, problem: "has 2 fields, the header has 3" }],
      templateColumnsMissing: [], state: "draft", approvalVoided: false,
    });
    const rows = await db.campaignMergeRow.findMany({ where: { campaignId: campaign.id }, orderBy: { memberId: "asc" } });
    expect(rows.map((r) => [r.memberId, r.data])).toEqual([
      [members[0]!.id, { ballot_url: "https://stem.example.no/a", kid: "111" }],
      [members[1]!.id, { ballot_url: "https://stem.example.no/b", kid: "222" }],
    ]);
    const summary = await api.as("viewer", "GET", `/api/v1/campaigns/${campaign.id}/merge-data`);
    expect(summary.json()).toEqual({ columns: ["ballot_url", "kid"], rows: 2, templateColumns: ["ballot_url"], discarded: false });

    // The audit row has counts and column names, never a cell.
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.merge_data", entityId: String(campaign.id) } });
    expect(audit.details).toMatchObject({ columns: ["ballot_url", "kid"], accepted: 2, unknown: 1, duplicates: 1, rejected: 2 });
    expect(JSON.stringify(audit.details)).not.toContain("stem.example.no");
  });

  it("should refuse a bad file with a clear message and keep what was attached", async () => {
    const campaign = await ballotCampaign();
    expect((await put(campaign.id, "merge-data", `member_number,ballot_url\n${members[0]!.memberNumber},https://a\n`)).statusCode).toBe(200);
    const refused = {
      "bad column names": ["member_number,ballot-url,Beløp\n1,a,b\n", /bad column names: "ballot-url" \(position 2\), "Beløp" \(position 3\)/],
      "a column named twice": ["member_number,kid,KID\n1,a,b\n", /"KID" \(position 3\) is named twice/],
      "no member_number": ["medlemsnummer,ballot_url\n1,a\n", /no member_number column/],
      "semicolons": ["member_number;ballot_url\n1;a\n", /separated by ';'/],
      "not CSV": [`member_number,ballot_url\n${members[1]!.memberNumber},"https://unclosed\n`, /not valid CSV/],
      "only member_number": [`member_number\n${members[1]!.memberNumber}\n`, /no column besides member_number/],
      "no known member": ["member_number,ballot_url\n555,https://a\n", /none of its 1 rows names a member/],
      "an empty file": ["", /the file is empty/],
    } as const;
    for (const [what, [csv, message]] of Object.entries(refused)) {
      const response = await put(campaign.id, "merge-data", csv);
      expect(response.statusCode, what).toBe(400);
      expect(response.json().detail, what).toMatch(/^merge data refused, nothing was changed: /);
      expect(response.json().detail, what).toMatch(message);
    }
    expect(await db.campaignMergeRow.count({ where: { campaignId: campaign.id } })).toBe(1);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).mergeColumns).toEqual(["ballot_url"]);
    // JSON is not a CSV upload.
    expect((await api.as("communicator", "PUT", `/api/v1/campaigns/${campaign.id}/merge-data`, { member_number: 1 })).statusCode).toBe(415);
  });

  it("should void an approval as an edit does, and refuse to schedule while the template reads a column no file has", async () => {
    const campaign = await ballotCampaign("{{merge.ballot_url}} {{merge.kid}}");
    const refusedEarly = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/schedule`, {});
    expect(refusedEarly.statusCode).toBe(409);
    expect(refusedEarly.json().detail).toMatch(/reads merge\.ballot_url, merge\.kid, but no merge data is attached/);

    await put(campaign.id, "merge-data", `member_number,ballot_url\n${members[0]!.memberNumber},https://a\n`);
    const missingKid = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/submit`, {});
    expect(missingKid.statusCode).toBe(409);
    expect(missingKid.json().detail).toMatch(/reads merge\.kid, which the attached merge data lacks \(its columns: ballot_url\)/);
    const review = await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/review`);
    expect(review.json().uploads).toMatchObject({ mergeColumns: ["ballot_url"], templateMergeColumns: ["ballot_url", "kid"], problem: expect.stringMatching(/merge\.kid/) });

    await db.campaign.update({ where: { id: campaign.id }, data: { state: "approved", approvedAt: clock.now(), approvedBy: users.approver.id, approvedCount: 1 } });
    const replaced = await put(campaign.id, "merge-data", `member_number,ballot_url,kid\n${members[0]!.memberNumber},https://a,1\n${members[1]!.memberNumber},https://b,2\n`);
    expect(replaced.json()).toMatchObject({ accepted: 2, state: "draft", approvalVoided: true, templateColumnsMissing: [] });
    const after = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(after).toMatchObject({ state: "draft", approvedAt: null, approvedCount: null, mergeColumns: ["ballot_url", "kid"] });
    expect(after.stateReason).toMatch(/merge data replaced while approved/);

    const scheduled = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/schedule`, { at: "2026-12-24T09:00:00+01:00" });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    // A scheduled campaign loses its launch when its merge data is replaced.
    const again = await put(campaign.id, "merge-data", `member_number,ballot_url,kid\n${members[0]!.memberNumber},https://a,1\n`);
    expect(again.json()).toMatchObject({ state: "draft", unscheduled: true });
    await db.campaign.update({ where: { id: campaign.id }, data: { state: "sending" } });
    const started = await put(campaign.id, "merge-data", `member_number,ballot_url,kid\n${members[0]!.memberNumber},https://a,1\n`);
    expect(started.statusCode).toBe(409);
    expect(started.json().detail).toMatch(/is sending; merge data can be attached only before it starts/);
  });

  it("should accept merge.<column> in templates and refuse a column name a file cannot have", async () => {
    const email = (text: string) => ({ nb: { subject: "S", mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>` } });
    await expect(saveTemplate(db, { name: "Ok", purpose: "course", email: email("{{merge.ballot_url}} {{#if merge.kid}}KID {{merge.kid}}{{/if}}") }, clock)).resolves.toBeDefined();
    const refused = await saveTemplate(db, { name: "Feil", purpose: "course", email: email("{{merge.BallotUrl}} {{merge}} {{merge.a.b}}") }, clock).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TemplateValidationError);
    const messages = (refused as TemplateValidationError).problems.map((p) => p.message);
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m).toMatch(/is not a merge column: write merge\.<column>/);
    expect([...mergeColumnsUsed("{{merge.a}} {{#if merge.b}}{{@root.merge.c}}{{/if}} {{formatMoney merge.d}} {{data.merge}}")].sort()).toEqual(["a", "b", "c", "d"]);
  });
});

describe("when a campaign's audience is an uploaded list", () => {
  it("should take a steward's list only inside the scope, reporting the rest as unknown", async () => {
    const campaign = await createCampaign(db, {
      name: "Medlemsmøte", purpose: "course", channels: ["email"], audience: { list: true },
      content: { email: { subject: "Møte", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei</mj-text></mj-column></mj-section></mj-body></mjml>" } },
    }, clock, users.steward.actor);
    const early = await api.as("steward", "POST", `/api/v1/campaigns/${campaign.id}/submit`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/its audience is an uploaded list, and no member of it is attached/);

    const csv = ["member_number", ...members.map((m) => m.memberNumber)].join("\n");
    const response = await put(campaign.id, "audience-list", csv, "steward");
    expect(response.statusCode, response.body).toBe(200);
    // Members outside the scope are unknown to a steward, exactly like numbers that name nobody.
    expect(response.json()).toMatchObject({ rows: 6, accepted: 3, unknownCount: 3, unknownMemberNumbers: members.slice(3).map((m) => m.memberNumber) });
    expect((await api.as("steward", "GET", `/api/v1/campaigns/${campaign.id}/audience-list`)).json()).toEqual({ audienceList: true, members: 3, discarded: false });
    const submitted = await api.as("steward", "POST", `/api/v1/campaigns/${campaign.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().approval.submittedCount).toBe(3);
  });

  it("should refuse a list for a campaign whose audience is not a list", async () => {
    const campaign = await ballotCampaign();
    const response = await put(campaign.id, "audience-list", `member_number\n${members[0]!.memberNumber}\n`);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/its audience is not a list/);
  });

  it("should delete both uploads when the campaign is cancelled", async () => {
    const campaign = await ballotCampaign("{{merge.ballot_url}}", { list: true });
    await put(campaign.id, "audience-list", `member_number\n${members[0]!.memberNumber}\n${members[1]!.memberNumber}\n`);
    await put(campaign.id, "merge-data", `member_number,ballot_url\n${members[0]!.memberNumber},https://a\n`);
    expect(await db.campaignListMember.count({ where: { campaignId: campaign.id } })).toBe(2);
    expect((await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/cancel`, {})).statusCode).toBe(200);
    expect(await db.campaignListMember.count({ where: { campaignId: campaign.id } })).toBe(0);
    expect(await db.campaignMergeRow.count({ where: { campaignId: campaign.id } })).toBe(0);
    expect((await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/merge-data`)).json()).toMatchObject({ rows: 0, discarded: true });
  });
});
