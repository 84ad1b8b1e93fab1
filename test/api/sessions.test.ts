// Session security: cookie flags, CSRF/Origin on mutations, login rate limits, revocation on
// logout and on disabling, idle and absolute timeouts, TOTP when enrolled or required.
import { describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { totpCode } from "../../src/auth/totp.ts";
import { disableUser } from "../../src/auth/users.ts";
import { API_PUBLIC_URL, PASSWORD, useTestApi } from "../support/api.ts";

const api = await useTestApi();
const { app, clock, users, db } = api;

async function login(email: string, password = PASSWORD, extra: Record<string, string> = {}, ip = "10.0.0.1") {
  const response = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password, ...extra }, remoteAddress: ip });
  const setCookie = response.headers["set-cookie"];
  const cookie = typeof setCookie === "string" ? setCookie.split(";")[0]! : "";
  return { response, cookie, setCookie, body: response.json() as { csrfToken: string; mustEnrolTotp: boolean } };
}

const me = (cookie: string) => app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });

describe("when a user logs in", () => {
  it("should set an HttpOnly, Secure, SameSite=Lax session cookie that opens the API", async () => {
    const { response, setCookie, cookie } = await login(users.communicator.email);
    expect(response.statusCode).toBe(200);
    expect(setCookie).toMatch(/^budstikke_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect((await me(cookie)).json()).toMatchObject({ user: { email: users.communicator.email, role: "communicator" } });
  });

  it("should store only a hash of the session token", async () => {
    const { cookie } = await login(users.viewer.email);
    const token = cookie.split("=")[1]!;
    const rows = await db.staffSession.findMany({ where: { userId: users.viewer.id } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id === token || r.id.includes(token))).toBe(false);
  });

  it("should answer a wrong password and an unknown email with the same 401 and message", async () => {
    const wrongPassword = await login(users.viewer.email, "not the right password");
    const unknownEmail = await login("nobody@ntl.example.no", "not the right password");
    expect(wrongPassword.response.statusCode).toBe(401);
    expect(unknownEmail.response.statusCode).toBe(401);
    expect(wrongPassword.response.json().detail).toBe(unknownEmail.response.json().detail);
    expect(wrongPassword.response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("should audit logins and failed logins without the typed email", async () => {
    await login("typo-someone@ntl.example.no", "wrong password 123", {}, "10.0.0.77");
    const failed = await db.auditLog.findMany({ where: { action: "auth.login_failed", clientIp: "10.0.0.77" } });
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/typo-someone/);
    expect(await db.auditLog.count({ where: { action: "auth.login", actorId: users.communicator.id } })).toBeGreaterThan(0);
  });
});

describe("when a cookie session sends a mutation", () => {
  it("should refuse it without an X-CSRF-Token or a trusted Origin", async () => {
    const { cookie } = await login(users.communicator.email);
    const bare = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie } });
    expect(bare.statusCode).toBe(403);
    const foreign = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie, origin: "https://evil.example" } });
    expect(foreign.statusCode).toBe(403);
    const wrongToken = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie, "x-csrf-token": "forged" } });
    expect(wrongToken.statusCode).toBe(403);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it("should accept it with the session's CSRF token or from our own origin", async () => {
    const first = await login(users.communicator.email);
    const withToken = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie: first.cookie, "x-csrf-token": first.body.csrfToken } });
    expect(withToken.statusCode).toBe(200);
    const second = await login(users.communicator.email);
    const fromOrigin = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie: second.cookie, origin: API_PUBLIC_URL } });
    expect(fromOrigin.statusCode).toBe(200);
  });
});

describe("when a session ends", () => {
  it("should be revoked at logout", async () => {
    const { cookie, body } = await login(users.viewer.email);
    await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie, "x-csrf-token": body.csrfToken } });
    const after = await me(cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toMatch(/session has ended/);
  });

  it("should end after 30 idle minutes, and after 12 hours however active", async () => {
    const user = await api.addUser("viewer");
    const { cookie } = await login(user.email);
    for (let i = 0; i < 5; i++) {
      clock.advance(25 * 60_000);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    clock.advance(31 * 60_000);
    expect((await me(cookie)).statusCode).toBe(401);

    const fresh = await login(user.email);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      expect((await me(fresh.cookie)).statusCode).toBe(200);
    }
    clock.advance(25 * 60_000);
    expect((await me(fresh.cookie)).statusCode).toBe(401);
  });

  it("should stop the user's sessions and API tokens when the user is disabled", async () => {
    const user = await api.addUser("communicator");
    const { cookie } = await login(user.email);
    const bearer = { authorization: `Bearer ${user.token}` };
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: bearer })).statusCode).toBe(200);
    await disableUser(api.deps, systemActor("test"), user.id);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: bearer })).statusCode).toBe(401);
    expect((await login(user.email)).response.statusCode).toBe(401);
  });
});

