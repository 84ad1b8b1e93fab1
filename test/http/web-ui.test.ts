// The admin UI as the server serves it: index.html at / and for every client route a browser
// navigates to (history fallback), hashed assets with long caching, all under the strict CSP;
// server-owned paths (API, public pages, webhooks, operations) never fall back to the UI.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { testConfig } from "../consent/support.ts";
import { useTestDatabase } from "../support/db.ts";

const { db, url } = await useTestDatabase({ empty: true });
const config = testConfig(url);
const clock = new ManualClock(new Date("2026-12-02T10:00:00Z"));

const dist = mkdtempSync(join(tmpdir(), "budstikke-web-"));
mkdirSync(join(dist, "assets"));
const INDEX = '<!doctype html><html lang="nb"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
writeFileSync(join(dist, "index.html"), INDEX);
writeFileSync(join(dist, "assets", "index-abc123.js"), "console.info('ui')");

const app = await buildApp({ db, config, clock, logger: createLogger("silent"), webDist: dist });
const unbuilt = await buildApp({ db, config, clock, logger: createLogger("silent"), webDist: join(dist, "missing") });
afterAll(async () => {
  await Promise.all([app.close(), unbuilt.close()]);
});

const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("when a browser opens the admin UI", () => {
  it("should serve index.html at / under a CSP that allows scripts only from the server itself", async () => {
    const response = await app.inject({ method: "GET", url: "/", headers: html });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-src 'self' blob:");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers["cache-control"]).toBe("no-cache");
  });

  it("should answer a reload of a client route (history fallback), with or without a query", async () => {
    for (const path of ["/campaigns/12", "/members/100042", "/segments/new", "/login?x=1"]) {
      const response = await app.inject({ method: "GET", url: path, headers: html });
      expect(response.statusCode, path).toBe(200);
      expect(response.body, path).toBe(INDEX);
    }
  });

  it("should serve hashed assets with immutable caching", async () => {
    const response = await app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/javascript/);
    expect(String(response.headers["cache-control"])).toContain("immutable");
  });
});

describe("when a path belongs to the server", () => {
  it("should never answer with the UI for the API, public pages, webhooks, assets or operations", async () => {
    for (const path of ["/api/v1/nothing-here", "/api", "/u/not-a-token", "/preferences/x", "/webhooks/nope", "/assets/missing.js", "/metrics/x"]) {
      const response = await app.inject({ method: "GET", url: path, headers: html });
      // The API scope asks for credentials first (401); the others say 404.
      expect(response.statusCode, path).toBe(path.startsWith("/api/v1/") ? 401 : 404);
      expect(response.body, path).not.toContain('<div id="root">');
    }
  });

  it("should not fall back for requests that are not page navigations", async () => {
    expect((await app.inject({ method: "GET", url: "/campaigns/12", headers: { accept: "application/json" } })).statusCode).toBe(404);
    expect((await app.inject({ method: "POST", url: "/campaigns/12", headers: html })).statusCode).toBe(404);
  });
});

describe("when the UI has not been built", () => {
  it("should say how to build it at / and leave other paths alone", async () => {
    const root = await unbuilt.inject({ method: "GET", url: "/", headers: html });
    expect(root.statusCode).toBe(404);
    expect(root.body).toContain("npm run build:web");
    expect((await unbuilt.inject({ method: "GET", url: "/campaigns/1", headers: html })).statusCode).toBe(404);
  });
});
