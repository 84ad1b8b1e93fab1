// The segments API: previews (count, breakdowns, reachability, sample; a steward's limited to
// their scope), saved segments with versions, who may do what, audit rows, and problem
// documents whose issues point into the rules.
import { describe, expect, it } from "vitest";
import { inScope } from "../../src/auth/scope.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { countMatching } from "../../src/segments/preview.ts";
import { parseRule } from "../../src/segments/rules.ts";
import { STEWARD_SCOPE, useTestApi } from "../support/api.ts";

const api = await useTestApi();
const { db } = api;
await importMembersFromText(db, [...generateMembersCsv(400, 11)].join(""));
// Put some members into the steward's scope: a branch for some, the employer for others.
await db.$executeRawUnsafe(`UPDATE member SET branch = 'oslo-1' WHERE id % 9 = 0`);
await db.$executeRawUnsafe(`UPDATE employment SET employer_org_number = '974760673' WHERE member_id % 7 = 0`);
// Some invalid contact points, so reachability differs from presence.
await db.$executeRawUnsafe(`UPDATE member SET email_invalid_at = now() WHERE id % 5 = 0`);
await db.$executeRawUnsafe(`UPDATE member SET mobile_invalid_at = now(), address_invalid_at = now() WHERE id % 4 = 0`);

const ACTIVE = { all: [{ field: "status", op: "in", value: ["active", "student"] }, { field: "age", op: "gte", value: 30 }] };
const EVALUATED_ON = "2026-12-01";

const members = await db.member.findMany({ include: { employments: true } });
const inStewardScope = (id: number) => {
  const m = members.find((x) => x.id === id)!;
  return inScope(STEWARD_SCOPE, { branch: m.branch, employerOrgNumbers: m.employments.map((e) => e.employerOrgNumber) });
};

interface PreviewBody {
  count: number;
  breakdown: { county: Record<string, number>; status: Record<string, number>; reachable: { email: number; sms: number; letter: number } };
  sample: Array<{ memberNumber: string; name: string; municipality: string | null; status: string }>;
  evaluatedOn: string;
}

const preview = (role: Parameters<typeof api.as>[0], rules: unknown) => api.as(role, "POST", "/api/v1/segments/preview", { rules });
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

describe("when staff preview rules", () => {
  it("should count, break down and tell how many are reachable per channel", async () => {
    const response = await preview("communicator", ACTIVE);
    expect(response.statusCode).toBe(200);
    const body = response.json() as PreviewBody;
    const rule = parseRule(ACTIVE);
    expect(body.count).toBe(await countMatching(db, rule, EVALUATED_ON));
    expect(body.count).toBeGreaterThan(50);
    expect(sum(body.breakdown.county)).toBe(body.count);
    expect(sum(body.breakdown.status)).toBe(body.count);
    const reachable = async (field: string) => countMatching(db, parseRule({ all: [ACTIVE, { field, op: "exists", value: true }] }), EVALUATED_ON);
    expect(body.breakdown.reachable).toEqual({
      email: await reachable("contact.email"), sms: await reachable("contact.mobile"), letter: await reachable("contact.address"),
    });
    expect(body.breakdown.reachable.email).toBeLessThan(body.count);
    expect(body.sample).toHaveLength(10);
    expect(body.sample[0]).toEqual({ memberNumber: expect.any(String), name: expect.any(String), municipality: expect.any(String), status: expect.stringMatching(/^(active|student)$/) });
    expect(body.evaluatedOn).toBe(EVALUATED_ON);
  });

  it("should count and show a steward only the members in their scope", async () => {
    const body = (await preview("steward", ACTIVE)).json() as PreviewBody;
    expect(body.count).toBe(await countMatching(db, parseRule(ACTIVE), EVALUATED_ON, STEWARD_SCOPE));
    expect(body.count).toBeLessThan((await preview("admin", ACTIVE)).json().count);
    const sampled = members.filter((m) => body.sample.some((s) => s.memberNumber === m.memberNumber));
    expect(sampled).toHaveLength(body.sample.length);
    expect(sampled.every((m) => inStewardScope(m.id))).toBe(true);
  });

  it("should audit each preview with the sample's member ids and nothing personal", async () => {
    const body = (await preview("approver", ACTIVE)).json() as PreviewBody;
    const row = await db.auditLog.findFirst({ where: { action: "segments.preview", actorId: api.users.approver.id }, orderBy: { id: "desc" } });
    const ids = body.sample.map((s) => members.find((m) => m.memberNumber === s.memberNumber)!.id);
    expect(row?.details).toEqual({ count: body.count, memberIds: ids });
    const text = JSON.stringify(row?.details);
    expect(body.sample.filter((s) => text.includes(s.name) || text.includes(s.memberNumber))).toEqual([]);
  });

  it("should refuse viewers (a sample names members) and anonymous callers", async () => {
    expect((await preview("viewer", ACTIVE)).statusCode).toBe(403);
    expect((await preview(null, ACTIVE)).statusCode).toBe(401);
  });

  it("should answer invalid rules with every problem at its path under rules", async () => {
    const bad = { all: [{ field: "status", op: "eq", value: "zombie" }, { any: [{ field: "shoe", op: "eq", value: 1 }] }] };
    const response = await preview("communicator", bad);
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ kind: "invalid", status: 400 });
    expect(problem.issues.map((i: { path: string }) => i.path)).toEqual(["rules.all[0].value", "rules.all[1].any[0].field"]);
    expect(problem.issues[1].message).toMatch(/unknown field "shoe"/);
    const missing = await api.as("communicator", "POST", "/api/v1/segments/preview", {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues).toEqual([{ path: "body.rules", message: expect.stringMatching(/^is required/) }]);
  });
});