describe("when logins keep failing", () => {
  it("should refuse the account for the window after 5 failures, even with the right password", async () => {
    const user = await api.addUser("communicator");
    for (let i = 0; i < 5; i++) expect((await login(user.email, `wrong password ${i}`, {}, `10.1.0.${i}`)).response.statusCode).toBe(401);
    const blocked = await login(user.email, PASSWORD, {}, "10.1.1.1");
    expect(blocked.response.statusCode).toBe(429);
    clock.advance(16 * 60_000);
    expect((await login(user.email, PASSWORD, {}, "10.1.1.1")).response.statusCode).toBe(200);
  });

  it("should refuse an address after 20 failures across accounts", async () => {
    for (let i = 0; i < 20; i++) await login(`guess${i}@ntl.example.no`, "wrong password!!", {}, "10.2.0.9");
    expect((await login(users.viewer.email, PASSWORD, {}, "10.2.0.9")).response.statusCode).toBe(429);
    expect((await login(users.viewer.email, PASSWORD, {}, "10.2.0.10")).response.statusCode).toBe(200);
  });
});

describe("when an API token is used", () => {
  it("should audit each use, and refuse revoked, expired and unknown tokens", async () => {
    const before = await db.auditLog.count({ where: { action: "auth.token_use", actorId: users.viewer.id } });
    expect((await api.as("viewer", "GET", "/api/v1/auth/me")).statusCode).toBe(200);
    expect(await db.auditLog.count({ where: { action: "auth.token_use", actorId: users.viewer.id } })).toBe(before + 1);
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: "Bearer bst_unknown" } })).statusCode).toBe(401);
    const { createApiToken, revokeApiToken } = await import("../../src/auth/tokens.ts");
    const expiring = await createApiToken(api.deps, systemActor("test"), { userEmail: users.viewer.email, expiresDays: 1 });
    const headers = { authorization: `Bearer ${expiring.token}` };
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me", headers })).statusCode).toBe(200);
    clock.advance(86_400_000 + 1000);
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me", headers })).statusCode).toBe(401);
    const revoked = await createApiToken(api.deps, systemActor("test"), { userEmail: users.viewer.email });
    await revokeApiToken(api.deps, systemActor("test"), revoked.apiToken.id);
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${revoked.token}` } })).statusCode).toBe(401);
  });
});

describe("when a role requires TOTP (admin, approver by default)", () => {
  it("should allow only enrolment until TOTP is set up, then require a code at every login", async () => {
    const admin = await api.addUser("admin");
    const first = await login(admin.email);
    expect(first.body.mustEnrolTotp).toBe(true);
    const csrf = { cookie: first.cookie, "x-csrf-token": first.body.csrfToken };
    const blocked = await app.inject({ method: "GET", url: "/api/v1/users", headers: { cookie: first.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().detail).toMatch(/enrol TOTP/);

    const setup = await app.inject({ method: "POST", url: "/api/v1/auth/totp/setup", headers: csrf });
    expect(setup.statusCode).toBe(200);
    const { secret, qrCodeDataUrl, otpauthUrl } = setup.json() as { secret: string; qrCodeDataUrl: string; otpauthUrl: string };
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Budstikke/);
    const wrong = await app.inject({ method: "POST", url: "/api/v1/auth/totp/confirm", headers: csrf, payload: { code: "000000" === (await totpCode(secret, clock)) ? "111111" : "000000" } });
    expect(wrong.statusCode).toBe(400);
    const confirm = await app.inject({ method: "POST", url: "/api/v1/auth/totp/confirm", headers: csrf, payload: { code: await totpCode(secret, clock) } });
    expect(confirm.statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/api/v1/users", headers: { cookie: first.cookie } })).statusCode).not.toBe(403);

    clock.advance(60_000);
    const noCode = await login(admin.email);
    expect(noCode.response.statusCode).toBe(401);
    expect(noCode.response.json().issues).toEqual([{ path: "totp", message: "required" }]);
    const badCode = await login(admin.email, PASSWORD, { totp: (Number(await totpCode(secret, clock)) + 1).toString().padStart(6, "0").slice(-6) });
    expect(badCode.response.statusCode).toBe(401);
    const good = await login(admin.email, PASSWORD, { totp: await totpCode(secret, clock) });
    expect(good.response.statusCode).toBe(200);
    expect(good.body.mustEnrolTotp).toBe(false);
  });

  it("should not ask a communicator (not in REQUIRE_2FA_FOR) to enrol", async () => {
    expect((await login(users.communicator.email)).body.mustEnrolTotp).toBe(false);
  });
});
