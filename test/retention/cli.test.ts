// `budstikke retention run` as a real child process: the dry run prints the same counts the run
// then applies (JSON only on stdout), the run records itself in the audit trail, and the exit codes
// say bad input (2) and could not run (1).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { useTestDatabase } from "../support/db.ts";
import { daysBefore } from "./support.ts";

const { db, url } = await useTestDatabase();
const env = {
  NODE_ENV: "test", DATABASE_URL: url, LOG_LEVEL: "silent", SECRET_KEY: "retention-cli-secret-key-0123456789abcdef",
  LETTER_DIR: mkdtempSync(join(tmpdir(), "budstikke-retention-cli-")),
};
const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });

beforeAll(async () => {
  // The CLI runs on the system clock: ages are relative to now.
  const now = new Date();
  await db.auditLog.create({ data: { at: daysBefore(now, 1900), actor: "system:test", action: "ancient" } });
  await db.inboundQuarantine.create({ data: { receivedVia: "smtp", reason: "unmatched", size: 1, raw: Buffer.from("x"), receivedAt: daysBefore(now, 40) } });
});

describe("when an operator runs retention from the command line", () => {
  it("should show what would go with --dry-run, change nothing, and then remove exactly that", async () => {
    const dry = await cli(["retention", "run", "--dry-run", "--json"]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    const planned = JSON.parse(dry.stdout);
    expect(planned).toMatchObject({ dryRun: true, audit: { days: 1825, entries: 1 }, inboundQuarantine: { days: 30, messages: 1 } });
    expect(await db.auditLog.count({ where: { action: "ancient" } })).toBe(1);
    expect(await db.inboundQuarantine.count()).toBe(1);

    const applied = await cli(["retention", "run", "--json"]);
    expect(applied.code).toBe(0);
    const done = JSON.parse(applied.stdout);
    expect(done).toMatchObject({ dryRun: false, audit: { entries: 1 }, inboundQuarantine: { messages: 1 }, deliveries: { campaigns: 0 } });
    expect(await db.auditLog.count({ where: { action: "ancient" } })).toBe(0);
    expect(await db.inboundQuarantine.count()).toBe(0);
    expect(await db.auditLog.findFirst({ where: { action: "retention.run" } })).toMatchObject({ actor: "system:cli" });
  });

  it("should print a table per category without --json", async () => {
    const result = await cli(["retention", "run", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Dry run at .*nothing was changed/);
    expect(result.stdout).toMatch(/audit entries\s+1825\s+\d{4}-\d{2}-\d{2}\s+0/);
  });

  it("should exit 2 on a bad option and 1 when the database cannot be reached", async () => {
    expect((await cli(["retention", "run", "--now"])).code).toBe(2);
    const down = await cli(["retention", "run", "--dry-run"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" });
    expect(down.code).toBe(1);
    expect(down.stdout).toBe("");
  });
});
