// npm run bench:import [-- --rows N] — generated members through the real import path,
// into a fresh database. Prints rows/s for a first import (inserts) and a re-import (unchanged).
import { writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../src/db/client.ts";
import { generateMembersCsv } from "../src/members/generate.ts";
import { importMembers } from "../src/members/import.ts";
import { benchDatabase } from "./support.ts";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, json: { type: "boolean" } } });
const rows = Number(values.rows);
const dir = mkdtempSync(join(tmpdir(), "budstikke-bench-"));
const file = join(dir, "members.csv");
writeFileSync(file, [...generateMembersCsv(rows, 42)].join(""));

const url = await benchDatabase("budstikke_bench_import", { fresh: true });
const db = createDb(url);
const results: Record<string, { seconds: number; rowsPerSecond: number; report: unknown }> = {};
try {
  for (const pass of ["insert", "unchanged"] as const) {
    const started = performance.now();
    const report = await importMembers(db, file);
    const seconds = (performance.now() - started) / 1000;
    const { rejected, ...counts } = report;
    results[pass] = { seconds: round(seconds), rowsPerSecond: Math.round(rows / seconds), report: { ...counts, rejected: rejected.length } };
  }
} finally {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}
if (values.json) console.log(JSON.stringify({ rows, ...results }, null, 2));
else {
  for (const [pass, r] of Object.entries(results)) {
    console.log(`${pass.padEnd(10)} ${rows} rows in ${r.seconds} s = ${r.rowsPerSecond} rows/s  ${JSON.stringify(r.report)}`);
  }
}

function round(n: number) {
  return Math.round(n * 1000) / 1000;
}
