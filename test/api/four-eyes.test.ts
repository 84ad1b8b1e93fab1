// Four-eyes approval (issue 10's acceptance): which campaigns need approval, who may approve
// (never the author, never a system), what approval pins, how an edit voids it, and how a launch
// whose audience drifted stops in needs_reapproval with both numbers and sends nothing.
// Stewards: only their purposes, only their scope, only their own campaigns.
import { describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { inScope } from "../../src/auth/scope.ts";
import { launchCampaign } from "../../src/campaigns/launch.ts";
import { lifecycleDeps } from "../../src/campaigns/operations.ts";
import * as campaigns from "../../src/campaigns/service.ts";
import type { CampaignView } from "../../src/contracts/campaigns.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import type { Role } from "../../src/auth/actor.ts";
import { API_PUBLIC_URL, useTestApi, type ApiUser } from "../support/api.ts";
import { runCli } from "../support/cli.ts";

const THRESHOLD = 40;
const api = await useTestApi({ env: { APPROVAL_THRESHOLD: String(THRESHOLD), APPROVAL_DRIFT_SHARE: "0.1" } });
const { db, users } = api;
await importMembersFromText(db, [...generateMembersCsv(300, 23)].join(""));

const secondApprover = await api.addUser("approver");
// A steward whose scope reaches real members: the most common branch of the generated ones.
const [{ branch: stewardBranch }] = await db.$queryRawUnsafe<Array<{ branch: string }>>(
  `SELECT branch FROM member WHERE branch IS NOT NULL GROUP BY branch ORDER BY count(*) DESC, branch LIMIT 1`,
) as [{ branch: string }];
const steward = await api.addUser("steward", { employers: [], branches: [stewardBranch] });

const CONTENT = {
  email: {
    subject: "Til {{member.firstName}}",
    mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}.</mj-text></mj-column></mj-section></mj-body></mjml>`,
  },
  sms: { body: "Hei {{member.firstName}}" },
};

const definition = (overrides: Record<string, unknown> = {}) => ({
  name: "Informasjon",
  purpose: "information",
  audience: { rules: { field: "status", op: "eq", value: "active" } },
  channels: ["email", "sms"],
  content: CONTENT,
  ...overrides,
});

type Caller = Role | ApiUser;

/** Calls as a role's standard user, or as a particular user (by their token). */
function call(who: Caller, method: string, url: string, body?: unknown) {
  if (typeof who === "string") return api.as(who, method, url, body);
  return api.app.inject({
    method: method as "GET", url, headers: { authorization: `Bearer ${who.token}` }, ...(body === undefined ? {} : { payload: body as object }),
  });
}

async function create(who: Caller, overrides: Record<string, unknown> = {}): Promise<CampaignView> {
  const response = await call(who, "POST", "/api/v1/campaigns", definition(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<CampaignView>();
}

async function act(who: Caller, id: number, verb: string, body: unknown = {}) {
  return call(who, "POST", `/api/v1/campaigns/${id}/${verb}`, body);
}

async function approved(author: Caller, overrides: Record<string, unknown> = {}): Promise<CampaignView> {
  const campaign = await create(author, overrides);
  expect((await act(author, campaign.id, "submit")).statusCode).toBe(200);
  const response = await act(secondApprover, campaign.id, "approve", { comment: "ok" });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CampaignView>();
}

/** Moves `count` more active members into a branch of their own (never the steward's). */
async function putInBranch(branch: string, count: number): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE member SET branch = $1 WHERE id IN (
       SELECT id FROM member WHERE status = 'active' AND branch IS DISTINCT FROM $1 AND branch IS DISTINCT FROM $2 ORDER BY id LIMIT $3)`,
    branch, stewardBranch, count,
  );
}

const launchDeps = lifecycleDeps(api.deps, systemActor("worker"));

async function batchJobs(): Promise<number> {
  const counts = await Promise.all(Object.values(api.queues.delivery).map((q) => q.getJobCountByTypes("waiting", "delayed", "active", "prioritized")));
  return counts.reduce((a, b) => a + b, 0);
}

