// The members API: search, view, export, erase and the streamed CSV import. Who may do what
// (viewers see no member details, stewards only their scope), what the audit trail records
// (ids and counts, never personal data), problem documents with field paths, and paging.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { suppressAddress } from "../../src/consent/suppressions.ts";
import { MEMBER_COLUMNS, type MemberCsvRow } from "../../src/members/csv-format.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { ImportSourceError, ImportTooLargeError, importMembersFromText } from "../../src/members/import.ts";
import { importMemberCsv } from "../../src/members/service.ts";
import { useTestApi } from "../support/api.ts";

const api = await useTestApi();
const { db } = api;

/** The steward's scope (STEWARD_SCOPE) is employer 974760673 and branch oslo-1. */
const PEOPLE: Array<Partial<MemberCsvRow> & { member_number: string }> = [
  { member_number: "S100001", first_name: "Kari", last_name: "Nordmann", branch: "oslo-1", email: "kari.nordmann@example.no", mobile: "+4791234567" },
  { member_number: "S100002", first_name: "Per", last_name: "Hansen", branch: "B11", employer_org_number: "974760673", employer_name: "Skatteetaten", email: "per.hansen@example.com" },
  { member_number: "S100003", first_name: "Åse", last_name: "Ødegård", branch: "C03", employer_org_number: "983971636", employer_name: "Helse Bergen HF" },
  { member_number: "S100004", first_name: "Ola", last_name: "Utenfor", branch: "B46", employer_org_number: "983971636", employer_name: "Helse Bergen HF", email: "ola.utenfor@example.no" },
  { member_number: "S100005", first_name: "Eva", last_name: "Slettes", branch: "oslo-1", email: "eva.slettes@example.no" },
];
const IN_SCOPE = ["S100001", "S100002", "S100003", "S100005"];

function csv(rows: Array<Partial<MemberCsvRow> & { member_number: string }>): string {
  const defaults: Partial<MemberCsvRow> = {
    status: "active", municipality_number: "0301", postcode: "0150", city: "OSLO", address_line: "Storgata 1", language: "nb", birth_date: "1980-05-05",
  };
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [MEMBER_COLUMNS.join(","), ...rows.map((r) => MEMBER_COLUMNS.map((c) => quote({ ...defaults, ...r }[c] ?? "")).join(","))].join("\n") + "\n";
}

const report = await importMembersFromText(db, csv(PEOPLE) + [...generateMembersCsv(30, 5)].slice(1).join(""));
if (report.rejected.length > 0) throw new Error(`fixture rows rejected: ${JSON.stringify(report.rejected)}`);
const idOf = async (number: string) => (await db.member.findUniqueOrThrow({ where: { memberNumber: number } })).id;
// Åse works mainly elsewhere but has a second job at the steward's employer: she is in scope.
await db.employment.create({ data: { memberId: await idOf("S100003"), isPrimary: false, employerOrgNumber: "974760673", employerName: "Skatteetaten", sector: "state" } });

const numbersOf = (body: { items: Array<{ memberNumber: string }> }) => body.items.map((m) => m.memberNumber);
const search = (role: Parameters<typeof api.as>[0], query: string) => api.as(role, "GET", `/api/v1/members${query}`);

/** Every personal value of the fixture members, to be looked for where none may appear. */
const PERSONAL = PEOPLE.flatMap((p) => [p.first_name, p.last_name, p.email, p.mobile, p.member_number].filter((v): v is string => Boolean(v)));

