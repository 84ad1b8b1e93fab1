// The users, tokens and audit commands, run as real child processes against the database the
// API under test uses: what the CLI creates must work through the API.
import { describe, expect, it } from "vitest";
import { API_PUBLIC_URL, useTestApi } from "../support/api.ts";
import { runCli } from "../support/cli.ts";

// The CLI runs on the system clock; the API's clock is set to the same time, so setup links and
// sessions made by one are current for the other.
const api = await useTestApi({ now: new Date().toISOString() });
const env = {
  NODE_ENV: "test",
  DATABASE_URL: api.url,
  REDIS_URL: api.config.REDIS_URL,
  SECRET_KEY: "api-test-secret-key-0123456789abcdef0123",
  PUBLIC_URL: API_PUBLIC_URL,
  LOG_LEVEL: "silent",
};
const PW = "et langt og hemmelig passord";

const cli = (args: string[], input?: string) => runCli(args, env, input);
const login = (email: string, password: string) => api.as(null, "POST", "/api/v1/auth/login", { email, password });

describe("when an operator creates users from the command line", () => {
  it("should take the password from standard input (one trailing newline stripped), and the user can log in through the API", async () => {
    const created = await cli(["users", "create", "--email", "Kari@NTL.example.no", "--name", "Kari Nordmann", "--role", "communicator", "--json"], `${PW}\n`);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ user: expect.objectContaining({ email: "kari@ntl.example.no", role: "communicator", pendingSetup: false }) });
    expect((await login("kari@ntl.example.no", PW)).statusCode).toBe(200);
    expect((await login("kari@ntl.example.no", `${PW}\n`)).statusCode).toBe(401);
  });

  it("should refuse a password under 12 characters with exit 2 and create nothing", async () => {
    const result = await cli(["users", "create", "--email", "kort@ntl.example.no", "--name", "Kort", "--role", "viewer", "--json"], "elleve tegn\n");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/at least 12 characters/);
    expect(await api.db.staffUser.count({ where: { email: "kort@ntl.example.no" } })).toBe(0);
    const empty = await cli(["users", "create", "--email", "tom@ntl.example.no", "--name", "Tom", "--role", "viewer"], "");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--setup-link/);
  });

  it("should print a one-time setup link with --setup-link, whose token sets the password through POST /auth/setup", async () => {
    const result = await cli(["users", "create", "--email", "ola@ntl.example.no", "--name", "Ola Tillitsvalgt", "--role", "steward", "--employer", "974760673", "--branch", "oslo-1", "--setup-link"]);
    expect(result.code).toBe(0);
    const link = result.stdout.trim().split("\n").find((l) => l.startsWith(`${API_PUBLIC_URL}/setup#`));
    expect(link).toBeDefined();
    expect((await login("ola@ntl.example.no", PW)).statusCode).toBe(401);
    const setup = await api.as(null, "POST", "/api/v1/auth/setup", { token: link!.split("#")[1], password: PW });
    expect(setup.statusCode).toBe(200);
    expect(setup.json()).toMatchObject({ email: "ola@ntl.example.no", role: "steward", scope: { employers: ["974760673"], branches: ["oslo-1"] }, pendingSetup: false });
    expect((await login("ola@ntl.example.no", PW)).statusCode).toBe(200);
  });

  it("should list users and change their role and scope", async () => {
    const listed = await cli(["users", "list", "--json"]);
    expect(listed.code).toBe(0);
    const emails = JSON.parse(listed.stdout).map((u: { email: string }) => u.email);
    expect(emails).toEqual(expect.arrayContaining(["kari@ntl.example.no", "ola@ntl.example.no"]));

    const scoped = await cli(["users", "set-scope", "ola@ntl.example.no", "--branch", "oslo-2", "--json"]);
    expect(JSON.parse(scoped.stdout).scope).toEqual({ employers: [], branches: ["oslo-2"] });
    const role = await cli(["users", "set-role", "ola@ntl.example.no", "approver", "--json"]);
    expect(JSON.parse(role.stdout)).toMatchObject({ role: "approver", scope: { employers: [], branches: [] } });
    const badRole = await cli(["users", "set-role", "ola@ntl.example.no", "boss"]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/role/);

  });

  it("should refuse a caller acting as a staff user without users.manage, with exit 1 and no output", async () => {
    const asViewer = await cli(["--as", api.users.viewer.email, "users", "list", "--json"]);
    expect(asViewer.code).toBe(1);
    expect(asViewer.stdout).toBe("");
    expect(asViewer.stderr).toMatch(/may not users: manage/);
  });
});