describe("when a campaign needs approval", () => {
  it("should refuse to schedule a bargaining campaign before approval, even a small one", async () => {
    const campaign = await create("communicator", { purpose: "bargaining", audience: { rules: { field: "status", op: "eq", value: "honorary" } } });
    const response = await act("communicator", campaign.id, "schedule");
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/bargaining campaigns always need approval.*must be submitted for approval/);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).state).toBe("draft");
  });

  it("should refuse to schedule a campaign above APPROVAL_THRESHOLD, and record the count and reasons at submission", async () => {
    const campaign = await create("communicator");
    const count = await db.member.count({ where: { status: "active" } });
    expect(count).toBeGreaterThan(THRESHOLD);
    const refused = await act("communicator", campaign.id, "schedule");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain(`${count} recipients is above the approval threshold of ${THRESHOLD}`);

    const submitted = await act("communicator", campaign.id, "submit");
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ state: "awaiting_approval", approval: { reasons: ["threshold"], submittedCount: count } });
    expect((await act("communicator", campaign.id, "schedule")).json().detail).toMatch(/is awaiting_approval; it must be approved before it is scheduled/);
  });

  it("should let a small communicator campaign be scheduled straight from draft", async () => {
    const campaign = await create("communicator", { purpose: "course", audience: { rules: { field: "status", op: "eq", value: "honorary" } } });
    const response = await act("communicator", campaign.id, "schedule", { at: "2026-12-03T09:00:00+01:00" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ state: "scheduled", approval: { approvedCount: null } });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.schedule", entityId: String(campaign.id) } });
    expect(audit.details).toMatchObject({ from: "draft", to: "scheduled", approvalNeeded: false });
  });

  it("should let the system operator schedule a bargaining campaign without approval", async () => {
    const campaign = await create("communicator", { purpose: "bargaining" });
    const scheduled = await campaigns.schedule(api.deps, systemActor("cli"), campaign.id);
    expect(scheduled.state).toBe("scheduled");
  });
});

describe("when someone approves a campaign", () => {
  it("should refuse the author, in the API", async () => {
    for (const role of ["approver", "admin"] as const) {
      const campaign = await create(role);
      expect((await act(role, campaign.id, "submit")).statusCode).toBe(200);
      const response = await act(role, campaign.id, "approve");
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toMatch(/cannot approve your own campaign/);
      expect((await act(role, campaign.id, "reject", { comment: "nei" })).statusCode).toBe(403);
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).state).toBe("awaiting_approval");
    }
  });

  it("should refuse whoever edited or submitted it last, and roles without campaigns.approve", async () => {
    const campaign = await create("communicator");
    expect((await call("admin", "PUT", `/api/v1/campaigns/${campaign.id}`, definition({ name: "Redigert av admin" }))).statusCode).toBe(200);
    expect((await act("communicator", campaign.id, "submit")).statusCode).toBe(200);
    expect((await act("admin", campaign.id, "approve")).json().detail).toMatch(/you edited or submitted it/);
    for (const role of ["communicator", "viewer", "steward"] as const) expect((await act(role, campaign.id, "approve")).statusCode).toBe(403);
  });

  it("should let a second approver approve, pinning the template, the rules and the count", async () => {
    const campaign = await create("communicator");
    await act("communicator", campaign.id, "submit");
    const response = await act(secondApprover, campaign.id, "approve", { comment: "Ser bra ut" });
    expect(response.statusCode).toBe(200);
    const count = await db.member.count({ where: { status: "active" } });
    expect(response.json()).toMatchObject({
      state: "approved", stateReason: `approved for ${count} recipients`,
      approval: { approvedBy: secondApprover.id, approvedCount: count, approvedTemplateVersionId: campaign.templateVersionId, approvedSegmentVersionId: null, reviewComment: "Ser bra ut" },
    });
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(row.approvedRules).toEqual(row.audienceRules);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.approve", entityId: String(campaign.id) } });
    expect(audit).toMatchObject({ actorId: secondApprover.id, details: { from: "awaiting_approval", to: "approved", count } });
    const scheduled = await act("communicator", campaign.id, "schedule", { at: "2026-12-04T09:00:00+01:00" });
    expect(scheduled.statusCode).toBe(200);
    expect(scheduled.json()).toMatchObject({ state: "scheduled", approval: { approvedCount: count } });
  });

  it("should refuse a system actor: four eyes need two people", async () => {
    const campaign = await create("communicator");
    await act("communicator", campaign.id, "submit");
    await expect(campaigns.approve(api.deps, systemActor("cli"), campaign.id)).rejects.toThrow(/four eyes need two people.*--as EMAIL/);
  });

  it("should send it back to draft on a rejection, which needs a comment", async () => {
    const campaign = await create("communicator");
    await act("communicator", campaign.id, "submit");
    const bare = await act("approver", campaign.id, "reject", {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().issues).toEqual([expect.objectContaining({ path: "body.comment" })]);
    const blank = await act("approver", campaign.id, "reject", { comment: "   " });
    expect(blank.statusCode).toBe(400);
    const rejected = await act("approver", campaign.id, "reject", { comment: "Feil frist i teksten" });
    expect(rejected.json()).toMatchObject({ state: "draft", approval: { reviewComment: "Feil frist i teksten", submittedCount: null, reasons: [] } });
  });
});

