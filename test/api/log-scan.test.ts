// Request logs carry ids, routes and timings only. A realistic sequence of staff calls (login,
// search, member view, preview, export, templates, a campaign through approval, deliveries,
// audit) runs with every log line captured; none may contain a member's name, email, mobile or
// member number, nor a password, session cookie or API token.
import { describe, expect, it } from "vitest";
import { importMembersFromText } from "../../src/members/import.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { PASSWORD, useTestApi } from "../support/api.ts";

const lines: string[] = [];
const api = await useTestApi({ logDestination: { write: (line: string) => void lines.push(line) }, env: { REQUIRE_2FA_FOR: "admin" } });
const { db, users, app } = api;
await importMembersFromText(db, [...generateMembersCsv(200, 11)].join(""));
const members = await db.member.findMany({ include: { employments: true } });

describe("when staff use the API for a working session", () => {
  it("should log every request without personal data or secrets", async () => {
    const someone = members.find((m) => m.email && m.mobile)!;
    const login = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: users.communicator.email, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    const session = (method: string, url: string, payload?: unknown) =>
      app.inject({ method: method as "GET", url, headers: { cookie, "x-csrf-token": csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });
    await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: users.viewer.email, password: "wrong password here" } });

    const calls = [
      await session("GET", `/api/v1/members?q=${encodeURIComponent(someone.lastName)}`),
      await session("GET", `/api/v1/members?q=${encodeURIComponent(someone.email!)}`),
      await session("GET", `/api/v1/members?q=${encodeURIComponent(someone.memberNumber)}`),
      await session("GET", `/api/v1/members/${encodeURIComponent(someone.memberNumber)}`),
      await session("POST", "/api/v1/segments/preview", { rules: { all: [{ field: "status", op: "eq", value: "active" }, { field: "geo.county", op: "in", value: ["03", "46"] }] } }),
      await session("POST", "/api/v1/segments", { name: "Aktive i Oslo og Vestland", rules: { field: "geo.county", op: "in", value: ["03", "46"] } }),
      await api.as("admin", "GET", `/api/v1/members/${encodeURIComponent(someone.memberNumber)}/export`),
      await api.as("admin", "POST", "/api/v1/suppressions", { channel: "email", address: someone.email, reason: "manual" }),
      await api.as("admin", "POST", "/api/v1/users", { email: "ny.kollega@ntl.example.no", name: "Ny Kollega", role: "viewer", password: "another long password" }),
      await api.as("admin", "GET", "/api/v1/audit?limit=50"),
    ];
    const created = await session("POST", "/api/v1/campaigns", {
      name: "Lønnsoppgjøret", purpose: "bargaining", audience: { rules: { field: "status", op: "eq", value: "active" } }, channels: ["email"],
      content: { email: { subject: "Hei {{member.firstName}}", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>" } },
    });
    const id = (created.json() as { id: number }).id;
    calls.push(
      created,
      await session("POST", `/api/v1/campaigns/${id}/submit`, {}),
      await api.as("approver", "POST", `/api/v1/campaigns/${id}/approve`, { comment: "Ser bra ut" }),
      await session("GET", `/api/v1/campaigns/${id}/status`),
      await session("GET", `/api/v1/campaigns/${id}/deliveries`),
      await session("POST", "/api/v1/templates/999999/preview", { channel: "email", memberNumber: someone.memberNumber }),
      await session("GET", `/api/v1/members/${encodeURIComponent("NO-SUCH-" + someone.firstName)}`),
    );
    for (const response of calls.slice(0, -2)) expect(response.statusCode, response.body.slice(0, 200)).toBeLessThan(300);

    const requestLines = lines.filter((l) => l.includes('"api request"'));
    expect(requestLines.length).toBeGreaterThanOrEqual(calls.length);
    expect(JSON.parse(requestLines[0]!)).toMatchObject({ route: expect.any(String), status: expect.any(Number), ms: expect.any(Number), requestId: expect.any(String) });
    expect(requestLines.some((l) => JSON.parse(l).actorId === users.communicator.id)).toBe(true);

    const secrets = [PASSWORD, "another long password", cookie.split("=")[1]!, csrf, users.admin.token, users.approver.token];
    const personal = members.flatMap((m) => [
      `${m.firstName} ${m.lastName}`, m.lastName, m.email, m.mobile, m.mobile?.replace("+47", ""), m.addressLine,
    ]).filter((v): v is string => typeof v === "string" && v.length >= 4);
    const numbers = members.map((m) => new RegExp(`(^|[^0-9A-Za-z])${m.memberNumber}([^0-9A-Za-z]|$)`));
    const all = lines.join("\n");
    const hits = [
      ...[...secrets, ...personal, "Ny Kollega", "ny.kollega@ntl.example.no"].filter((needle) => all.includes(needle)),
      ...numbers.filter((pattern) => pattern.test(all)).map(String),
    ];
    expect(hits).toEqual([]);
  });
});