describe("when an operator makes an API token and later disables its user", () => {
  it("should print only JSON with a working Bearer token, and disabling should end that token and the user's sessions", async () => {
    const created = await cli(["tokens", "create", "--user", "kari@ntl.example.no", "--name", "rapport", "--json"]);
    expect(created.code).toBe(0);
    const printed = JSON.parse(created.stdout);
    expect(printed).toEqual({ token: expect.stringMatching(/^bst_/), apiToken: expect.objectContaining({ name: "rapport", revokedAt: null }) });
    const bearer = () => api.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${printed.token}` } });
    const me = await bearer();
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe("kari@ntl.example.no");

    const listed = await cli(["tokens", "list", "--user", "kari@ntl.example.no", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: printed.apiToken.id })]);
    expect(listed.stdout).not.toContain(printed.token);

    const session = await login("kari@ntl.example.no", PW);
    const cookie = (session.headers["set-cookie"] as string).split(";")[0]!;
    const bySession = () => api.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
    expect((await bySession()).statusCode).toBe(200);

    const disabled = await cli(["users", "disable", "kari@ntl.example.no"]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/Disabled user \d+ kari@ntl\.example\.no/);
    expect((await bearer()).statusCode).toBe(401);
    expect((await bySession()).statusCode).toBe(401);
    expect((await login("kari@ntl.example.no", PW)).statusCode).toBe(401);
  });

  it("should revoke a token by id", async () => {
    const created = JSON.parse((await cli(["tokens", "create", "--user", api.users.viewer.email, "--expires-days", "7", "--json"])).stdout);
    expect(created.apiToken.expiresAt).not.toBeNull();
    const revoked = await cli(["tokens", "revoke", String(created.apiToken.id)]);
    expect(revoked.code).toBe(0);
    expect((await api.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${created.token}` } })).statusCode).toBe(401);
    expect((await cli(["tokens", "revoke", "abc"])).code).toBe(2);
  });
});

describe("when an operator reads the audit trail", () => {
  it("should show a user's history as JSON, newest first, filtered by target", async () => {
    const kari = await api.db.staffUser.findUniqueOrThrow({ where: { email: "kari@ntl.example.no" } });
    const result = await cli(["audit", "list", "--target-type", "staff_user", "--target-id", String(kari.id), "--json"]);
    expect(result.code).toBe(0);
    const page = JSON.parse(result.stdout);
    expect(page.items.map((e: { action: string }) => e.action).reverse()).toEqual(["users.create", "auth.login", "auth.login", "users.disable"]);
    expect(page.items.find((e: { action: string }) => e.action === "users.disable").actor).toBe("system:cli");
    const setup = JSON.parse((await cli(["audit", "list", "--action", "users.setup_password", "--json"])).stdout);
    expect(setup.items).toHaveLength(1);
  });

  it("should filter by action prefix and by actor (id or email)", async () => {
    const kari = await api.db.staffUser.findUniqueOrThrow({ where: { email: "kari@ntl.example.no" } });
    const tokens = JSON.parse((await cli(["audit", "list", "--action", "tokens.", "--json"])).stdout);
    // Newest first: this file's revoke and two creates, then the tokens the test API made per role.
    expect(tokens.items.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`).slice(0, 4)).toEqual([
      "tokens.revoke system:cli", "tokens.create system:cli", "tokens.create system:cli", "tokens.create system:test",
    ]);
    const uses = JSON.parse((await cli(["audit", "list", "--action", "auth.token_use", "--actor", "kari@ntl.example.no", "--json"])).stdout);
    expect(uses.items.length).toBeGreaterThan(0);
    expect(uses.items.every((e: { actorId: number }) => e.actorId === kari.id)).toBe(true);
  });

  it("should page with --limit and --cursor, and refuse a time that is not ISO 8601 with exit 2", async () => {
    const paged = JSON.parse((await cli(["audit", "list", "--limit", "2", "--json"])).stdout);
    expect(paged.items).toHaveLength(2);
    expect(paged.nextCursor).toEqual(expect.any(String));
    const next = JSON.parse((await cli(["audit", "list", "--limit", "2", "--cursor", paged.nextCursor, "--json"])).stdout);
    expect(BigInt(next.items[0].id)).toBeLessThan(BigInt(paged.items[1].id));
    expect((await cli(["audit", "list", "--since", "yesterday"])).code).toBe(2);
  });
});
