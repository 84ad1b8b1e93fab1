// The authorisation matrix, generated from the permission table: every role × every API route
// gets 2xx when the role has the route's permission, 403 when it has not, and every route
// answers 401 without credentials. Each call gets fresh objects owned by the calling user (and,
// for stewards, inside their scope), so a 2xx means the service accepted the role.
import { describe, expect, it } from "vitest";
import { ROLES, systemActor, type Role } from "../../src/auth/actor.ts";
import { createApiToken } from "../../src/auth/tokens.ts";
import { createUser } from "../../src/auth/users.ts";
import { can, PERMISSIONS } from "../../src/auth/permissions.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { createNewsletter } from "../../src/consent/newsletters.ts";
import { suppressAddress } from "../../src/consent/suppressions.ts";
import { writeFileAtomic } from "../../src/atomic-write.ts";
import { inLetterDir, printBatchFiles } from "../../src/letters/files.ts";
import { saveSegment } from "../../src/segments/store.ts";
import { saveTemplate } from "../../src/templates/store.ts";
import { STEWARD_SCOPE, useTestApi } from "../support/api.ts";

const api = await useTestApi();
const { db, clock, users, deps } = api;
const system = systemActor("matrix");

const CONTENT = {
  email: {
    subject: "Hei {{member.firstName}}",
    mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}.</mj-text></mj-column></mj-section></mj-body></mjml>",
  },
};
const RULES = { field: "status", op: "eq", value: "active" };
const CAMPAIGN = { name: "Kurs", purpose: "course", audience: { rules: RULES }, channels: ["email"], content: CONTENT };

let serial = 0;
/** A member inside the steward's scope (so a steward may see it too). */
async function member(): Promise<string> {
  const number = `M${900000 + ++serial}`;
  await db.member.create({
    data: { memberNumber: number, firstName: "Kari", lastName: `Nordmann${serial}`, status: "active", branch: STEWARD_SCOPE.branches[0], email: `kari${serial}@example.no` },
  });
  return number;
}

async function campaignOf(role: Role, state: string = "draft", createdBy = users[role].id) {
  const campaign = await createCampaign(db, CAMPAIGN, clock);
  await db.campaign.update({ where: { id: campaign.id }, data: { createdBy, state: state as "draft", ...(role === "steward" ? { audienceScope: STEWARD_SCOPE } : {}) } });
  return campaign.id;
}

async function template() {
  const saved = await saveTemplate(db, { name: "Kurs", purpose: "course", email: { nb: CONTENT.email } }, clock);
  return saved.templateId;
}

// ── newsletters ──
async function newsletterWithTemplate() {
  const saved = await saveTemplate(db, { name: "Nytt", purpose: "newsletter", email: { nb: CONTENT.email } }, clock);
  const newsletter = await createNewsletter(db, { slug: `nl-${++serial}`, name: "Nytt" });
  await db.newsletter.update({ where: { id: newsletter.id }, data: { templateId: saved.templateId } });
  return newsletter.id;
}
async function preparedIssue() {
  const newsletterId = await newsletterWithTemplate();
  const issue = await db.newsletterIssue.create({ data: { newsletterId, subject: "Emne", content: "Innhold" } });
  return `/api/v1/newsletters/${newsletterId}/issues/${issue.id}`;
}
// ── end newsletters ──

// ── letters ──
/** A print batch of one letter, with its three files in the API's LETTER_DIR. */
async function printBatch(): Promise<number> {
  const campaignId = await campaignOf("communicator", "completed");
  const number = ++serial;
  const files = printBatchFiles(campaignId, number);
  for (const f of Object.values(files)) await writeFileAtomic(inLetterDir(api.config.LETTER_DIR, f), "x");
  const batch = await db.printBatch.create({
    data: { campaignId, number, letters: 1, pages: 1, sheets: 1, pdfFile: files.pdf, manifestFile: files.manifest, zipFile: files.zip, createdAt: clock.now() },
  });
  return batch.id;
}
// ── end letters ──

