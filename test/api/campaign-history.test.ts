// A campaign's history through the staff API: the audit entries about one campaign, oldest
// first, with the names of the staff who acted, for anyone who may read the campaign, and
// "not found" for a steward asking about a campaign outside what they may see.
import { describe, expect, it } from "vitest";
import type { CampaignHistory } from "../../src/contracts/campaign-history.ts";
import type { CampaignView } from "../../src/contracts/campaigns.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { useTestApi, type ApiUser } from "../support/api.ts";

const api = await useTestApi();
const { db, users } = api;
await importMembersFromText(db, [...generateMembersCsv(40, 7)].join(""));

const definition = {
  name: "Informasjon om forhandlingene",
  purpose: "information",
  audience: { rules: { field: "status", op: "eq", value: "active" } },
  channels: ["email"],
  content: {
    email: {
      subject: "Til {{member.firstName}}",
      mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}.</mj-text></mj-column></mj-section></mj-body></mjml>",
    },
  },
};

function as(user: ApiUser, method: string, url: string, body?: unknown) {
  return api.app.inject({ method: method as "GET", url, headers: { authorization: `Bearer ${user.token}` }, ...(body === undefined ? {} : { payload: body as object }) });
}

const nameOf = async (user: ApiUser) => (await db.staffUser.findUniqueOrThrow({ where: { id: user.id } })).name;

async function created(author: ApiUser, overrides: Record<string, unknown> = {}): Promise<CampaignView> {
  const response = await as(author, "POST", "/api/v1/campaigns", { ...definition, ...overrides });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<CampaignView>();
}

describe("when someone reads a campaign's history", () => {
  it("should list created, submitted and approved, oldest first, with the actors' names", async () => {
    const campaign = await created(users.communicator);
    expect((await as(users.communicator, "POST", `/api/v1/campaigns/${campaign.id}/submit`, {})).statusCode).toBe(200);
    api.clock.advance(60_000);
    const approved = await as(users.approver, "POST", `/api/v1/campaigns/${campaign.id}/approve`, { comment: "Ser bra ut" });
    expect(approved.statusCode, approved.body).toBe(200);

    // A viewer may not read the audit trail, but may read the history of a campaign they can see.
    expect((await api.as("viewer", "GET", "/api/v1/audit")).statusCode).toBe(403);
    const response = await api.as("viewer", "GET", `/api/v1/campaigns/${campaign.id}/history`);
    expect(response.statusCode, response.body).toBe(200);
    const history = response.json<CampaignHistory>();
    expect(history.truncated).toBe(false);
    expect(history.items.map((e) => e.action)).toEqual(["campaign.create", "campaign.submit", "campaign.approve"]);
    const [create, submit, approve] = history.items;
    expect(create).toMatchObject({ actorId: users.communicator.id, actorName: await nameOf(users.communicator) });
    expect(submit).toMatchObject({ actorId: users.communicator.id, actorName: await nameOf(users.communicator), details: { from: "draft", to: "awaiting_approval" } });
    expect(approve).toMatchObject({ actorId: users.approver.id, actorName: await nameOf(users.approver), details: { from: "awaiting_approval", to: "approved" } });
    expect(Date.parse(approve!.at)).toBeGreaterThan(Date.parse(create!.at));
  });

  it("should name the system for what no staff user did, and list reads of the deliveries", async () => {
    const campaign = await created(users.communicator);
    await db.auditLog.create({
      data: { at: api.clock.now(), actor: "system:launcher", actorId: null, action: "campaign.launch", entity: "campaign", entityId: String(campaign.id), details: { to: "sending" } },
    });
    expect((await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/deliveries`)).statusCode).toBe(200);
    const history = (await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/history`)).json<CampaignHistory>();
    expect(history.items.map((e) => [e.action, e.actorName])).toEqual([
      ["campaign.create", await nameOf(users.communicator)],
      ["campaign.launch", "system"],
      ["deliveries.list", await nameOf(users.communicator)],
    ]);
  });

  it("should let a steward read the history of their own campaign, and not another steward's", async () => {
    const steward = await api.addUser("steward");
    const other = await api.addUser("steward", { employers: ["974712717"], branches: [] });
    const campaign = await created(steward);
    expect((await as(steward, "GET", `/api/v1/campaigns/${campaign.id}/history`)).statusCode).toBe(200);
    const refused = await as(other, "GET", `/api/v1/campaigns/${campaign.id}/history`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain(definition.name);
    // Nor may they read the history of a communicator's campaign.
    const communicators = await created(users.communicator);
    expect((await as(other, "GET", `/api/v1/campaigns/${communicators.id}/history`)).statusCode).toBe(404);
  });

  it("should answer 404 for a campaign that does not exist, and 401 without credentials", async () => {
    expect((await api.as("admin", "GET", "/api/v1/campaigns/999999/history")).statusCode).toBe(404);
    expect((await api.as(null, "GET", "/api/v1/campaigns/1/history")).statusCode).toBe(401);
  });
});
