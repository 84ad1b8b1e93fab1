// npm exec tsx bench/explain-segment.ts -- '<rules json>' — EXPLAIN (ANALYZE, BUFFERS) of a rule's count on budstikke_bench.
import { createDb } from "../src/db/client.ts";
import { compileRule } from "../src/segments/compile.ts";
import { parseRule } from "../src/segments/rules.ts";
import { benchDatabase } from "./support.ts";

const rule = parseRule(JSON.parse(process.argv[2] ?? "null"));
const db = createDb(await benchDatabase("budstikke_bench"));
try {
  const where = compileRule(rule, { evaluatedOn: process.argv[3] ?? "2026-06-01" });
  const plan = await db.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::int AS n FROM ${where.from} WHERE ${where.sql}`,
    ...where.params,
  );
  console.log(where.sql);
  console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
} finally {
  await db.$disconnect();
}