describe("when approval goes through the CLI", () => {
  const env = {
    NODE_ENV: "test", DATABASE_URL: api.url, REDIS_URL: api.config.REDIS_URL, QUEUE_PREFIX: api.config.QUEUE_PREFIX,
    SECRET_KEY: "api-test-secret-key-0123456789abcdef0123", PUBLIC_URL: API_PUBLIC_URL, MAIL_FROM: "NTL <post@ntl.example.no>",
    APPROVAL_THRESHOLD: String(THRESHOLD),
  };
  const cli = (...args: string[]) => runCli(args, env);

  it("should refuse self-approval with --as, and the system operator without it, and accept a second approver", async () => {
    const campaign = await create("approver");
    await act("approver", campaign.id, "submit");

    const own = await cli("--as", users.approver.email, "campaign", "approve", String(campaign.id), "--json");
    expect(own.code).toBe(1);
    expect(own.stdout).toBe("");
    expect(own.stderr).toMatch(/cannot approve your own campaign/);

    const system = await cli("campaign", "approve", String(campaign.id));
    expect(system.code).toBe(1);
    expect(system.stderr).toMatch(/run with --as EMAIL/i);

    const second = await cli("--as", secondApprover.email, "campaign", "approve", String(campaign.id), "--comment", "Godkjent", "--json");
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ id: campaign.id, state: "approved", approval: { approvedBy: secondApprover.id, reviewComment: "Godkjent" } });
  });

  it("should submit and reject with --json, and insist on a comment", async () => {
    const campaign = await create("communicator");
    const submitted = await cli("--as", users.communicator.email, "campaign", "submit", String(campaign.id), "--json");
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(JSON.parse(submitted.stdout)).toMatchObject({ state: "awaiting_approval" });
    const noComment = await cli("--as", users.approver.email, "campaign", "reject", String(campaign.id));
    expect(noComment.code).toBe(2);
    const rejected = await cli("--as", users.approver.email, "campaign", "reject", String(campaign.id), "--comment", "Mangler dato", "--json");
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ state: "draft", approval: { reviewComment: "Mangler dato" } });
  });
});

describe("when an approved campaign is edited", () => {
  it("should void the approval, back to draft, and audit it", async () => {
    const campaign = await approved("communicator");
    const edited = await call("communicator", "PUT", `/api/v1/campaigns/${campaign.id}`, definition({ name: "Informasjon, rettet" }));
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      state: "draft", name: "Informasjon, rettet", stateReason: expect.stringMatching(/the approval is void/),
      approval: { approvedBy: null, approvedAt: null, approvedCount: null, approvedTemplateVersionId: null, submittedCount: null, reasons: [] },
    });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).approvedRules).toBeNull();
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.update", entityId: String(campaign.id) } });
    expect(audit.details).toMatchObject({ from: "approved", to: "draft", approvalVoided: true });
    expect((await act("communicator", campaign.id, "schedule")).statusCode).toBe(409);
  });

  it("should unschedule a scheduled one and void its approval", async () => {
    const campaign = await approved("communicator");
    expect((await act("communicator", campaign.id, "schedule", { at: "2026-12-05T09:00:00+01:00" })).statusCode).toBe(200);
    const edited = await call("communicator", "PUT", `/api/v1/campaigns/${campaign.id}`, definition({ name: "Ny tekst" }));
    expect(edited.json()).toMatchObject({ state: "draft", approval: { approvedCount: null } });
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(await launchCampaign(launchDeps, campaign.id, row.scheduleVersion)).toMatchObject({ launched: false });
  });
});

