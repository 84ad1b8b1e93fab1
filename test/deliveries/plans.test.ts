// The per-batch statements touch only the batch's rows whatever the campaign's size and whatever
// the statistics say: on a 300,000-row campaign that was never analysed, their plans go through
// the (campaign_id, channel, batch_no, member_id) index and read about a batch's worth of rows.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FINISH_SQL } from "../../src/deliveries/batches.ts";
import { CLAIM_SQL } from "../../src/deliveries/claims.ts";
import { useTestDatabase } from "../support/db.ts";
import { campaignWithDeliveries, seedMembers } from "./support.ts";

const { db } = await useTestDatabase();
await seedMembers(db, 30);

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const BATCH_INDEX = "delivery_campaign_id_channel_batch_no_member_id_idx";

class Rollback extends Error {}

/** EXPLAIN ANALYZE runs the statement: in a transaction that is rolled back, so nothing changes. */
async function explain(sql: string, params: unknown[]): Promise<PlanNode> {
  let plan: PlanNode | undefined;
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<Array<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, ...params);
    plan = row!["QUERY PLAN"][0]!.Plan;
    throw new Rollback();
  }).catch((error: unknown) => {
    if (!(error instanceof Rollback)) throw error;
  });
  return plan!;
}

describe("when a campaign has 300,000 deliveries and the table was never analysed", () => {
  it("should claim and count a batch through its index, reading only that batch", async () => {
    const { campaignId } = await campaignWithDeliveries(db);
    await db.$executeRawUnsafe(`ALTER TABLE delivery SET (autovacuum_enabled = false)`);
    // The big campaign, written as the launch writes it, but with no ANALYZE afterwards.
    await db.$executeRawUnsafe(
      `INSERT INTO delivery (campaign_id, member_id, channel, status, batch_no)
       SELECT $1, g, 'email', 'pending', (g - 1000000) / 100 FROM generate_series(1000000, 1299999) g`,
      campaignId,
    );
    // The product's own statements, with a batch in the middle of the big campaign.
    const statements: Array<[string, string, unknown[]]> = [
      ["claim", CLAIM_SQL, [campaignId, "email", 1500, 0, 50, randomUUID(), 60_000]],
      ["finish", FINISH_SQL, [campaignId, "email", 1500, 0]],
    ];
    for (const [name, sql, params] of statements) {
      const plan = await explain(sql, params);
      const scans = nodes(plan).filter((n) => n["Relation Name"] === "delivery");
      expect(scans.map((n) => n["Index Name"]), name).toEqual(expect.arrayContaining([BATCH_INDEX]));
      // Only that index, the primary key (the UPDATE finding the claimed rows) and the update itself.
      const allowed = new Set([BATCH_INDEX, "delivery_pkey"]);
      expect(scans.filter((n) => n["Node Type"] !== "ModifyTable" && !allowed.has(n["Index Name"] ?? "")), name).toEqual([]);
      const touched = scans
        .filter((n) => n["Index Name"] === BATCH_INDEX)
        .reduce((sum, n) => sum + (n["Actual Rows"] ?? 0) + (n["Rows Removed by Filter"] ?? 0), 0);
      expect(touched, name).toBeGreaterThanOrEqual(50);
      expect(touched, name).toBeLessThanOrEqual(100);
    }
  });
});