interface Call {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request per route; the key is "METHOD /path" as registered. */
const CALLS: Record<string, (role: Role) => Promise<Call>> = {
  "GET /api/v1/members": async () => ({ url: "/api/v1/members?q=M9" }),
  "POST /api/v1/members/search": async () => ({ url: "/api/v1/members/search", body: { q: "M9" } }),
  "GET /api/v1/members/:number": async () => ({ url: `/api/v1/members/${await member()}` }),
  "GET /api/v1/members/:number/export": async () => ({ url: `/api/v1/members/${await member()}/export` }),
  "GET /api/v1/members/:number/history": async () => ({ url: `/api/v1/members/${await member()}/history` }),
  "POST /api/v1/members/:number/erase": async () => ({ url: `/api/v1/members/${await member()}/erase`, body: {} }),
  "POST /api/v1/members/import": async () => ({
    url: "/api/v1/members/import?dryRun=true",
    body: "member_number,first_name,last_name,status\nX1,Kari,Nordmann,active\n",
    headers: { "content-type": "text/csv" },
  }),
  "POST /api/v1/segments/preview": async () => ({ url: "/api/v1/segments/preview", body: { rules: RULES } }),
  "GET /api/v1/segments": async () => ({ url: "/api/v1/segments" }),
  "GET /api/v1/segments/fields": async () => ({ url: "/api/v1/segments/fields" }),
  "POST /api/v1/segments": async () => ({ url: "/api/v1/segments", body: { name: "Aktive", rules: RULES } }),
  "GET /api/v1/segments/:id": async () => ({ url: `/api/v1/segments/${(await saveSegment(db, { name: "S", rules: RULES })).segmentId}` }),
  "PUT /api/v1/segments/:id": async () => ({ url: `/api/v1/segments/${(await saveSegment(db, { name: "S", rules: RULES })).segmentId}`, body: { rules: RULES } }),
  "GET /api/v1/templates": async () => ({ url: "/api/v1/templates" }),
  "POST /api/v1/templates": async () => ({ url: "/api/v1/templates", body: { name: "Kurs", purpose: "course", email: { nb: CONTENT.email } } }),
  "GET /api/v1/templates/:id": async () => ({ url: `/api/v1/templates/${await template()}` }),
  "PUT /api/v1/templates/:id": async () => ({ url: `/api/v1/templates/${await template()}`, body: { name: "Kurs", purpose: "course", email: { nb: CONTENT.email } } }),
  "POST /api/v1/templates/:id/preview": async () => ({ url: `/api/v1/templates/${await template()}/preview`, body: { channel: "email", memberNumber: await member() } }),
  "POST /api/v1/templates/:id/test-send": async () => ({ url: `/api/v1/templates/${await template()}/test-send`, body: { channel: "email" } }),
  "POST /api/v1/campaigns": async () => ({ url: "/api/v1/campaigns", body: CAMPAIGN }),
  "GET /api/v1/campaigns": async () => ({ url: "/api/v1/campaigns" }),
  "GET /api/v1/campaigns/:id": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}` }),
  "PUT /api/v1/campaigns/:id": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}`, body: { ...CAMPAIGN, name: "Kurs (rettet)" } }),
  "POST /api/v1/campaigns/:id/submit": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/submit`, body: {} }),
  "POST /api/v1/campaigns/:id/approve": async () => ({ url: `/api/v1/campaigns/${await campaignOf("communicator", "awaiting_approval")}/approve`, body: {} }),
  "POST /api/v1/campaigns/:id/reject": async () => ({ url: `/api/v1/campaigns/${await campaignOf("communicator", "awaiting_approval")}/reject`, body: { comment: "Feil målgruppe" } }),
  "POST /api/v1/campaigns/:id/schedule": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role, role === "steward" ? "approved" : "draft")}/schedule`, body: { at: "2026-12-24T09:00:00+01:00" } }),
  "POST /api/v1/campaigns/:id/pause": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role, "sending")}/pause`, body: {} }),
  "POST /api/v1/campaigns/:id/resume": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role, "paused")}/resume`, body: {} }),
  "POST /api/v1/campaigns/:id/cancel": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/cancel`, body: {} }),
  "POST /api/v1/campaigns/:id/retry-failed": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role, "completed")}/retry-failed`, body: {} }),
  "GET /api/v1/campaigns/:id/status": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/status` }),
  "GET /api/v1/campaigns/:id/history": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/history` }),
  "GET /api/v1/campaigns/:id/review": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/review` }),
  "GET /api/v1/campaigns/approval-queue": async () => ({ url: "/api/v1/campaigns/approval-queue" }),
  "GET /api/v1/campaigns/:id/deliveries": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/deliveries` }),
  "GET /api/v1/campaigns/:id/events": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role, "completed")}/events` }),
  // ── merge data and uploaded audiences ──
  "PUT /api/v1/campaigns/:id/merge-data": async (role) => ({
    url: `/api/v1/campaigns/${await campaignOf(role)}/merge-data`, body: `member_number,ballot_url\n${await member()},https://stem.example.no/a\n`, headers: { "content-type": "text/csv" },
  }),
  "GET /api/v1/campaigns/:id/merge-data": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/merge-data` }),
  "PUT /api/v1/campaigns/:id/audience-list": async (role) => {
    const id = await campaignOf(role);
    await db.campaign.update({ where: { id }, data: { audienceList: true } });
    return { url: `/api/v1/campaigns/${id}/audience-list`, body: `member_number\n${await member()}\n`, headers: { "content-type": "text/csv" } };
  },
  "GET /api/v1/campaigns/:id/audience-list": async (role) => ({ url: `/api/v1/campaigns/${await campaignOf(role)}/audience-list` }),
  // ── end merge data ──
  "GET /api/v1/suppressions": async () => ({ url: "/api/v1/suppressions" }),
  "POST /api/v1/suppressions/search": async () => ({ url: "/api/v1/suppressions/search", body: { active: true } }),
  "POST /api/v1/suppressions": async () => ({ url: "/api/v1/suppressions", body: { channel: "email", address: `gone${++serial}@example.no`, reason: "manual" } }),
  "DELETE /api/v1/suppressions/:id": async () => {
    const address = `lift${++serial}@example.no`;
    await suppressAddress(db, { channel: "email", address, reason: "manual", at: clock.now(), pseudonyms: deps.pseudonyms });
    const row = await db.suppression.findFirstOrThrow({ where: { addressHash: deps.pseudonyms.address("email", address)! } });
    return { url: `/api/v1/suppressions/${row.id}?reason=${encodeURIComponent("ba om det selv")}` };
  },
  "GET /api/v1/newsletters": async () => ({ url: "/api/v1/newsletters" }),
  "POST /api/v1/newsletters": async () => ({ url: "/api/v1/newsletters", body: { slug: `nytt-${++serial}`, name: "Nytt" } }),
  "PUT /api/v1/newsletters/:id": async () => ({ url: `/api/v1/newsletters/${(await createNewsletter(db, { slug: `brev-${++serial}`, name: "Brev" })).id}`, body: { name: "Nytt navn" } }),
  // ── newsletters ──
  "GET /api/v1/newsletters/skipped-slots": async () => ({ url: "/api/v1/newsletters/skipped-slots" }),
  "GET /api/v1/newsletters/:id": async () => ({ url: `/api/v1/newsletters/${await newsletterWithTemplate()}` }),
  "GET /api/v1/newsletters/:id/issues": async () => ({ url: `/api/v1/newsletters/${await newsletterWithTemplate()}/issues` }),
  "POST /api/v1/newsletters/:id/issues": async () => ({ url: `/api/v1/newsletters/${await newsletterWithTemplate()}/issues`, body: { subject: "Emne", content: "Innhold" } }),
  "PUT /api/v1/newsletters/:id/issues/:issueId": async () => ({ url: await preparedIssue(), body: { subject: "Nytt emne", content: "Innhold" } }),
  "POST /api/v1/newsletters/:id/issues/:issueId/cancel": async () => ({ url: `${await preparedIssue()}/cancel`, body: {} }),
  "POST /api/v1/newsletters/:id/issues/:issueId/send": async () => ({ url: `${await preparedIssue()}/send`, body: {} }),
  "POST /api/v1/newsletters/:id/subscriptions": async () => ({ url: `/api/v1/newsletters/${await newsletterWithTemplate()}/subscriptions`, body: { memberNumber: await member() } }),
  // ── end newsletters ──
  "GET /api/v1/letters/batches": async () => ({ url: "/api/v1/letters/batches" }),
  "GET /api/v1/letters/batches/:id": async () => ({ url: `/api/v1/letters/batches/${await printBatch()}` }),
  "GET /api/v1/letters/batches/:id/download": async () => ({ url: `/api/v1/letters/batches/${await printBatch()}/download?file=manifest` }),
  "POST /api/v1/letters/batches/:id/handed-over": async () => ({ url: `/api/v1/letters/batches/${await printBatch()}/handed-over`, body: {} }),
  "POST /api/v1/letters/returned": async () => ({ url: "/api/v1/letters/returned", body: { memberNumbers: [await member()] } }),
  "GET /api/v1/users": async () => ({ url: "/api/v1/users" }),
  "POST /api/v1/users": async () => ({ url: "/api/v1/users", body: { email: `ny${++serial}@ntl.example.no`, name: "Ny", role: "viewer" } }),
  "GET /api/v1/users/:id": async () => ({ url: `/api/v1/users/${users.viewer.id}` }),
  "PATCH /api/v1/users/:id": async () => {
    const { user } = await createUser(deps, system, { email: `rolle${++serial}@ntl.example.no`, name: "R", role: "viewer" });
    return { url: `/api/v1/users/${user.id}`, body: { role: "communicator" } };
  },
  "GET /api/v1/tokens": async () => ({ url: "/api/v1/tokens" }),
  "POST /api/v1/tokens": async () => ({ url: "/api/v1/tokens", body: { userEmail: users.viewer.email, name: "skript" } }),
  "DELETE /api/v1/tokens/:id": async () => ({ url: `/api/v1/tokens/${(await createApiToken(deps, system, { userEmail: users.viewer.email })).apiToken.id}` }),
  "GET /api/v1/audit": async () => ({ url: "/api/v1/audit" }),
  // ── organisation ──
  "GET /api/v1/organisation": async () => ({ url: "/api/v1/organisation" }),
  "PUT /api/v1/organisation": async () => ({
    url: "/api/v1/organisation",
    body: { name: `Forbundet ${++serial}`, shortName: "Forbundet", brandColour: "#1f4e79", addressLines: [], contactEmail: null, contactPhone: null, orgNumber: null, privacyUrl: null },
  }),
  "PUT /api/v1/organisation/logo": async () => ({
    url: "/api/v1/organisation/logo", headers: { "content-type": "image/svg+xml" },
    body: `<svg xmlns="http://www.w3.org/2000/svg" width="${10 + ++serial}" height="10"><rect width="10" height="10"/></svg>`,
  }),
  "DELETE /api/v1/organisation/logo": async () => ({ url: "/api/v1/organisation/logo" }),
  // ── end organisation ──
};

// Routes every authenticated user may call (their own session and two-factor enrolment).
const ANY_USER = new Set(["POST /api/v1/auth/logout", "GET /api/v1/auth/me", "POST /api/v1/auth/totp/setup", "POST /api/v1/auth/totp/confirm"]);

const routes = api.app.apiRoutes.map((r) => ({ ...r, key: `${r.method} ${r.url}` }));

describe("when the API's routes are listed", () => {
  it("should give every route a permission, except the public and personal auth routes", () => {
    const unguarded = routes.filter((r) => r.action === null && !r.public && !ANY_USER.has(r.key)).map((r) => r.key);
    expect(unguarded).toEqual([]);
    expect(routes.filter((r) => r.public).map((r) => r.key).sort()).toEqual(["POST /api/v1/auth/login", "POST /api/v1/auth/setup"]);
  });

  it("should have a call in this matrix for every guarded route", () => {
    const missing = routes.filter((r) => r.action !== null && !CALLS[r.key]).map((r) => r.key);
    expect(missing).toEqual([]);
    expect(Object.keys(CALLS).filter((key) => !routes.some((r) => r.key === key))).toEqual([]);
  });
});

describe("when each role calls each route", () => {
  for (const [key, call] of Object.entries(CALLS)) {
    const [method, path] = key.split(" ") as [string, string];
    const action = routes.find((r) => r.key === key)?.action;
    it(`${key} (${action}) should answer 401 without credentials`, async () => {
      const { url, body, headers } = await call("admin");
      expect((await api.as(null, method, url, body, headers)).statusCode).toBe(401);
    });
    for (const role of ROLES) {
      const allowed = action ? can(users[role].actor, action) : false;
      it(`${key} as ${role} should answer ${allowed ? "2xx" : "403"}`, async () => {
        const { url, body, headers } = await call(role);
        const response = await api.as(role, method, url, body, headers);
        if (allowed) expect(response.statusCode, `${method} ${path}: ${response.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
        if (allowed) expect(response.statusCode, `${method} ${path}: ${response.body.slice(0, 300)}`).toBeLessThan(300);
        else expect(response.statusCode, response.body.slice(0, 300)).toBe(403);
      });
    }
  }
});

describe("when the permission table is read", () => {
  it("should give admins everything and viewers no member details", () => {
    expect(PERMISSIONS.admin.size).toBeGreaterThan(PERMISSIONS.approver.size);
    for (const action of ["members.read", "members.export", "deliveries.read", "segments.preview", "templates.preview"] as const) {
      expect(PERMISSIONS.viewer.has(action)).toBe(false);
    }
    expect([...PERMISSIONS.communicator].every((a) => PERMISSIONS.approver.has(a))).toBe(true);
  });
});