describe("when the audience drifts between approval and launch", () => {
  it("should stop in needs_reapproval with both numbers and send nothing, then launch after approving again", async () => {
    await putInBranch("DRIFT", 60);
    const campaign = await approved("communicator", { audience: { rules: { field: "branch", op: "eq", value: "DRIFT" } } });
    expect(campaign.approval.approvedCount).toBe(60);
    const scheduled = (await act("communicator", campaign.id, "schedule")).json<CampaignView>();
    expect(scheduled.state).toBe("scheduled");

    // 15 of the 60 leave the branch: 45 is 25% below what the approver saw.
    await db.$executeRawUnsafe(`UPDATE member SET branch = NULL WHERE id IN (SELECT id FROM member WHERE branch = 'DRIFT' ORDER BY id LIMIT 15)`);
    const jobsBefore = await batchJobs();
    const result = await launchCampaign(launchDeps, campaign.id, scheduled.scheduleVersion);
    expect(result).toMatchObject({ launched: false, needsReapproval: { approvedCount: 60, snapshotCount: 45 } });

    const stopped = (await call("communicator", "GET", `/api/v1/campaigns/${campaign.id}`)).json<CampaignView>();
    expect(stopped).toMatchObject({ state: "needs_reapproval", approval: { approvedCount: 60, driftCount: 45 } });
    expect(stopped.stateReason).toMatch(/45 recipients, but 60 were approved/);
    expect(await db.delivery.count({ where: { campaignId: campaign.id } })).toBe(0);
    expect(await db.deliveryBatch.count({ where: { campaignId: campaign.id } })).toBe(0);
    expect(await batchJobs()).toBe(jobsBefore);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).snapshotId).toBeNull();
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.needs_reapproval", entityId: String(campaign.id) } });
    expect(audit).toMatchObject({ actor: "system:worker", details: { approvedCount: 60, snapshotCount: 45, check: "drift" } });

    // It cannot be scheduled as it is; a second person looks again and sees both numbers.
    expect((await act("communicator", campaign.id, "schedule")).json().detail).toMatch(/must be approved again/);
    const again = await act(secondApprover, campaign.id, "approve");
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ state: "approved", approval: { approvedCount: 45, driftCount: 45 } });
    expect(again.json().stateReason).toMatch(/approved again for 45 recipients \(the launch found 45; approved before: 60\)/);
    const rescheduled = (await act("communicator", campaign.id, "schedule")).json<CampaignView>();
    expect(await launchCampaign(launchDeps, campaign.id, rescheduled.scheduleVersion)).toMatchObject({ launched: true, recipients: 45 });
  });

  it("should stop a campaign a user scheduled without approval once it grew above the threshold", async () => {
    await putInBranch("GROW", 10);
    const campaign = await create("communicator", { purpose: "course", audience: { rules: { field: "branch", op: "eq", value: "GROW" } } });
    const scheduled = await act("communicator", campaign.id, "schedule");
    expect(scheduled.statusCode).toBe(200);
    await putInBranch("GROW", 50);
    const result = await launchCampaign(launchDeps, campaign.id, scheduled.json<CampaignView>().scheduleVersion);
    expect(result).toMatchObject({ launched: false, needsReapproval: { approvedCount: null, snapshotCount: 60 } });
    const stopped = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(stopped).toMatchObject({ state: "needs_reapproval", driftCount: 60 });
    expect(stopped.stateReason).toMatch(/60 recipients, above the approval threshold of 40/);
    expect(await db.delivery.count({ where: { campaignId: campaign.id } })).toBe(0);
  });
});