describe("when staff search members", () => {
  it("should find by name, member number, email, employer (name or number) and municipality (name or number)", async () => {
    const cases: Array<[string, string[]]> = [
      ["hansen", ["S100002"]],
      ["ødegå", ["S100003"]],
      ["Kari Nord", ["S100001"]],
      ["S10000", ["S100001", "S100002", "S100003", "S100004", "S100005"]],
      ["per.hansen@example", ["S100002"]],
      ["skatteetaten hansen", ["S100002"]],
      ["974 760 673", ["S100002", "S100003"]],
      ["helse utenfor", ["S100004"]],
    ];
    for (const [q, expected] of cases) {
      const response = await search("communicator", `?q=${encodeURIComponent(q)}`);
      expect({ q, status: response.statusCode }).toEqual({ q, status: 200 });
      expect({ q, found: numbersOf(response.json()).filter((n) => n.startsWith("S1")) }).toEqual({ q, found: expected });
    }
    // "oslo" also finds members employed by Oslo universitetssykehus who live elsewhere.
    const oslo = (await search("admin", "?q=oslo&limit=500")).json();
    const byNumber = (await search("admin", "?q=0301&limit=500")).json();
    const living = await db.member.findMany({ where: { municipalityNumber: "0301" }, orderBy: { memberNumber: "asc" } });
    expect(numbersOf(byNumber)).toEqual(living.map((m) => m.memberNumber));
    expect(numbersOf(oslo)).toEqual(expect.arrayContaining(numbersOf(byNumber)));
  });

  it("should search the same way with the words in a POST body, so an address need not go in a URL", async () => {
    const response = await api.as("communicator", "POST", "/api/v1/members/search", { q: "per.hansen@example", limit: 10 });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((m: { memberNumber: string }) => m.memberNumber)).toEqual(["S100002"]);
    const bad = await api.as("communicator", "POST", "/api/v1/members/search", { limit: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe("body.limit");
  });

  it("should return summaries with the municipality, the primary employer and whether each contact point is usable", async () => {
    const { items } = (await search("admin", "?q=S100002")).json();
    expect(items).toEqual([
      {
        memberNumber: "S100002", firstName: "Per", lastName: "Hansen", status: "active", branch: "B11", municipality: "Oslo", employer: "Skatteetaten",
        contact: { email: "valid", mobile: "missing", address: "valid" },
      },
    ]);
  });

  it("should page through every member with cursors, in member-number order, without repeats", async () => {
    const seen: string[] = [];
    let url = "?limit=7";
    for (let pages = 0; pages < 20; pages++) {
      const body = (await search("admin", url)).json();
      seen.push(...numbersOf(body));
      if (body.nextCursor === null) break;
      url = `?limit=7&cursor=${body.nextCursor}`;
    }
    const all = await db.member.findMany({ select: { memberNumber: true } });
    expect(seen).toEqual(all.map((m) => m.memberNumber).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
  });

  it("should show a steward only the members in their scope, with or without a query", async () => {
    expect(numbersOf((await search("steward", "")).json()).sort()).toEqual(IN_SCOPE);
    expect(numbersOf((await search("steward", "?q=S1000")).json()).sort()).toEqual(IN_SCOPE);
    expect(numbersOf((await search("steward", "?q=utenfor")).json())).toEqual([]);
    expect(numbersOf((await search("steward", "?q=helse")).json())).toEqual(["S100003"]);
  });

  it("should refuse viewers (403) and anonymous callers (401)", async () => {
    expect((await search("viewer", "?q=hansen")).statusCode).toBe(403);
    expect((await search(null, "?q=hansen")).statusCode).toBe(401);
  });

  it("should answer bad paging input with a problem naming the field", async () => {
    const badLimit = await search("admin", "?limit=0");
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(badLimit.json().issues).toEqual([expect.objectContaining({ path: "querystring.limit" })]);
    const badCursor = await search("admin", "?cursor=not-a-cursor");
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().issues).toEqual([expect.objectContaining({ path: "cursor" })]);
    const tooManyWords = await search("admin", `?q=${encodeURIComponent("a b c d e f g h i")}`);
    expect(tooManyWords.statusCode).toBe(400);
    expect(tooManyWords.json().issues).toEqual([expect.objectContaining({ path: "q" })]);
  });

  it("should audit each search once with the ids it returned and no query text or personal data", async () => {
    const before = await db.auditLog.count({ where: { action: "members.search" } });
    const body = (await search("steward", "?q=hansen")).json();
    const rows = await db.auditLog.findMany({ where: { action: "members.search" }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1)!;
    expect(row).toMatchObject({ actorId: api.users.steward.id, entity: "member" });
    expect(row.details).toEqual({
      query: { kind: "text", length: 6, words: 1 }, cursor: false, count: body.items.length, memberIds: [await idOf("S100002")],
    });
  });
});

describe("when staff open one member", () => {
  const at = new Date("2026-11-20T08:00:00Z");

  it("should show contact points with validity, employments, consent history and state, active suppressions and every delivery", async () => {
    const id = await idOf("S100001");
    await db.member.update({ where: { id }, data: { mobileInvalidAt: at } });
    await recordConsentEvent(db, { memberId: id, purpose: "campaign", channel: "sms", action: "opt_out", source: "sms_stop", actor: "member", at });
    await suppressAddress(db, { channel: "email", address: "kari.nordmann@example.no", reason: "hard_bounce", at, pseudonyms: api.deps.pseudonyms });
    const campaign = await db.campaign.create({ data: { name: "Tariffoppgjøret", purpose: "information", channels: ["email"], templateVersionId: 1, definition: {} } });
    await db.delivery.create({ data: { campaignId: campaign.id, memberId: id, channel: "email", status: "failed", reason: "hard_bounce", attempts: 1, failedAt: at } });

    const response = await api.as("communicator", "GET", "/api/v1/members/S100001");
    expect(response.statusCode).toBe(200);
    const member = response.json();
    expect(member).toMatchObject({
      memberNumber: "S100001", firstName: "Kari", lastName: "Nordmann", birthDate: "1980-05-05", branch: "oslo-1",
      municipality: { number: "0301", name: "Oslo" }, county: { number: "03", name: "Oslo" },
      contact: {
        email: { address: "kari.nordmann@example.no", state: "valid", invalidAt: null },
        mobile: { number: "+4791234567", state: "invalid", invalidAt: at.toISOString() },
        address: { line: "Storgata 1", postcode: "0150", city: "OSLO", country: "NO", state: "valid", invalidAt: null },
      },
      employments: [],
      consent: {
        history: [{ purpose: "campaign", channel: "sms", action: "opt_out", source: "sms_stop", at: at.toISOString() }],
        current: [{ purpose: "campaign", channel: "sms", newsletterId: null, action: "opt_out", at: at.toISOString() }],
      },
      suppressions: [{ channel: "email", reason: "hard_bounce", at: at.toISOString() }],
      deliveries: [{ campaignId: campaign.id, campaignName: "Tariffoppgjøret", channel: "email", status: "failed", reason: "hard_bounce", failedAt: at.toISOString(), sentAt: null }],
    });
    const audit = await db.auditLog.findFirst({ where: { action: "members.view", entityId: String(id) } });
    expect(audit).toMatchObject({ actorId: api.users.communicator.id, entity: "member" });
  });

  it("should list the primary employment first", async () => {
    const { employments } = (await api.as("admin", "GET", "/api/v1/members/S100003")).json();
    expect(employments.map((e: { employerOrgNumber: string; isPrimary: boolean }) => [e.employerOrgNumber, e.isPrimary])).toEqual([["983971636", true], ["974760673", false]]);
  });

  it("should answer a steward about a member outside the scope exactly as about a number nobody has", async () => {
    const outside = await api.as("steward", "GET", "/api/v1/members/S100004");
    const nobody = await api.as("steward", "GET", "/api/v1/members/NOBODY");
    expect(outside.statusCode).toBe(404);
    const strip = (r: typeof outside) => ({ ...r.json(), instance: undefined, requestId: undefined });
    expect(strip(outside)).toEqual(strip(nobody));
    expect((await api.as("steward", "GET", "/api/v1/members/S100003")).statusCode).toBe(200);
    expect(await db.auditLog.count({ where: { action: "members.view", entityId: String(await idOf("S100004")) } })).toBe(0);
  });

  it("should refuse viewers", async () => {
    expect((await api.as("viewer", "GET", "/api/v1/members/S100001")).statusCode).toBe(403);
  });
});

describe("when an admin exports and erases a member (GDPR arts. 15 and 17)", () => {
  it("should export everything held, audited, and only to roles that may export", async () => {
    const response = await api.as("admin", "GET", "/api/v1/members/S100002/export");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      exportedAt: api.clock.now().toISOString(),
      member: { memberNumber: "S100002", firstName: "Per", email: "per.hansen@example.com", birthDate: "1980-05-05" },
      employments: [{ employerOrgNumber: "974760673", employerName: "Skatteetaten", isPrimary: true }],
      consent: { history: [], current: [], carriedOver: [] },
    });
    expect(await db.auditLog.count({ where: { action: "members.export", entityId: String(await idOf("S100002")), actorId: api.users.admin.id } })).toBe(1);
    for (const role of ["communicator", "approver", "viewer", "steward"] as const) {
      expect({ role, status: (await api.as(role, "GET", "/api/v1/members/S100002/export")).statusCode }).toEqual({ role, status: 403 });
    }
    expect((await api.as("admin", "GET", "/api/v1/members/NOBODY/export")).statusCode).toBe(404);
  });

  it("should erase only as admin, then treat the member as unknown everywhere", async () => {
    const id = await idOf("S100005");
    for (const role of ["communicator", "approver", "viewer", "steward"] as const) {
      expect({ role, status: (await api.as(role, "POST", "/api/v1/members/S100005/erase")).statusCode }).toEqual({ role, status: 403 });
    }
    const erased = await api.as("admin", "POST", "/api/v1/members/S100005/erase");
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toEqual({ erased: true, restrictionsKept: 0 });
    expect(await db.auditLog.count({ where: { action: "members.erase", entityId: String(id) } })).toBe(1);
    expect((await api.as("admin", "GET", "/api/v1/members/S100005")).statusCode).toBe(404);
    expect((await api.as("admin", "POST", "/api/v1/members/S100005/erase")).statusCode).toBe(404);
    expect(numbersOf((await search("admin", "?q=erased&limit=500")).json())).toEqual([]);
    expect(numbersOf((await search("steward", "?limit=500")).json())).not.toContain("S100005");
  });
});

