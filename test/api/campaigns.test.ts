// Campaigns through the staff API: the lifecycle from draft to cancelled, delivery lists as
// JSON pages and as a streamed CSV, progress as Server-Sent Events, and problem documents
// with field paths for a campaign body that does not hold.
import Fastify from "fastify";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { launchCampaign } from "../../src/campaigns/launch.ts";
import { launchJobId } from "../../src/campaigns/lifecycle.ts";
import { lifecycleDeps } from "../../src/campaigns/operations.ts";
import * as campaigns from "../../src/campaigns/service.ts";
import type { CampaignView } from "../../src/contracts/campaigns.ts";
import { staffApi } from "../../src/http/api/plugin.ts";
import { campaignsRoutesWith } from "../../src/http/api/routes/campaigns.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { useTestApi } from "../support/api.ts";

// A high threshold: these tests are about the lifecycle, four-eyes has a file of its own.
const api = await useTestApi({ env: { APPROVAL_THRESHOLD: "100000" } });
const { db, users } = api;
await importMembersFromText(db, [...generateMembersCsv(150, 11)].join(""));

const CONTENT = {
  email: {
    subject: "Kurs for {{member.firstName}}",
    mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}, påmelding innen {{data.deadline}}.</mj-text></mj-column></mj-section></mj-body></mjml>`,
  },
  sms: { body: "Hei {{member.firstName}}, påmelding innen {{data.deadline}}" },
};

const definition = (overrides: Record<string, unknown> = {}) => ({
  name: "Kurs i arbeidsrett",
  purpose: "course",
  audience: { rules: { field: "status", op: "eq", value: "active" } },
  channels: ["email", "sms"],
  content: CONTENT,
  data: { deadline: "15. desember" },
  ...overrides,
});

const launchDeps = lifecycleDeps(api.deps, systemActor("test"));

async function created(overrides: Record<string, unknown> = {}, role: "communicator" | "admin" = "communicator"): Promise<CampaignView> {
  const response = await api.as(role, "POST", "/api/v1/campaigns", definition(overrides));
  expect(response.statusCode).toBe(201);
  return response.json<CampaignView>();
}

/** Scheduled through the API, then launched as the launcher would (no workers run here). */
async function sending(overrides: Record<string, unknown> = {}): Promise<CampaignView> {
  const campaign = await created(overrides);
  const scheduled = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/schedule`, {});
  expect(scheduled.statusCode).toBe(200);
  const result = await launchCampaign(launchDeps, campaign.id, scheduled.json<CampaignView>().scheduleVersion);
  expect(result).toMatchObject({ launched: true });
  return (await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}`)).json<CampaignView>();
}

describe("when a communicator runs a campaign through the API", () => {
  let campaign: CampaignView;

  it("should create a draft from the campaign JSON format, with its creator, and audit it", async () => {
    campaign = await created();
    expect(campaign).toMatchObject({
      name: "Kurs i arbeidsrett", purpose: "course", channels: ["email", "sms"], state: "draft", createdBy: users.communicator.id,
      audienceScope: null, segmentVersionId: null, approval: { reasons: [], approvedCount: null },
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.create", entityId: String(campaign.id) } });
    expect(audit).toMatchObject({ actor: `user:${users.communicator.id}`, actorId: users.communicator.id, requestId: expect.any(String) });
    const read = await api.as("viewer", "GET", `/api/v1/campaigns/${campaign.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(campaign);
  });

  it("should replace the definition with PUT while it is a draft", async () => {
    const response = await api.as("communicator", "PUT", `/api/v1/campaigns/${campaign.id}`, definition({ name: "Kurs i arbeidsrett 2027" }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: campaign.id, name: "Kurs i arbeidsrett 2027", state: "draft" });
    expect(await db.auditLog.count({ where: { action: "campaign.update", entityId: String(campaign.id) } })).toBe(1);
  });

  it("should schedule it at a time with an offset and add its delayed launch", async () => {
    const response = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/schedule`, { at: "2026-12-02T09:00:00+01:00" });
    expect(response.statusCode).toBe(200);
    campaign = response.json<CampaignView>();
    expect(campaign).toMatchObject({ state: "scheduled", sendAt: "2026-12-02T08:00:00.000Z", scheduleVersion: 1 });
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(await api.queues.launch.getJob(launchJobId(row, 1))).toBeDefined();
  });

  it("should refuse a send time in the past with the field's path", async () => {
    const response = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/schedule`, { at: "2026-11-01T09:00:00+01:00" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ kind: "invalid", issues: [{ path: "body.at" }] });
  });

  it("should pause, resume and cancel it once launched, with the status counts on the way", async () => {
    await launchCampaign(launchDeps, campaign.id, campaign.scheduleVersion);
    const status = await api.as("viewer", "GET", `/api/v1/campaigns/${campaign.id}/status`);
    expect(status.statusCode).toBe(200);
    const active = await db.member.count({ where: { status: "active" } });
    expect(status.json()).toMatchObject({ id: campaign.id, state: "sending", channels: { email: { total: active }, sms: { total: active } } });

    const paused = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/pause`, { reason: "wrong date in the text" });
    expect(paused.json()).toMatchObject({ state: "paused", stateReason: "wrong date in the text" });
    const resumed = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/resume`);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ state: "sending", stateReason: null });

    const cancelled = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ campaign: { state: "cancelled" }, cancelledDeliveries: 2 * active });
    const retry = await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/retry-failed`, { resume: true });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().detail).toMatch(/is cancelled; only a launched campaign/);
    const actions = await db.auditLog.findMany({ where: { entityId: String(campaign.id), actorId: users.communicator.id }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["campaign.create", "campaign.update", "campaign.schedule", "campaign.pause", "campaign.resume", "campaign.cancel"]);
    expect(actions.find((a) => a.action === "campaign.pause")?.details).toMatchObject({ from: "sending", to: "paused" });
  });

  it("should list campaigns newest first, by state, a page at a time", async () => {
    const drafts = [await created({ name: "A" }), await created({ name: "B" }), await created({ name: "C" })];
    const first = await api.as("viewer", "GET", "/api/v1/campaigns?state=draft&limit=2");
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ items: CampaignView[]; nextCursor: string | null }>();
    expect(page1.items.map((c) => c.name)).toEqual(["C", "B"]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await api.as("viewer", "GET", `/api/v1/campaigns?state=draft&limit=2&cursor=${page1.nextCursor}`)).json<{ items: CampaignView[] }>();
    expect(page2.items.map((c) => c.id)).toContain(drafts[0]!.id);
    expect(page2.items.every((c) => c.state === "draft")).toBe(true);
    const cancelled = (await api.as("viewer", "GET", "/api/v1/campaigns?state=cancelled")).json<{ items: CampaignView[] }>();
    expect(cancelled.items.map((c) => c.id)).toEqual([campaign.id]);
  });
});

describe("when staff read a campaign's deliveries", () => {
  let campaign: CampaignView;
  let total: number;
  beforeAll(async () => {
    campaign = await sending({ name: "Leveranser" });
    total = await db.delivery.count({ where: { campaignId: campaign.id } });
  });

  it("should page through every delivery with member numbers, and audit each read", async () => {
    const seen: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/deliveries?limit=40${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.statusCode).toBe(200);
      const page = response.json<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>();
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((d) => `${d.memberNumber}/${d.channel}`)).size).toBe(total);
    expect(Object.keys(seen[0]!).sort()).toEqual(["attempts", "channel", "deliveredAt", "failedAt", "memberNumber", "providerId", "reason", "sentAt", "status"]);
    const reads = await db.auditLog.findMany({ where: { action: "deliveries.list", entityId: String(campaign.id), actorId: users.communicator.id } });
    expect(reads).toHaveLength(pages);
    expect(JSON.stringify(reads.map((r) => r.details))).not.toMatch(/\d{6,}/);
  });

  it("should filter by channel and status", async () => {
    const response = await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/deliveries?channel=sms&status=pending&limit=500`);
    const items = response.json<{ items: Array<{ channel: string; status: string }> }>().items;
    expect(items).toHaveLength(await db.delivery.count({ where: { campaignId: campaign.id, channel: "sms", status: "pending" } }));
    expect(items.every((d) => d.channel === "sms" && d.status === "pending")).toBe(true);
    const none = await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/deliveries?reason=hard_bounce`);
    expect(none.json()).toEqual({ items: [], nextCursor: null });
  });

  it("should stream every row as CSV with format=csv", async () => {
    const response = await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/deliveries?format=csv&channel=email`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    expect(response.headers["content-disposition"]).toMatch(/attachment; filename="campaign-\d+-deliveries\.csv"/);
    const rows = parse(response.body, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(await db.delivery.count({ where: { campaignId: campaign.id, channel: "email" } }));
    expect(Object.keys(rows[0]!)).toEqual(["member_number", "channel", "status", "reason", "attempts", "provider_id", "sent_at", "delivered_at", "failed_at"]);
    expect(rows.every((r) => r.channel === "email" && /^\d+$/.test(r.member_number!))).toBe(true);
    expect(await db.auditLog.count({ where: { action: "deliveries.export", entityId: String(campaign.id) } })).toBe(1);
  });

  it("should refuse a viewer (no member details) and a cursor it did not give", async () => {
    expect((await api.as("viewer", "GET", `/api/v1/campaigns/${campaign.id}/deliveries`)).statusCode).toBe(403);
    expect((await api.as("viewer", "GET", `/api/v1/campaigns/${campaign.id}/deliveries?format=csv`)).statusCode).toBe(403);
    const bad = await api.as("communicator", "GET", `/api/v1/campaigns/${campaign.id}/deliveries?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([{ path: "cursor", message: "is not a valid cursor" }]);
  });
});

describe("when staff follow a campaign's progress as Server-Sent Events", () => {
  // A server of its own with a short interval, listening, so the stream is read as it comes.
  const server = Fastify();
  let base: string;
  beforeAll(async () => {
    await server.register(staffApi(api.deps, [campaignsRoutesWith({ eventIntervalMs: 25 })]));
    base = await server.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => server.close());

  interface Frame { event: string; data: { state: string; channels: Record<string, { total: number }> } }

  /** Reads frames until `until` holds for one, or the stream ends, within a deadline. */
  async function readFrames(reader: ReadableStreamDefaultReader<Uint8Array>, frames: Frame[], until: (f: Frame) => boolean): Promise<boolean> {
    const decoder = new TextDecoder();
    let buffer = "";
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) return false;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        const frame = { event, data: JSON.parse(data) as Frame["data"] };
        frames.push(frame);
        if (until(frame)) return true;
      }
    }
    throw new Error(`no matching event before the deadline; got ${JSON.stringify(frames.map((f) => f.event))}`);
  }

  it("should send the status while it sends, a final event when it is cancelled, then close", async () => {
    const campaign = await sending({ name: "Følg med" });
    const response = await fetch(`${base}/api/v1/campaigns/${campaign.id}/events`, {
      headers: { authorization: `Bearer ${users.viewer.token}` }, signal: AbortSignal.timeout(30_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const frames: Frame[] = [];
    let statusEvents = 0;
    await readFrames(reader, frames, (f) => f.event === "status" && ++statusEvents === 2);
    expect(frames.every((f) => f.event === "status" && f.data.state === "sending")).toBe(true);
    expect(frames[0]!.data.channels.email!.total).toBeGreaterThan(0);

    expect((await api.as("communicator", "POST", `/api/v1/campaigns/${campaign.id}/cancel`)).statusCode).toBe(200);
    expect(await readFrames(reader, frames, (f) => f.event === "end")).toBe(true);
    expect(frames.at(-1)!.data.state).toBe("cancelled");
    expect((await reader.read()).done).toBe(true);
  });

  it("should end at once for a campaign that is not running", async () => {
    const draft = await created({ name: "Ikke startet" });
    const response = await api.as("viewer", "GET", `/api/v1/campaigns/${draft.id}/events`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^event: end\ndata: \{.*"state":"draft".*\}\n\n$/);
  });

  it("should stop the stream when the reader goes away", async () => {
    const campaign = await sending({ name: "Lukkes" });
    const stop = new AbortController();
    // A long interval: the stream would wait a minute, unless the abort ends the wait at once.
    const stream = await campaigns.events(api.deps, users.viewer.actor, campaign.id, { intervalMs: 60_000, signal: stop.signal });
    expect((await stream.next()).value).toMatchObject({ event: "status", status: { state: "sending" } });
    const next = stream.next();
    stop.abort();
    const started = Date.now();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("should end open streams when the server closes, so shutdown does not wait for the campaign", async () => {
    const campaign = await sending({ name: "Avslutning" });
    const closing = Fastify();
    await closing.register(staffApi(api.deps, [campaignsRoutesWith({ eventIntervalMs: 25 })]));
    const url = await closing.listen({ port: 0, host: "127.0.0.1" });
    const response = await fetch(`${url}/api/v1/campaigns/${campaign.id}/events`, {
      headers: { authorization: `Bearer ${users.viewer.token}` }, signal: AbortSignal.timeout(30_000),
    });
    const reader = response.body!.getReader();
    const frames: Frame[] = [];
    await readFrames(reader, frames, (f) => f.event === "status");
    await closing.close();
    expect(await readFrames(reader, frames, () => false)).toBe(false);
  });

  it("should refuse an unauthenticated reader with a problem, not a stream", async () => {
    const response = await fetch(`${base}/api/v1/campaigns/1/events`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});

describe("when the campaign body does not hold", () => {
  it("should answer 400 problem+json naming each field", async () => {
    const response = await api.as("communicator", "POST", "/api/v1/campaigns", { name: "", purpose: "spam", audience: { rules: {} }, channels: [], content: CONTENT });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const problem = response.json<{ kind: string; issues: Array<{ path: string; message: string }> }>();
    expect(problem.kind).toBe("invalid");
    const paths = problem.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.purpose", "body.channels"]));
  });

  it("should name the path inside the audience rules and an unknown segment", async () => {
    const rule = await api.as("communicator", "POST", "/api/v1/campaigns", definition({ audience: { rules: { all: [{ field: "shoeSize", op: "eq", value: 44 }] } } }));
    expect(rule.statusCode).toBe(400);
    expect(rule.json().issues[0].path).toMatch(/^body\.audience\.rules\.all\[0\]/);
    expect(rule.json().issues[0].message).toMatch(/shoeSize/);
    const segment = await api.as("communicator", "POST", "/api/v1/campaigns", definition({ audience: { segmentId: 999 } }));
    expect(segment.statusCode).toBe(400);
    expect(segment.json().issues).toEqual([{ path: "body.audience.segmentId", message: "no segment 999" }]);
  });

  it("should answer 404 for an unknown campaign and 409 for a state change that does not fit", async () => {
    const missing = await api.as("communicator", "POST", "/api/v1/campaigns/987654/schedule", {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ kind: "not_found", detail: "no campaign with id 987654" });
    const draft = await created({ name: "Ikke sendt" });
    const pause = await api.as("communicator", "POST", `/api/v1/campaigns/${draft.id}/pause`, {});
    expect(pause.statusCode).toBe(409);
    expect(pause.json().detail).toBe(`campaign ${draft.id} is draft; pause needs it to be sending`);
  });

  it("should refuse changes to someone else's campaign without campaigns.write_any", async () => {
    const theirs = await created({ name: "Administrators" }, "admin");
    const response = await api.as("communicator", "POST", `/api/v1/campaigns/${theirs.id}/cancel`);
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toMatch(/created by someone else/);
    expect((await api.as("admin", "POST", `/api/v1/campaigns/${theirs.id}/cancel`)).statusCode).toBe(200);
  });
});