describe("when a steward sends to their workplace", () => {
  it("should refuse purposes other than information, course and survey", async () => {
    for (const purpose of ["bargaining", "campaign"]) {
      const response = await call(steward, "POST", "/api/v1/campaigns", definition({ purpose }));
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toMatch(/a steward may send only information, course, survey campaigns/);
    }
  });

  it("should need approval, count only the scope, and snapshot only members inside it", async () => {
    const campaign = await create(steward, { purpose: "survey" });
    expect(campaign).toMatchObject({ createdBy: steward.id, audienceScope: { employers: [], branches: [stewardBranch] } });
    const refused = await act(steward, campaign.id, "schedule");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/a steward's campaigns always need approval/);

    const inside = await db.member.count({ where: { status: "active", branch: stewardBranch } });
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(await db.member.count({ where: { status: "active" } }));
    const submitted = (await act(steward, campaign.id, "submit")).json<CampaignView>();
    expect(submitted.approval).toMatchObject({ submittedCount: inside, reasons: expect.arrayContaining(["steward"]) });
    expect((await act("approver", campaign.id, "approve")).statusCode).toBe(200);
    const scheduled = await act(steward, campaign.id, "schedule");
    expect(scheduled.statusCode).toBe(200);

    const result = await launchCampaign(launchDeps, campaign.id, scheduled.json<CampaignView>().scheduleVersion);
    expect(result).toMatchObject({ launched: true, recipients: inside });
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    const recipients = await db.snapshotRecipient.findMany({ where: { snapshotId: row.snapshotId! } });
    const members = await db.member.findMany({ where: { id: { in: recipients.map((r) => r.memberId) } }, include: { employments: true } });
    expect(members).toHaveLength(inside);
    const scope = { employers: [], branches: [stewardBranch] };
    expect(members.every((m) => inScope(scope, { branch: m.branch, employerOrgNumbers: m.employments.map((e) => e.employerOrgNumber) }))).toBe(true);

    const deliveries = (await call(steward, "GET", `/api/v1/campaigns/${campaign.id}/deliveries?limit=500`)).json<{ items: Array<{ memberNumber: string }> }>();
    expect(deliveries.items).toHaveLength(2 * inside);
    const numbers = new Set(members.map((m) => m.memberNumber));
    expect(deliveries.items.every((d) => numbers.has(d.memberNumber))).toBe(true);

    // The steward's scope is applied in the delivery queries themselves: a narrower scope
    // today narrows what they read of their own campaign, counts included.
    await db.staffUser.update({ where: { id: steward.id }, data: { scopeBranches: ["NOWHERE"] } });
    try {
      expect((await call(steward, "GET", `/api/v1/campaigns/${campaign.id}/deliveries`)).json()).toEqual({ items: [], nextCursor: null });
      const status = (await call(steward, "GET", `/api/v1/campaigns/${campaign.id}/status`)).json<{ channels: Record<string, { total: number }> }>();
      expect(status.channels.email!.total).toBe(0);
      const csv = await call(steward, "GET", `/api/v1/campaigns/${campaign.id}/deliveries?format=csv`);
      expect(csv.body.trim().split("\n")).toHaveLength(1);
    } finally {
      await db.staffUser.update({ where: { id: steward.id }, data: { scopeBranches: [stewardBranch] } });
    }
  });

  it("should list and read only the steward's own campaigns", async () => {
    const mine = await create(steward, { purpose: "course", name: "Tillitsvalgtkurs" });
    const theirs = await create("communicator", { purpose: "course" });
    const list = (await call(steward, "GET", "/api/v1/campaigns?limit=500")).json<{ items: CampaignView[] }>();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((c) => c.createdBy === steward.id)).toBe(true);
    expect(list.items.map((c) => c.id)).toContain(mine.id);
    for (const path of ["", "/status", "/deliveries", "/events"]) {
      expect((await call(steward, "GET", `/api/v1/campaigns/${theirs.id}${path}`)).statusCode).toBe(404);
    }
    expect((await act(steward, theirs.id, "cancel")).statusCode).toBe(404);
    expect((await call("steward", "GET", `/api/v1/campaigns/${mine.id}`)).statusCode).toBe(404);
  });
});

describe("when a viewer looks at campaigns", () => {
  it("should read them and their status, but neither change them nor see deliveries", async () => {
    const campaign = await create("communicator", { purpose: "course" });
    expect((await call("viewer", "GET", "/api/v1/campaigns")).statusCode).toBe(200);
    expect((await call("viewer", "GET", `/api/v1/campaigns/${campaign.id}`)).statusCode).toBe(200);
    expect((await call("viewer", "GET", `/api/v1/campaigns/${campaign.id}/status`)).statusCode).toBe(200);
    expect((await call("viewer", "GET", `/api/v1/campaigns/${campaign.id}/deliveries`)).statusCode).toBe(403);
    expect((await call("viewer", "POST", "/api/v1/campaigns", definition())).statusCode).toBe(403);
    expect((await call("viewer", "PUT", `/api/v1/campaigns/${campaign.id}`, definition())).statusCode).toBe(403);
    for (const verb of ["submit", "schedule", "pause", "resume", "cancel", "retry-failed", "approve"]) {
      expect({ verb, status: (await act("viewer", campaign.id, verb)).statusCode }).toEqual({ verb, status: 403 });
    }
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).state).toBe("draft");
  });
});
