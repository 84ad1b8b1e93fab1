// EXPLAIN (ANALYZE, BUFFERS) of the delivery pipeline's hot statements, on the benchmark's own
// campaign once it is sent: the plans show that each per-batch statement reads one batch's rows
// through its index, whatever the campaign's size. Run in transactions that are rolled back.
import { randomUUID } from "node:crypto";
import type { Db } from "../src/db/client.ts";
import { FINISH_SQL } from "../src/deliveries/batches.ts";
import { CLAIM_SQL, RENEW_SQL } from "../src/deliveries/claims.ts";
import { RECORD_SENT_SQL } from "../src/deliveries/recorder.ts";

export interface ExplainedStatement {
  name: string;
  plan: string;
  executionMs: number;
}

class Rollback extends Error {}

async function explain(db: Db, sql: string, params: unknown[]): Promise<{ plan: string; executionMs: number }> {
  let out = { plan: "", executionMs: 0 };
  await db
    .$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, ...params);
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      out = { plan, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0) };
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return out;
}

/** The hot statements for one batch in the middle of the campaign, as the workers run them. */
export async function explainHotStatements(db: Db, campaignId: number): Promise<ExplainedStatement[]> {
  const [batch] = await db.$queryRawUnsafe<Array<{ batch_no: number; first: number }>>(
    `SELECT batch_no, first_member_id AS first FROM delivery_batch WHERE campaign_id = $1 AND channel = 'email'
     ORDER BY batch_no OFFSET (SELECT count(*) / 2 FROM delivery_batch WHERE campaign_id = $1 AND channel = 'email') LIMIT 1`,
    campaignId,
  );
  if (!batch) return [];
  const ids = await db.$queryRawUnsafe<Array<{ id: bigint; claim_token: string | null }>>(
    `SELECT id, claim_token FROM delivery WHERE campaign_id = $1 AND channel = 'email' AND batch_no = $2 ORDER BY member_id LIMIT 50`,
    campaignId, batch.batch_no,
  );
  const deliveryIds = ids.map((r) => r.id);
  const tokens = ids.map((r) => r.claim_token ?? randomUUID());
  const statements: Array<[string, string, unknown[]]> = [
    ["claim (next sub-batch of a batch)", CLAIM_SQL, [campaignId, "email", batch.batch_no, batch.first - 1, 50, randomUUID(), 30_000]],
    ["finish (what is left of a batch; close it)", FINISH_SQL, [campaignId, "email", batch.batch_no, 0]],
    ["record sent (the acceptance recorder's write, 50 rows)", RECORD_SENT_SQL, [deliveryIds, tokens, deliveryIds.map((id) => `<d${id}@bench>`)]],
    ["renew leases (the heartbeat, 50 rows)", RENEW_SQL, [deliveryIds, tokens, 30_000]],
  ];
  const out: ExplainedStatement[] = [];
  for (const [name, sql, params] of statements) out.push({ name, ...(await explain(db, sql, params)) });
  return out;
}

export interface StatementCost {
  query: string;
  calls: number;
  rows: number;
  totalMs: number;
}

/** The statements that took the database's time during the run, if pg_stat_statements is loaded. */
export async function topStatements(db: Db, database: string, limit = 12): Promise<StatementCost[] | null> {
  try {
    const rows = await db.$queryRawUnsafe<Array<{ query: string; calls: bigint; rows: bigint; total: number }>>(
      `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls, rows, total_exec_time + total_plan_time AS total
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1
       ORDER BY total DESC LIMIT $2`,
      database, limit,
    );
    return rows.map((r) => ({ query: r.query.slice(0, 140), calls: Number(r.calls), rows: Number(r.rows), totalMs: Math.round(r.total) }));
  } catch {
    return null;
  }
}

/** Forgets the statistics so far; false when pg_stat_statements is not loaded (shared_preload_libraries). */
export async function resetStatements(db: Db): Promise<boolean> {
  try {
    await db.$executeRawUnsafe(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
    await db.$queryRawUnsafe(`SELECT pg_stat_statements_reset()::text`);
    return true;
  } catch {
    return false;
  }
}
