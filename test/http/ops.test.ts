// Operations endpoints: liveness, readiness (database, Redis, migrations), Prometheus metrics
// behind METRICS_TOKEN, the worker process's own metrics listener, and the queue dashboard
// behind an administrator's session.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { processMetrics } from "../../src/metrics/registry.ts";
import { startMetricsServer } from "../../src/metrics/server.ts";
import { everyQueue } from "../../src/metrics/state.ts";
import { createQueues } from "../../src/queues/queues.ts";
import { API_PUBLIC_URL, PASSWORD, useTestApi } from "../support/api.ts";
import { useTestDatabase } from "../support/db.ts";
import { allDone, harnessApp, startHarness } from "../support/pipeline-harness.ts";

// Admins log in without TOTP here (the dashboard's own guard is what is under test).
const api = await useTestApi({ env: { REQUIRE_2FA_FOR: "approver" } });
const METRICS_TOKEN = "metrics-token-0123456789abcdef";

async function sessionCookie(email: string): Promise<string> {
  const response = await api.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password: PASSWORD } });
  expect(response.statusCode).toBe(200);
  const cookie = response.cookies.find((c) => c.name === "budstikke_session");
  expect(cookie).toBeDefined();
  return `budstikke_session=${cookie!.value}`;
}

/** The value of one sample line of an exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split("}")[0] ?? "";
    if (wanted.every((w) => labelText.includes(w))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("when something asks whether the process is alive", () => {
  it("should answer 200 {ok: true} without authentication", async () => {
    const response = await api.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(response.headers["cache-control"]).toBe("no-store");
  });
});

describe("when something asks whether the process is ready", () => {
  it("should answer 200 on a migrated database with Redis up, and keep answering 200 when polled", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await api.app.inject({ method: "GET", url: "/readyz" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true, checks: { database: { ok: true }, redis: { ok: true }, migrations: { ok: true } } });
    }
  });

  it("should answer 503 naming the migrations when the database was never migrated", async () => {
    const db = (await useTestDatabase({ empty: true })).db;
    const app = await buildApp({ ...api.deps, db, queues: undefined });
    try {
      const response = await app.inject({ method: "GET", url: "/readyz" });
      expect(response.statusCode).toBe(503);
      const body = response.json();
      expect(body).toMatchObject({ ok: false, checks: { database: { ok: true }, migrations: { ok: false } } });
      expect(body.checks.migrations.detail).toMatch(/^\d+ of \d+ migrations not applied/);
      expect(body.checks.redis).toBeUndefined();
      expect(response.body).not.toContain("postgres");
    } finally {
      await app.close();
    }
  });

  it("should answer 503 naming Redis when Redis does not answer, without its address", async () => {
    const queues = createQueues({ redis: { url: "redis://127.0.0.1:1" }, prefix: "{ops-down}" });
    // BullMQ prints every refused reconnection of a queue nobody listens to.
    for (const queue of everyQueue(queues)) queue.on("error", () => undefined);
    const app = await buildApp({ ...api.deps, queues });
    try {
      const response = await app.inject({ method: "GET", url: "/readyz" });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ ok: false, checks: { database: { ok: true }, redis: { ok: false }, migrations: { ok: true } } });
      expect(response.body).not.toContain("127.0.0.1");
    } finally {
      await app.close();
      await queues.close();
    }
  });
});

describe("when Prometheus scrapes /metrics", () => {
  it("should expose every metric family with the budstikke_ prefix", async () => {
    await api.app.inject({ method: "GET", url: "/healthz" });
    const response = await api.app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const family of [
      "budstikke_process_cpu_user_seconds_total", "budstikke_nodejs_eventloop_lag_seconds",
      "budstikke_send_duration_seconds", "budstikke_delivery_outcomes_total", "budstikke_http_request_duration_seconds",
      "budstikke_deliveries", "budstikke_campaign_progress", "budstikke_queue_jobs", "budstikke_scrape_source_up",
    ]) {
      expect(response.body).toContain(`# TYPE ${family} `);
    }
    const names = [...response.body.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    expect(names.every((n) => n!.startsWith("budstikke_"))).toBe(true);
    expect(sample(response.body, "budstikke_queue_jobs", { queue: "deliver-email", state: "waiting" })).toBe(0);
    expect(sample(response.body, "budstikke_scrape_source_up", { source: "redis" })).toBe(1);
    expect(sample(response.body, "budstikke_scrape_source_up", { source: "database" })).toBe(1);
  });

  it("should record request durations by route pattern and status, never by raw URL", async () => {
    await api.as("admin", "GET", "/api/v1/auth/me");
    await api.app.inject({ method: "GET", url: "/u/not-a-real-token-1234" });
    const text = (await api.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(text, "budstikke_http_request_duration_seconds_count", { method: "GET", route: "/api/v1/auth/me", status_code: "200" })).toBeGreaterThan(0);
    expect(sample(text, "budstikke_http_request_duration_seconds_count", { method: "GET", route: "/healthz", status_code: "200" })).toBeGreaterThan(0);
    expect(text).not.toContain("not-a-real-token-1234");
  });

  it("should count the deliveries of open campaigns by channel and status, and each sending campaign's progress", async () => {
    const campaign = (state: "sending" | "completed") =>
      api.db.campaign.create({ data: { name: "Metrikk", purpose: "information", channels: ["email", "sms"], templateVersionId: 1, definition: {}, state } });
    const sending = await campaign("sending");
    const done = await campaign("completed");
    const rows = (campaignId: number, statuses: string[]) =>
      statuses.map((status, i) => ({ campaignId, memberId: 1000 + i, channel: i % 2 ? "sms" : "email", status: status as "sent" }));
    await api.db.delivery.createMany({ data: rows(sending.id, ["sent", "delivered", "failed", "skipped", "pending", "sending", "sent"]) });
    await api.db.delivery.createMany({ data: rows(done.id, ["sent", "sent", "sent"]) });

    const text = (await api.app.inject({ method: "GET", url: "/metrics" })).body;
    // email: sent ×2 (0, 6), failed (2), pending (4); sms: delivered (1), skipped (3), sending (5). The completed campaign is not read.
    expect(sample(text, "budstikke_deliveries", { channel: "email", status: "sent" })).toBe(2);
    expect(sample(text, "budstikke_deliveries", { channel: "sms", status: "delivered" })).toBe(1);
    expect(sample(text, "budstikke_deliveries", { channel: "email", status: "pending" })).toBe(1);
    const progress = (status: string) => sample(text, "budstikke_campaign_progress", { campaign_id: String(sending.id), status });
    expect([progress("sent"), progress("failed"), progress("skipped"), progress("pending")]).toEqual([3, 1, 1, 2]);
    expect(sample(text, "budstikke_campaign_progress", { campaign_id: String(done.id), status: "sent" })).toBeUndefined();
  });

  it("should refuse a scrape without the token when METRICS_TOKEN is set, and accept the right one", async () => {
    const app = await buildApp({ ...api.deps, config: { ...api.config, METRICS_TOKEN } });
    try {
      const none = await app.inject({ method: "GET", url: "/metrics" });
      expect(none.statusCode).toBe(401);
      expect(none.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
      expect(none.body).not.toContain("budstikke_");
      const wrong = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
      expect(wrong.statusCode).toBe(401);
      const right = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain("# TYPE budstikke_send_duration_seconds histogram");
      // Probes stay open: orchestrators do not carry the metrics token.
      expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe("when the workers send a campaign in this process", () => {
  it("should observe each provider call's latency and count the outcomes, visible on /metrics", async () => {
    const h = await startHarness({ members: 12 });
    const app = await harnessApp(h);
    try {
      const before = await app.inject({ method: "GET", url: "/metrics" });
      const okBefore = sample(before.body, "budstikke_send_duration_seconds_count", { channel: "email", outcome: "ok" }) ?? 0;
      const sentBefore = sample(before.body, "budstikke_delivery_outcomes_total", { channel: "email", outcome: "sent" }) ?? 0;
      const id = await h.launch();
      const done = await h.waitFor(id, allDone);
      const text = (await app.inject({ method: "GET", url: "/metrics" })).body;
      const emails = done.channels.email!.sent;
      expect(emails).toBeGreaterThan(0);
      expect(sample(text, "budstikke_send_duration_seconds_count", { channel: "email", outcome: "ok" })).toBe(okBefore + emails);
      expect(sample(text, "budstikke_send_duration_seconds_count", { channel: "sms", outcome: "ok" })).toBeGreaterThanOrEqual(done.channels.sms!.sent);
      expect(sample(text, "budstikke_send_duration_seconds_sum", { channel: "email", outcome: "ok" })).toBeGreaterThan(0);
      expect(sample(text, "budstikke_delivery_outcomes_total", { channel: "email", outcome: "sent" })).toBe(sentBefore + emails);
    } finally {
      await app.close();
      await h.close();
    }
  });
});

describe("when a worker process serves its own metrics (WORKER_METRICS_PORT)", () => {
  it("should answer /metrics with the process registry behind the same token rule, and /healthz", async () => {
    const server = await startMetricsServer({ port: 0, host: "127.0.0.1", token: METRICS_TOKEN, registry: processMetrics().registry, logger: createLogger("silent") });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const right = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(right.status).toBe(200);
      const text = await right.text();
      expect(text).toContain("# TYPE budstikke_send_duration_seconds histogram");
      expect(text).toContain("# TYPE budstikke_process_resident_memory_bytes gauge");
      // The installation-wide gauges come from the server only, or Prometheus would sum them twice.
      expect(text).not.toContain("budstikke_deliveries ");
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("should take WORKER_METRICS_PORT as a port number, and refuse anything else naming the setting", () => {
    const env = { NODE_ENV: "test", SECRET_KEY: "ops-test-secret-key-0123456789abcdef0123" };
    expect(loadConfig({ ...env, WORKER_METRICS_PORT: "9464" }, "/nonexistent").WORKER_METRICS_PORT).toBe(9464);
    expect(loadConfig(env, "/nonexistent").WORKER_METRICS_PORT).toBeUndefined();
    expect(() => loadConfig({ ...env, WORKER_METRICS_PORT: "70000" }, "/nonexistent")).toThrow(/WORKER_METRICS_PORT: must be a port number/);
  });
});

describe("when someone opens the queue dashboard", () => {
  it("should answer 401 without a session, and ignore an API token (the dashboard is for browser sessions)", async () => {
    expect((await api.app.inject({ method: "GET", url: "/admin/queues" })).statusCode).toBe(401);
    expect((await api.as("admin", "GET", "/admin/queues")).statusCode).toBe(401);
    expect((await api.app.inject({ method: "GET", url: "/admin/queues", headers: { cookie: "budstikke_session=forged" } })).statusCode).toBe(401);
  });

  it("should answer 403 to a communicator's session", async () => {
    const cookie = await sessionCookie(api.users.communicator.email);
    const response = await api.app.inject({ method: "GET", url: "/admin/queues", headers: { cookie } });
    expect(response.statusCode).toBe(403);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect((await api.app.inject({ method: "GET", url: "/admin/queues/api/queues", headers: { cookie } })).statusCode).toBe(403);
  });

  it("should show the dashboard to an administrator's session with its own, narrow Content-Security-Policy", async () => {
    const cookie = await sessionCookie(api.users.admin.email);
    const page = await api.app.inject({ method: "GET", url: "/admin/queues", headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // The rest of the app keeps helmet's policy.
    expect((await api.app.inject({ method: "GET", url: "/healthz" })).headers["content-security-policy"]).not.toBe(csp);

    const list = await api.app.inject({ method: "GET", url: "/admin/queues/api/queues", headers: { cookie } });
    expect(list.statusCode).toBe(200);
    const names = (list.json() as { queues: Array<{ name: string }> }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(["campaign-launch", "maintenance", "member-links", "deliver-email", "deliver-sms", "deliver-letter"]));
  });

  it("should refuse a change from a session without our Origin, and audit one with it", async () => {
    const cookie = await sessionCookie(api.users.admin.email);
    const url = "/admin/queues/api/queues/deliver-email/clean/failed";
    const foreign = await api.app.inject({ method: "PUT", url, headers: { cookie, origin: "https://evil.example" } });
    expect(foreign.statusCode).toBe(403);
    const bare = await api.app.inject({ method: "PUT", url, headers: { cookie } });
    expect(bare.statusCode).toBe(403);
    const own = await api.app.inject({ method: "PUT", url, headers: { cookie, origin: new URL(API_PUBLIC_URL).origin } });
    expect(own.statusCode).toBe(200);
    const audit = await api.db.auditLog.findMany({ where: { action: "queues.change" } });
    expect(audit).toMatchObject([{ actorId: api.users.admin.id, entity: "queue", entityId: "deliver-email", details: { method: "PUT", queueStatus: "failed" } }]);
  });
});
