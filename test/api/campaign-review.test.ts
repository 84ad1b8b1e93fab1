// GET /campaigns/:id/review, the dry run of a launch: recipients and skips per channel by the
// send-time consent decision, equal to what a real launch then sends and skips; inside a
// steward's scope; the approval rule and who may approve; the send time against the SMS quiet
// hours; writes nothing but its audit row. And GET /campaigns/approval-queue, the inbox.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { scheduleCampaign } from "../../src/campaigns/lifecycle.ts";
import { campaignStatus } from "../../src/campaigns/status.ts";
import { systemClock } from "../../src/clock.ts";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import type { ApprovalQueueItem, CampaignReview, CampaignView } from "../../src/contracts/campaigns.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { createPipeline } from "../../src/workers/pipeline.ts";
import { useTestApi, type ApiUser } from "../support/api.ts";
import { TEST_SETTINGS } from "../support/pipeline-harness.ts";
import { deleteQueueKeys } from "../support/queue-keys.ts";

const THRESHOLD = 50;
const api = await useTestApi({ env: { APPROVAL_THRESHOLD: String(THRESHOLD), OUTBOX_DIR: mkdtempSync(join(tmpdir(), "budstikke-review-")) } });
const { db, users } = api;
await importMembersFromText(db, [...generateMembersCsv(300, 31)].join(""));