describe("when an admin uploads a member CSV", () => {
  const upload = (role: Parameters<typeof api.as>[0], body: string, query = "", type = "text/csv; charset=utf-8") =>
    api.as(role, "POST", `/api/v1/members/import${query}`, body, { "content-type": type });

  it("should import with the CLI's rules and report, and audit it", async () => {
    const file = csv([{ member_number: "U200001", first_name: "Nina", last_name: "Ny" }, { member_number: "U200002", first_name: "", last_name: "Mangler" }]);
    const dry = await upload("admin", file, "?dryRun=true");
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ inserted: 1, dryRun: true, rejected: [{ line: 3, memberNumber: "U200002" }] });
    expect(await db.member.count({ where: { memberNumber: "U200001" } })).toBe(0);

    const real = await upload("admin", file);
    expect(real.json()).toMatchObject({ inserted: 1, updated: 0, dryRun: false, rejected: [{ line: 3, memberNumber: "U200002", errors: [expect.stringMatching(/^first_name/)] }] });
    expect(await db.member.count({ where: { memberNumber: "U200001" } })).toBe(1);
    const audit = await db.auditLog.findFirst({ where: { action: "members.import" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: api.users.admin.id, details: { inserted: 1, updated: 0, rejected: 1, fullSync: false } });
  });

  it("should refuse a full sync that would resign most members, writing nothing, unless forced", async () => {
    const file = csv([PEOPLE[0]!]);
    const refused = await upload("admin", file, "?fullSync=true");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toMatch(/full-sync refused: \d+ of the \d+ current members/);
    expect(await db.member.count({ where: { status: "resigned", memberNumber: { startsWith: "S1" } } })).toBe(0);
  });

  it("should refuse other roles, other content types and files too large or cut off", async () => {
    const file = csv([{ member_number: "U200003", first_name: "Ole", last_name: "Nei" }]);
    expect((await upload("communicator", file)).statusCode).toBe(403);
    expect((await upload("steward", file)).statusCode).toBe(403);
    const json = await api.as("admin", "POST", "/api/v1/members/import", { rows: [] });
    expect(json.statusCode).toBe(415);
    expect(json.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect((await upload("admin", file, "", "application/octet-stream")).statusCode).toBe(415);
    expect((await upload("admin", file, "?dryRun=maybe")).json().issues).toEqual([expect.objectContaining({ path: "querystring.dryRun" })]);

    const admin = api.users.admin.actor;
    await expect(importMemberCsv(api.deps, admin, Readable.from([file]), { maxBytes: 100 })).rejects.toBeInstanceOf(ImportTooLargeError);
    const cut = new Readable({ read() {} });
    cut.push(file.slice(0, 200));
    setImmediate(() => cut.destroy(new Error("socket hang up")));
    await expect(importMemberCsv(api.deps, admin, cut)).rejects.toBeInstanceOf(ImportSourceError);
    expect(await db.member.count({ where: { memberNumber: "U200003" } })).toBe(0);
  });
});

