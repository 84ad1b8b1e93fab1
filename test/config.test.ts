import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "budstikke-config-"));

describe("when loading configuration", () => {
  it("should default to a developer machine and keep a generated key in a file", () => {
    const dir = tmp();
    const config = loadConfig({}, dir);
    expect(config.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/budstikke");
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(config.PUBLIC_URL).toBe("http://localhost:3000");
    expect(config.OUTBOX_DIR).toBe("./outbox");
    expect(config.secretKeys[0]).toBe(readFileSync(join(dir, ".secret-key"), "utf8").trim());
    expect(loadConfig({}, dir).secretKeys[0]).toBe(config.secretKeys[0]);
  });

  it("should require SECRET_KEY in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" }, tmp())).toThrow(/SECRET_KEY: required when NODE_ENV=production/);
  });

  it("should require an https PUBLIC_URL in production, where every link and callback is built on it", () => {
    const production = { NODE_ENV: "production", SECRET_KEY: "s".repeat(32) };
    expect(() => loadConfig(production, tmp())).toThrow(/PUBLIC_URL: required when NODE_ENV=production/);
    expect(() => loadConfig({ ...production, PUBLIC_URL: "http://budstikke.ntl.no" }, tmp())).toThrow(/PUBLIC_URL: must be https:\/\/ when NODE_ENV=production/);
    expect(loadConfig({ ...production, PUBLIC_URL: "https://budstikke.ntl.no" }, tmp()).PUBLIC_URL).toBe("https://budstikke.ntl.no");
    // Development keeps the local default.
    expect(loadConfig({ NODE_ENV: "development" }, tmp()).PUBLIC_URL).toBe("http://localhost:3000");
  });

  it("should read the delivery settings this version adds, with their defaults", () => {
    const config = loadConfig({}, tmp());
    expect(config).toMatchObject({
      RECORD_FLUSH_MS: 25, CLAIM_LEASE_MS: 30_000, SWEEP_INTERVAL_MS: 60_000, THROTTLE_BACKOFF_MS: 60_000,
      SMS_RETRY_UNCERTAIN: false, PREFERENCES_OPT_IN_DAYS: 7, FULL_SYNC_MAX_RESIGN_SHARE: 0.1, QUEUE_PREFIX: "{budstikke}",
    });
    expect(config.TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: "10.0.0.1, 10.1.0.0/16", SMS_RETRY_UNCERTAIN: "true" }, tmp())).toMatchObject({
      TRUST_PROXY: ["10.0.0.1", "10.1.0.0/16"], SMS_RETRY_UNCERTAIN: true,
    });
    expect(() => loadConfig({ QUEUE_PREFIX: "{open" }, tmp())).toThrow(/QUEUE_PREFIX/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: "a:1,b" }, tmp())).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadConfig({ SMS_RETRY_UNCERTAIN: "maybe" }, tmp())).toThrow(/SMS_RETRY_UNCERTAIN: must be true or false/);
  });

  it("should report every bad variable at once, by name", () => {
    try {
      loadConfig({ DATABASE_URL: "mysql://x", PORT: "99999", PUBLIC_URL: "not a url", TWILIO_FROM: "123456789012" }, tmp());
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as Error).message;
      for (const name of ["DATABASE_URL", "PORT", "PUBLIC_URL", "TWILIO_FROM"]) expect(text).toContain(name);
    }
  });

  it("should put the current key first and keep previous keys for verification", () => {
    const config = loadConfig({ SECRET_KEY: "k".repeat(32), SECRET_KEYS_PREVIOUS: `${"a".repeat(32)}, ${"b".repeat(32)}` }, tmp());
    expect(config.secretKeys).toEqual(["k".repeat(32), "a".repeat(32), "b".repeat(32)]);
  });
});
