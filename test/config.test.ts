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