describe("when staff save, edit and read segments", () => {
  it("should save version 1, add version 2 on edit and show all versions newest first, audited", async () => {
    const created = await api.as("communicator", "POST", "/api/v1/segments", { name: "Aktive over 30", description: "Tariffinfo", rules: ACTIVE });
    expect(created.statusCode).toBe(201);
    const segment = created.json();
    expect(segment).toMatchObject({ name: "Aktive over 30", description: "Tariffinfo", versions: [{ version: 1, rules: ACTIVE }] });

    const retired = { field: "status", op: "eq", value: "retired" };
    const edited = await api.as("approver", "PUT", `/api/v1/segments/${segment.id}`, { name: "Pensjonister", rules: retired });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ id: segment.id, name: "Pensjonister", description: "Tariffinfo" });
    const shown = (await api.as("viewer", "GET", `/api/v1/segments/${segment.id}`)).json();
    expect(shown.versions.map((v: { version: number; rules: unknown }) => [v.version, v.rules])).toEqual([[2, retired], [1, ACTIVE]]);

    const audit = await db.auditLog.findMany({ where: { entity: "segment", entityId: String(segment.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId, (a.details as { version: number }).version])).toEqual([
      ["segments.create", api.users.communicator.id, 1],
      ["segments.update", api.users.approver.id, 2],
    ]);
  });

  it("should refuse invalid rules on save and edit, writing no version", async () => {
    const { id } = (await api.as("admin", "POST", "/api/v1/segments", { name: "Gyldig", rules: ACTIVE })).json();
    const bad = await api.as("admin", "PUT", `/api/v1/segments/${id}`, { rules: { field: "age", op: "startsWith", value: 3 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([expect.objectContaining({ path: "rules.op" })]);
    expect((await api.as("admin", "GET", `/api/v1/segments/${id}`)).json().versions).toHaveLength(1);
    const badNew = await api.as("admin", "POST", "/api/v1/segments", { name: "Ugyldig", rules: { all: [] } });
    expect(badNew.json().issues).toEqual([expect.objectContaining({ path: "rules.all" })]);
    const noName = await api.as("admin", "POST", "/api/v1/segments", { name: "  ", rules: ACTIVE });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().issues).toEqual([expect.objectContaining({ path: "body.name" })]);
    expect((await api.as("admin", "PUT", "/api/v1/segments/999999", { rules: ACTIVE })).statusCode).toBe(404);
    expect((await api.as("admin", "GET", "/api/v1/segments/999999")).statusCode).toBe(404);
    expect((await api.as("admin", "GET", "/api/v1/segments/abc")).json().issues).toEqual([expect.objectContaining({ path: "params.id" })]);
  });

  it("should let viewers and stewards read segments but only writers save them", async () => {
    for (const role of ["viewer", "steward"] as const) {
      expect({ role, list: (await api.as(role, "GET", "/api/v1/segments")).statusCode }).toEqual({ role, list: 200 });
      expect({ role, save: (await api.as(role, "POST", "/api/v1/segments", { name: "Nei", rules: ACTIVE })).statusCode }).toEqual({ role, save: 403 });
      expect({ role, edit: (await api.as(role, "PUT", "/api/v1/segments/1", { rules: ACTIVE })).statusCode }).toEqual({ role, edit: 403 });
    }
    expect((await api.as(null, "GET", "/api/v1/segments")).statusCode).toBe(401);
  });

  it("should page through the list with cursors", async () => {
    for (const name of ["A", "B", "C"]) await api.as("admin", "POST", "/api/v1/segments", { name, rules: ACTIVE });
    const total = await db.segment.count();
    const seen: number[] = [];
    let url = "/api/v1/segments?limit=2";
    for (let pages = 0; pages < 10; pages++) {
      const body = (await api.as("viewer", "GET", url)).json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((s: { id: number; latestVersion: number; latestVersionId: number }) => s.id));
      if (body.nextCursor === null) break;
      url = `/api/v1/segments?limit=2&cursor=${body.nextCursor}`;
    }
    expect(seen).toHaveLength(total);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect((await api.as("viewer", "GET", "/api/v1/segments?cursor=x")).statusCode).toBe(400);
  });
});