describe("when two imports meet", () => {
  it("should refuse the second with 409 while the first runs, and finish the first", async () => {
    const [header, ...rows] = csv([{ member_number: "U300001", first_name: "Liv", last_name: "Først" }]).split("\n");
    const slow = new Readable({ read() {} });
    slow.push(`${header}\n`);
    const first = importMemberCsv(api.deps, api.users.admin.actor, slow);
    const deadline = Date.now() + 10_000;
    const locked = async () => (await db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    ))[0]!.n;
    while ((await locked()) === 0) {
      if (Date.now() > deadline) throw new Error("the first import never took its lock");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await api.as("admin", "POST", "/api/v1/members/import", csv([{ member_number: "U300002", first_name: "Leif", last_name: "Andre" }]), { "content-type": "text/csv" });
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toMatch(/another member import is running/);
    slow.push(rows.join("\n"));
    slow.push(null);
    expect(await first).toMatchObject({ inserted: 1 });
  });
});

describe("when the audit trail of all this is read", () => {
  it("should hold ids, states and counts only: no names, emails, phone numbers or member numbers", async () => {
    const rows = await db.auditLog.findMany({ where: { action: { startsWith: "members." } } });
    expect(rows.length).toBeGreaterThan(5);
    const text = JSON.stringify(rows.map((r) => [r.details, r.entityId]));
    expect(PERSONAL.filter((value) => text.includes(value))).toEqual([]);
  });
});