const CONTENT = {
  email: {
    subject: "Kurs for {{member.firstName}}",
    mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}.</mj-text></mj-column></mj-section></mj-body></mjml>`,
  },
  sms: { body: "Hei {{member.firstName}}, kurs snart" },
};

// Active and resigned members: the resigned are in the audience and skipped at send time.
const RULES = { field: "status", op: "in", value: ["active", "resigned"] };
const definition = (overrides: Record<string, unknown> = {}) => ({
  name: "Kurs i arbeidsrett", purpose: "course", audience: { rules: RULES }, channels: ["email", "sms"], content: CONTENT, ...overrides,
});

function call(who: keyof typeof users | ApiUser, method: string, url: string, body?: unknown) {
  if (typeof who === "string") return api.as(who, method, url, body);
  return api.app.inject({ method: method as "GET", url, headers: { authorization: `Bearer ${who.token}` }, ...(body === undefined ? {} : { payload: body as object }) });
}

async function create(who: keyof typeof users | ApiUser, overrides: Record<string, unknown> = {}): Promise<CampaignView> {
  const response = await call(who, "POST", "/api/v1/campaigns", definition(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<CampaignView>();
}

async function review(who: keyof typeof users | ApiUser, id: number): Promise<CampaignReview> {
  const response = await call(who, "GET", `/api/v1/campaigns/${id}/review`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CampaignReview>();
}

// Facts the send-time decision must find: opt-outs of the purpose, a member without email, one
// whose mobile is marked invalid.
const active = await db.member.findMany({ where: { status: "active", email: { not: null }, mobile: { not: null } }, orderBy: { id: "asc" }, take: 5 });
const [optedOutA, optedOutB, noEmail, badMobile] = active as [typeof active[0], typeof active[0], typeof active[0], typeof active[0]];
for (const member of [optedOutA, optedOutB]) {
  await recordConsentEvent(db, { memberId: member.id, purpose: "course", channel: "all", action: "opt_out", source: "staff", actor: "staff:1", at: new Date("2026-11-01T10:00:00Z") });
}
await db.member.update({ where: { id: noEmail.id }, data: { email: null } });
await db.member.update({ where: { id: badMobile.id }, data: { mobileInvalidAt: new Date("2026-11-01T10:00:00Z") } });

describe("when staff review a campaign before it is sent", () => {
  it("should count recipients and skips per channel by the send-time decision, and write only its audit row", async () => {
    const campaign = await create("communicator");
    const before = { snapshots: await db.segmentSnapshot.count(), deliveries: await db.delivery.count() };
    const result = await review("communicator", campaign.id);

    const audience = await db.member.count({ where: { status: { in: ["active", "resigned"] } } });
    const resigned = await db.member.count({ where: { status: "resigned" } });
    expect(result).toMatchObject({ campaignId: campaign.id, evaluatedAt: "2026-12-01T10:00:00.000Z", audience, segmentVersionId: null, segment: null });
    for (const channel of ["email", "sms"] as const) {
      const counts = result.channels[channel]!;
      expect(counts.recipients + counts.skipped).toBe(audience);
      expect(Object.values(counts.skippedByReason).reduce((a, b) => a + b, 0)).toBe(counts.skipped);
      expect(counts.skippedByReason.opted_out_purpose).toBe(2);
      expect(counts.skippedByReason.resigned).toBe(resigned);
    }
    expect(result.channels.email!.skippedByReason.no_address).toBeGreaterThanOrEqual(1);
    expect(result.channels.sms!.skippedByReason.address_invalid).toBeGreaterThanOrEqual(1);
    expect(result.template).toMatchObject({ templateVersionId: campaign.templateVersionId, name: "Kurs i arbeidsrett", version: 1 });

    expect({ snapshots: await db.segmentSnapshot.count(), deliveries: await db.delivery.count() }).toEqual(before);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.review", entityId: String(campaign.id) } });
    expect(audit).toMatchObject({ actorId: users.communicator.id });
    expect(audit.details).toEqual({ audience, recipients: { email: result.channels.email!.recipients, sms: result.channels.sms!.recipients } });
  });

  it("should give the counts a real launch then sends and skips", async () => {
    const campaign = await create("communicator", { name: "Dry run mot ekte utsending" });
    const dryRun = await review("communicator", campaign.id);
    const queuePrefix = `{review-${Date.now().toString(36)}}`;
    const pipeline = createPipeline({ db, config: api.config, clock: systemClock, logger: api.logger }, TEST_SETTINGS, { queuePrefix });
    afterAll(async () => {
      await pipeline.close();
      await deleteQueueKeys(api.config.REDIS_URL, queuePrefix);
    });
    pipeline.startWorkers();
    await scheduleCampaign({ ...pipeline.lifecycle, actor: systemActor("test") }, campaign.id);
    let status = await campaignStatus(db, campaign.id, systemClock);
    for (const deadline = Date.now() + 60_000; status.state !== "completed" && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await campaignStatus(db, campaign.id, systemClock);
    }
    expect(status.state).toBe("completed");
    for (const channel of ["email", "sms"] as const) {
      const sent = status.channels[channel]!;
      expect({ total: sent.total, recipients: sent.sent + sent.delivered, skippedByReason: sent.skippedByReason }).toEqual({
        total: dryRun.audience, recipients: dryRun.channels[channel]!.recipients, skippedByReason: dryRun.channels[channel]!.skippedByReason,
      });
    }
  });

  it("should count only the steward's scope in a steward's campaign, for the steward and for others", async () => {
    const branch = noEmail.branch!;
    const steward = await api.addUser("steward", { employers: [], branches: [branch] });
    const campaign = await create(steward);
    const inScope = await db.member.count({ where: { status: { in: ["active", "resigned"] }, branch } });
    const total = await db.member.count({ where: { status: { in: ["active", "resigned"] } } });
    expect(inScope).toBeLessThan(total);
    const mine = await review(steward, campaign.id);
    expect(mine.audience).toBe(inScope);
    expect(mine.channels.email!.recipients + mine.channels.email!.skipped).toBe(inScope);
    const withoutEmail = await db.member.count({ where: { status: "active", branch, email: null } });
    expect(mine.channels.email!.skippedByReason.no_address).toBe(withoutEmail);
    expect(mine.approval).toMatchObject({ required: true, canApprove: false, refusal: "not_approver" });
    expect(mine.approval.reasons).toContain("steward");
    expect((await review("admin", campaign.id)).audience).toBe(inScope);
  });

  it("should let a viewer read it, and answer 404 for a campaign the caller may not see", async () => {
    const campaign = await create("communicator", { name: "Lesbar" });
    const viewer = await review("viewer", campaign.id);
    expect(viewer.approval).toMatchObject({ canApprove: false, refusal: "not_approver" });
    const steward = await api.addUser("steward");
    expect((await call(steward, "GET", `/api/v1/campaigns/${campaign.id}/review`)).statusCode).toBe(404);
    expect((await api.as("viewer", "GET", "/api/v1/campaigns/999999/review")).statusCode).toBe(404);
    expect((await api.as(null, "GET", `/api/v1/campaigns/${campaign.id}/review`)).statusCode).toBe(401);
  });

  it("should say the send time in Oslo time and whether it falls in the SMS quiet hours", async () => {
    const late = await review("communicator", (await create("communicator", { sendAt: "2026-12-02T22:30:00+01:00" })).id);
    expect(late.schedule).toEqual({ sendAt: "2026-12-02T21:30:00.000Z", sendAtOslo: "02.12.2026, 22:30", smsQuietHours: { start: "21:00", end: "08:00" }, sendAtInQuietHours: true });
    const morning = await review("communicator", (await create("communicator", { sendAt: "2026-12-02T09:00:00+01:00" })).id);
    expect(morning.schedule.sendAtInQuietHours).toBe(false);
    const now = await review("communicator", (await create("communicator")).id);
    expect(now.schedule).toMatchObject({ sendAt: null, sendAtOslo: null, sendAtInQuietHours: null });
  });
});

describe("when the review says who must approve", () => {
  it("should need approval above the threshold and none below it, as scheduling does", async () => {
    const big = await review("communicator", (await create("communicator")).id);
    expect(big.audience).toBeGreaterThan(THRESHOLD);
    expect(big.approval).toMatchObject({ required: true, reasons: ["threshold"], threshold: THRESHOLD, state: "draft" });
    expect(big.approval.description).toContain(`above the approval threshold of ${THRESHOLD}`);
    const small = await create("communicator", { audience: { rules: { field: "status", op: "eq", value: "honorary" } } });
    expect((await review("communicator", small.id)).approval).toMatchObject({ required: false, reasons: [] });
    expect((await api.as("communicator", "POST", `/api/v1/campaigns/${small.id}/schedule`, {})).statusCode).toBe(200);
  });

  it("should let a second person approve, never the author, the last editor or the submitter", async () => {
    const byAdmin = await create("admin");
    expect((await api.as("admin", "POST", `/api/v1/campaigns/${byAdmin.id}/submit`)).statusCode).toBe(200);
    expect((await review("admin", byAdmin.id)).approval).toMatchObject({ state: "awaiting_approval", canApprove: false, refusal: "own_campaign", submittedCount: expect.any(Number) });
    expect((await review("approver", byAdmin.id)).approval).toMatchObject({ canApprove: true, refusal: null });

    const editedByAdmin = await create("communicator", { name: "Rettet av administrator" });
    expect((await api.as("admin", "PUT", `/api/v1/campaigns/${editedByAdmin.id}`, definition({ name: "Rettet" }))).statusCode).toBe(200);
    expect((await api.as("communicator", "POST", `/api/v1/campaigns/${editedByAdmin.id}/submit`)).statusCode).toBe(200);
    expect((await review("admin", editedByAdmin.id)).approval).toMatchObject({ canApprove: false, refusal: "edited_or_submitted" });
    expect((await review("approver", editedByAdmin.id)).approval).toMatchObject({ canApprove: true });
    expect((await api.as("admin", "POST", `/api/v1/campaigns/${editedByAdmin.id}/approve`, {})).statusCode).toBe(403);

    const draft = await create("communicator", { name: "Utkast" });
    expect((await review("approver", draft.id)).approval).toMatchObject({ canApprove: false, refusal: "not_waiting" });

    const queue = await api.as("approver", "GET", "/api/v1/campaigns/approval-queue");
    expect(queue.statusCode).toBe(200);
    const items = queue.json<{ items: ApprovalQueueItem[] }>().items;
    expect(items.every((i) => ["awaiting_approval", "needs_reapproval"].includes(i.campaign.state))).toBe(true);
    expect(items.find((i) => i.campaign.id === byAdmin.id)).toMatchObject({ author: { id: users.admin.id, name: expect.any(String) }, canApprove: true, refusal: null });
    expect(items.find((i) => i.campaign.id === editedByAdmin.id)).toMatchObject({ author: { id: users.communicator.id }, canApprove: true });
    const adminQueue = (await api.as("admin", "GET", "/api/v1/campaigns/approval-queue")).json<{ items: ApprovalQueueItem[] }>().items;
    expect(adminQueue.find((i) => i.campaign.id === editedByAdmin.id)).toMatchObject({ canApprove: false, refusal: "edited_or_submitted" });
    expect(adminQueue.find((i) => i.campaign.id === byAdmin.id)).toMatchObject({ canApprove: false, refusal: "own_campaign" });
    expect(items.some((i) => i.campaign.id === draft.id)).toBe(false);
    expect((await api.as("communicator", "GET", "/api/v1/campaigns/approval-queue")).statusCode).toBe(403);
  });
});
