import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { useTestDatabase } from "../support/db.ts";

const { url } = await useTestDatabase();
const env = { DATABASE_URL: url };
const dir = mkdtempSync(join(tmpdir(), "budstikke-cli-"));

describe("when a newcomer runs generate and import from the command line", () => {
  it("should report 1000 inserted as pure JSON on stdout, then 1000 unchanged", async () => {
    const generated = await runCli(["members", "generate", "--count", "1000", "--seed", "1"], env);
    expect(generated.code).toBe(0);
    const file = join(dir, "m.csv");
    writeFileSync(file, generated.stdout);

    const first = await runCli(["members", "import", file, "--json"], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ inserted: 1000, updated: 0, unchanged: 0, rejected: [], warnings: [] });

    const second = await runCli(["members", "import", file, "--json"], env);
    expect(JSON.parse(second.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1000 });
  });

  it("should exit 2 with a clear message when the file is refused, and print no JSON", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "member_number,first_name\n1,Kari\n");
    const result = await runCli(["members", "import", file, "--json"], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/lacks required columns: last_name, status/);
  });

  it("should refuse a --full-sync that would resign most members with exit 2, and do it with --force", async () => {
    const generated = await runCli(["members", "generate", "--count", "40", "--seed", "9"], env);
    const rows = generated.stdout.trim().split("\n");
    const cut = join(dir, "cut.csv");
    writeFileSync(cut, `${rows.slice(0, 6).join("\n")}\n`); // the header and five members of 1,040
    const refused = await runCli(["members", "import", cut, "--full-sync", "--json"], env);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/--full-sync refused: \d+ of the \d+ current members \([\d.]+%\) are not in the file .*--force/);
    const forced = await runCli(["members", "import", cut, "--full-sync", "--force", "--json"], env);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).resigned).toBeGreaterThan(900);
  });

  it("should exit 2 for a missing file and 1 when the database cannot be reached", async () => {
    expect((await runCli(["members", "import", join(dir, "nope.csv")], env)).code).toBe(2);
    const down = await runCli(["summary"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/PostgreSQL|reach|ECONNREFUSED/i);
  });

  it("should exit 1 with a message per bad variable on bad configuration", async () => {
    const result = await runCli(["summary"], { DATABASE_URL: "mysql://nope", REDIS_URL: "http://x" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(result.stderr).toMatch(/REDIS_URL/);
  });
});
