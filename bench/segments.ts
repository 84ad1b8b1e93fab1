// npm run bench:segments [-- --members N] [--json] — segment preview and snapshot timings on a
// dedicated database (budstikke_bench) holding 1,000,000 generated members; it seeds if needed.
// Prints the median count time of a 3-condition rule, the time of a 10-condition nested rule,
// the snapshot time of a ~500k-member segment, and the EXPLAIN (ANALYZE, BUFFERS) of the count.
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { ManualClock } from "../src/clock.ts";
import { createDb } from "../src/db/client.ts";
import { generateMembersCsv } from "../src/members/generate.ts";
import { importMembers } from "../src/members/import.ts";
import { evaluationDate } from "../src/segments/age.ts";
import { compileRule } from "../src/segments/compile.ts";
import { countMatching, preview } from "../src/segments/preview.ts";
import { parseRule } from "../src/segments/rules.ts";
import { snapshotRecipients } from "../src/segments/snapshot.ts";
import { benchDatabase, median } from "./support.ts";

const { values } = parseArgs({
  options: { members: { type: "string", default: "1000000" }, runs: { type: "string", default: "11" }, json: { type: "boolean" } },
});
const wanted = Number(values.members);
const runs = Number(values.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);

// A fixed instant keeps `age` results comparable between runs.
const clock = new ManualClock(new Date("2026-06-01T10:00:00Z"));
const evaluatedOn = evaluationDate(clock);

const THREE = parseRule({
  all: [
    { field: "status", op: "eq", value: "active" },
    { field: "employment.sector", op: "eq", value: "state" },
    { field: "geo.county", op: "in", value: ["Vestland", "11"] },
  ],
});

const TEN = parseRule({
  all: [
    { any: [{ field: "status", op: "eq", value: "active" }, { field: "status", op: "in", value: ["student", "apprentice"] }] },
    { not: { field: "branch", op: "startsWith", value: "C" } },
    { any: [
      { all: [{ field: "employment.sector", op: "in", value: ["state", "spekter"] }, { field: "employment.agreement", op: "startsWith", value: "HTA" }] },
      { field: "employment.employerName", op: "eq", value: "helse bergen hf" },
    ] },
    { field: "age", op: "between", value: [25, 60] },
    { not: { any: [{ field: "geo.county", op: "eq", value: "03" }, { field: "geo.postcode", op: "between", value: ["9000", "9999"] }] } },
    { field: "contact.email", op: "exists", value: true },
    { field: "joinedOn", op: "lt", value: "2024-01-01" },
  ],
});

// About 500,000 of the 1,000,000 members: not retired or resigned, 36 or older, reachable by email or SMS.
const HALF = parseRule({
  all: [
    { field: "status", op: "notIn", value: ["retired", "resigned"] },
    { any: [{ field: "contact.email", op: "exists", value: true }, { field: "contact.mobile", op: "exists", value: true }] },
    { field: "age", op: "gte", value: 36 },
  ],
});

const url = await benchDatabase("budstikke_bench");
const db = createDb(url, { max: 4 });
try {
  const existing = await db.member.count();
  if (existing < wanted) {
    log(`seeding ${wanted} generated members (found ${existing}); this takes about a minute…`);
    const started = performance.now();
    await importMembers(db, Readable.from(generateMembersCsv(wanted, 42, 10_000)), { chunkSize: 10_000 });
    await db.$executeRawUnsafe("VACUUM ANALYZE member");
    await db.$executeRawUnsafe("VACUUM ANALYZE employment");
    log(`seeded in ${seconds(performance.now() - started)} s`);
  }
  const members = await db.member.count();

  const time = async (fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const series = async (fn: () => Promise<unknown>) => {
    await fn(); // warm-up: the first run pays for cold buffers and planning caches
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await time(fn));
    return { medianMs: round(median(times)), minMs: round(Math.min(...times)), maxMs: round(Math.max(...times)) };
  };

  const threeCount = await countMatching(db, THREE, evaluatedOn);
  const three = await series(() => countMatching(db, THREE, evaluatedOn));
  const threePreview = await series(() => preview(db, THREE, clock));
  const tenCount = await countMatching(db, TEN, evaluatedOn);
  const ten = await series(() => countMatching(db, TEN, evaluatedOn));

  const snapshots: number[] = [];
  let snapshotCount = 0;
  for (let i = 0; i < 3; i++) {
    let id = 0;
    snapshots.push(await time(async () => {
      const s = await snapshotRecipients(db, { rules: HALF }, clock);
      id = s.snapshotId;
      snapshotCount = s.count;
    }));
    await db.segmentSnapshot.delete({ where: { id } }); // recipients go with it (ON DELETE CASCADE)
  }
  await db.$executeRawUnsafe("VACUUM segment_snapshot_recipient");

  const where = compileRule(THREE, { evaluatedOn });
  const plan = await db.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int AS n FROM ${where.from} WHERE ${where.sql}`,
    ...where.params,
  );
  const explain = plan.map((r) => r["QUERY PLAN"]).join("\n");

  const result = {
    members,
    evaluatedOn,
    threeConditionCount: { matches: threeCount, ...three, limitMs: 300 },
    threeConditionFullPreview: threePreview,
    tenConditionNestedCount: { matches: tenCount, ...ten, limitMs: 1000 },
    snapshot: { recipients: snapshotCount, runsMs: snapshots.map(round), medianMs: round(median(snapshots)), limitMs: 10_000 },
    countSql: where.sql,
  };
  if (values.json) console.log(JSON.stringify({ ...result, explain }, null, 2));
  else {
    console.log(`members: ${members}  (age evaluated on ${evaluatedOn})`);
    console.log(`3-condition count:    ${threeCount} matches, median ${three.medianMs} ms (min ${three.minMs}, max ${three.maxMs}; limit 300 ms)`);
    console.log(`3-condition preview:  median ${threePreview.medianMs} ms (count + sample + breakdowns)`);
    console.log(`10-condition count:   ${tenCount} matches, median ${ten.medianMs} ms (max ${ten.maxMs}; limit 1000 ms)`);
    console.log(`snapshot:             ${snapshotCount} recipients, ${snapshots.map(round).join(" / ")} ms (limit 10000 ms)`);
    console.log(`\ncount SQL: ${where.sql}\n\nEXPLAIN (ANALYZE, BUFFERS):\n${explain}`);
  }
} finally {
  await db.$disconnect();
}

function round(ms: number) {
  return Math.round(ms * 10) / 10;
}
function seconds(ms: number) {
  return Math.round(ms / 100) / 10;
}
