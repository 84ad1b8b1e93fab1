import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { countMatching } from "../../src/segments/preview.ts";
import { parseRule } from "../../src/segments/rules.ts";
import { useTestDatabase } from "../support/db.ts";

const { db, url } = await useTestDatabase();
await importMembersFromText(db, [...generateMembersCsv(500, 3)].join(""));

const root = fileURLToPath(new URL("../..", import.meta.url));

function cli(args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${root}node_modules/.bin/tsx`, ["src/cli/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const RULE = { all: [{ field: "status", op: "eq", value: "active" }, { field: "geo.county", op: "in", value: ["Oslo", "46"] }] };

describe("when previewing rules from stdin with --json", () => {
  it("should print only the JSON preview on stdout", async () => {
    const { code, stdout } = await cli(["segment", "preview", "--rules", "-", "--json"], JSON.stringify(RULE));
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { count: number; sample: unknown[]; breakdown: { county: Record<string, number>; status: Record<string, number> } };
    expect(Object.keys(parsed)).toEqual(["count", "sample", "breakdown"]);
    expect(parsed.count).toBe(await countMatching(db, parseRule(RULE), "2026-01-01"));
    expect(Object.keys(parsed.breakdown.county).sort()).toEqual(["Oslo", "Vestland"]);
    expect(parsed.breakdown.status).toEqual({ active: parsed.count });
    expect(parsed.sample).toHaveLength(10);
  });
});

describe("when the rules are invalid", () => {
  it("should print each problem with its path and exit 2", async () => {
    const bad = { all: [{ field: "status", op: "eq", value: "zombie" }, { any: [{ field: "shoe", op: "eq", value: 1 }] }] };
    const { code, stderr } = await cli(["segment", "preview", "--rules", "-"], JSON.stringify(bad));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^all\[0\]\.value: must be one of/m);
    expect(stderr).toMatch(/^all\[1\]\.any\[0\]\.field: unknown field "shoe"/m);
  });

  it("should refuse text that is not JSON with exit 2", async () => {
    const { code, stderr } = await cli(["segment", "preview", "--rules", "-"], "status = 'active'");
    expect(code).toBe(2);
    expect(stderr).toMatch(/not valid JSON/);
  });
});

describe("when a segment is saved, edited and shown", () => {
  it("should show both versions, newest first", async () => {
    const first = await cli(["segment", "save", "--name", "Aktive", "--rules", "-", "--json"], JSON.stringify(RULE));
    expect(first.code).toBe(0);
    const { segmentId } = JSON.parse(first.stdout) as { segmentId: number };
    const edit = await cli(["segment", "save", "--id", String(segmentId), "--rules", "-", "--json"], JSON.stringify({ field: "status", op: "eq", value: "retired" }));
    expect(JSON.parse(edit.stdout)).toMatchObject({ segmentId, version: 2 });
    const shown = await cli(["segment", "show", String(segmentId), "--json"]);
    const detail = JSON.parse(shown.stdout) as { name: string; versions: Array<{ version: number; rules: unknown }> };
    expect(detail.name).toBe("Aktive");
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(detail.versions[1]!.rules).toEqual(RULE);
  });
});
