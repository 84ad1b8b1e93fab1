// A campaign with deliveries and batches, made through the product's own launch statements but
// without queues or workers, for the deliveries module's own tests.
import { createCampaign } from "../../src/campaigns/store.ts";
import { systemClock } from "../../src/clock.ts";
import type { Db } from "../../src/db/client.ts";
import { openBatches, type BatchRange } from "../../src/deliveries/batches.ts";
import { createDeliveries } from "../../src/deliveries/launch.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { snapshotRecipients } from "../../src/segments/snapshot.ts";
import { TEST_CONTENT } from "../support/pipeline-harness.ts";

export async function seedMembers(db: Db, count: number): Promise<void> {
  await importMembersFromText(db, [...generateMembersCsv(count, 3)].join(""));
}

export async function campaignWithDeliveries(db: Db, options: { batchSize?: number; channels?: Array<"email" | "sms"> } = {}): Promise<{ campaignId: number; batches: BatchRange[] }> {
  const channels = options.channels ?? ["email"];
  const campaign = await createCampaign(db, {
    name: "Test", purpose: "information", audience: { rules: { field: "status", op: "ne", value: "resigned" } },
    channels, content: TEST_CONTENT, data: { deadline: "x" },
  }, systemClock);
  const snapshot = await snapshotRecipients(db, { rules: { field: "status", op: "ne", value: "resigned" } }, systemClock);
  await db.campaign.update({ where: { id: campaign.id }, data: { snapshotId: snapshot.snapshotId, state: "sending" } });
  await createDeliveries(db, { campaignId: campaign.id, snapshotId: snapshot.snapshotId, channels, batchSize: options.batchSize ?? 20 });
  return { campaignId: campaign.id, batches: await openBatches(db, campaign.id) };
}
