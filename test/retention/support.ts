// A database with records of every kind retention looks at, at chosen ages: campaigns that ended
// long ago and recently, their deliveries, status reports, provider events, letter pieces and
// batches; provider events without a campaign; print batches with files on disk; audit entries;
// quarantined mail; suppressions and the consent ledger (which must outlive everything).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Db } from "../../src/db/client.ts";
import type { CampaignState } from "../../src/generated/prisma/client.ts";

export const DAY = 86_400_000;
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

export const MEMBERS = 30;

export async function seedMembers(db: Db): Promise<number[]> {
  await db.member.createMany({
    data: Array.from({ length: MEMBERS }, (_, i) => ({
      memberNumber: `R${1000 + i}`, firstName: "Kari", lastName: `Nordmann${i}`, status: "active" as const,
      branch: i % 2 === 0 ? "B-EVEN" : "B-ODD", email: `r${i}@example.no`, mobile: `+479100${String(1000 + i)}`,
    })),
  });
  return (await db.member.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((m) => m.id);
}

export interface SeededCampaign {
  id: number;
  deliveryIds: bigint[];
  letterFiles: string[];
}

/**
 * A campaign on email, SMS and letter to every member, with a spread of outcomes and reasons,
 * status reports for some SMS, provider events (complaints, bounces), letter pieces (some with
 * their one-letter PDF still on disk) and its delivery batches.
 */
export async function seedCampaign(
  db: Db, memberIds: number[], letterDir: string,
  options: { name: string; state: CampaignState; completedAt: Date | null; updatedAt: Date },
): Promise<SeededCampaign> {
  const campaign = await db.campaign.create({
    data: { name: options.name, purpose: "information", channels: ["email", "sms", "letter"], templateVersionId: 1, definition: {}, state: options.state },
  });
  await db.$executeRawUnsafe(`UPDATE campaign SET completed_at = $2, updated_at = $3 WHERE id = $1`, campaign.id, options.completedAt, options.updatedAt);
  const email = [["sent", null], ["delivered", null], ["skipped", "opted_out"], ["failed", "hard_bounce"], ["bounced", "bounce 5.1.1"]] as const;
  const sms = [["sent", null], ["skipped", "no_mobile"], ["failed", "twilio_30003"]] as const;
  const rows = memberIds.flatMap((memberId, i) => [
    { campaignId: campaign.id, memberId, channel: "email", status: email[i % 5]![0], reason: email[i % 5]![1], batchNo: Math.floor(i / 10) },
    { campaignId: campaign.id, memberId, channel: "sms", status: sms[i % 3]![0], reason: sms[i % 3]![1], batchNo: Math.floor(i / 10) },
    ...(i < 6 ? [{ campaignId: campaign.id, memberId, channel: "letter", status: "sent" as const, reason: null, batchNo: 0 }] : []),
  ]);
  await db.delivery.createMany({ data: rows });
  const deliveries = await db.delivery.findMany({ where: { campaignId: campaign.id }, orderBy: { id: "asc" } });
  await db.deliveryBatch.createMany({
    data: ["email", "sms", "letter"].flatMap((channel) =>
      [0, 1, 2].filter((b) => channel !== "letter" || b === 0).map((batchNo) => ({
        campaignId: campaign.id, channel, batchNo, firstMemberId: memberIds[batchNo * 10]!, lastMemberId: memberIds[batchNo * 10 + 9]!, size: 10,
      })),
    ),
  });
  const smsSent = deliveries.filter((d) => d.channel === "sms" && d.status === "sent");
  await db.deliveryReport.createMany({
    data: smsSent.map((d) => ({ deliveryId: d.id, providerId: `SM${d.id}`, status: "delivered", appliedAt: options.updatedAt })),
  });
  const emails = deliveries.filter((d) => d.channel === "email");
  const at = options.completedAt ?? options.updatedAt;
  await db.providerEvent.createMany({
    data: [
      ...emails.slice(0, 3).map((d, i) => ({ kind: "complaint", source: "inbound:smtp", channel: "email", deliveryId: d.id, campaignId: campaign.id, memberId: d.memberId, action: "opted_out", idempotencyKey: `c${campaign.id}-complaint-${i}`, at })),
      ...emails.slice(3, 5).map((d, i) => ({ kind: "hard_bounce", source: "inbound:smtp", channel: "email", deliveryId: d.id, campaignId: campaign.id, memberId: d.memberId, action: "suppressed", idempotencyKey: `c${campaign.id}-bounce-${i}`, at })),
    ],
  });
  const letters = deliveries.filter((d) => d.channel === "letter");
  const letterFiles: string[] = [];
  await db.letterPiece.createMany({
    data: letters.map((d, i) => {
      // Two pieces still have their one-letter PDF on disk (an interrupted collation).
      const file = i < 2 ? `campaign-${campaign.id}/letters/${d.id}.pdf` : null;
      if (file) {
        writeFile(join(letterDir, file), "%PDF-1.7 test");
        letterFiles.push(join(letterDir, file));
      }
      return { deliveryId: d.id, campaignId: campaign.id, memberId: d.memberId, pages: 1, sheets: 1, postcode: "0150", file, renderedAt: at };
    }),
  });
  return { id: campaign.id, deliveryIds: deliveries.map((d) => d.id), letterFiles };
}

export function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A print batch made at `createdAt`, with those of its three files that `present` names written under LETTER_DIR. */
export async function seedPrintBatch(
  db: Db, letterDir: string, campaignId: number, number: number, createdAt: Date,
  present: ReadonlyArray<"pdf" | "manifest" | "zip"> = ["pdf", "manifest", "zip"], filesDeletedAt: Date | null = null,
): Promise<{ id: number; paths: string[] }> {
  const stem = `campaign-${campaignId}/budstikke-c${campaignId}-b${number}`;
  const files = { pdf: `${stem}.pdf`, manifest: `${stem}-manifest.csv`, zip: `${stem}.zip` };
  for (const kind of present) writeFile(join(letterDir, files[kind]), kind);
  const batch = await db.printBatch.create({
    data: { campaignId, number, letters: 3, pages: 3, sheets: 3, pdfFile: files.pdf, manifestFile: files.manifest, zipFile: files.zip, createdAt, filesDeletedAt },
  });
  return { id: batch.id, paths: Object.values(files).map((f) => join(letterDir, f)) };
}

export const present = (paths: readonly string[]) => paths.filter((p) => existsSync(p));

/**
 * Everything retention may touch, read back in full or counted: equal snapshots mean nothing
 * changed. Suppressions, consent events and consent state are read row by row.
 */
export async function snapshot(db: Db, files: readonly string[]) {
  const count = async (table: string) => {
    const [row] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table}`);
    return row!.n;
  };
  const tables = ["delivery", "delivery_report", "provider_event", "letter_piece", "delivery_batch", "delivery_aggregate",
    "provider_event_aggregate", "audit_log", "inbound_quarantine", "print_batch"];
  return {
    counts: Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const))),
    campaigns: await db.campaign.findMany({ orderBy: { id: "asc" }, select: { id: true, deliveriesReducedAt: true, updatedAt: true } }),
    printBatches: await db.printBatch.findMany({ orderBy: { id: "asc" }, select: { id: true, filesDeletedAt: true } }),
    files: present(files),
    suppressions: await db.suppression.findMany({ orderBy: { id: "asc" } }),
    consentEvents: await db.consentEvent.findMany({ orderBy: { id: "asc" } }),
    consentState: await db.consentState.findMany({ orderBy: { id: "asc" } }),
  };
}
