// The letter commands as staff run them: `letters batches|download|handed-over|returned` print only
// JSON with --json, copy the handover zip where they are told, and exit 2 on bad input.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/atomic-write.ts";
import { systemClock } from "../../src/clock.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { inLetterDir, printBatchFiles } from "../../src/letters/files.ts";
import { runCli } from "../support/cli.ts";
import { useTestDatabase } from "../support/db.ts";

const { db, url } = await useTestDatabase();
const letterDir = mkdtempSync(join(tmpdir(), "budstikke-letters-cli-"));
const out = mkdtempSync(join(tmpdir(), "budstikke-letters-out-"));
const env = { DATABASE_URL: url, LETTER_DIR: letterDir };

const member = await db.member.create({
  data: { memberNumber: "91001", firstName: "Kari", lastName: "Nordmann", status: "active", addressLine: "Storgata 1", postcode: "0155", city: "Oslo" },
});
const campaign = await createCampaign(db, {
  name: "Uravstemning", purpose: "bargaining", channels: ["letter"], audience: { rules: { field: "status", op: "eq", value: "active" } },
  content: { letter: { returnLine: "NTL, Postboks 1, 0101 OSLO", place: "Oslo", body: "Hei {{member.firstName}}." } },
}, systemClock);
const files = printBatchFiles(campaign.id, 1);
for (const [kind, f] of Object.entries(files)) await writeFileAtomic(inLetterDir(letterDir, f), `${kind} of batch 1`);
const batch = await db.printBatch.create({
  data: { campaignId: campaign.id, number: 1, letters: 1, pages: 2, sheets: 1, pdfFile: files.pdf, manifestFile: files.manifest, zipFile: files.zip, createdAt: new Date() },
});

await db.letterPiece.create({
  data: { deliveryId: 1n, campaignId: campaign.id, memberId: member.id, pages: 2, sheets: 1, postcode: "0155", printBatchId: batch.id, sequence: 1, renderedAt: new Date() },
});

describe("when staff handle print batches from the command line", () => {
  it("should list batches as pure JSON with postage and the bulk warning", async () => {
    const listed = await runCli(["letters", "batches", "--json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).items).toEqual([
      expect.objectContaining({ id: batch.id, campaignId: campaign.id, letters: 1, pages: 2, sheets: 1, postage: 17.5, belowBulkMinimum: true, status: "ready" }),
    ]);
    const text = await runCli(["letters", "batches"], env);
    expect(text.stdout).toMatch(/below bulk minimum/);
  });

  it("should copy the zip to the directory given, and audit the download", async () => {
    const result = await runCli(["letters", "download", String(batch.id), "--out", out, "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    const { path } = JSON.parse(result.stdout) as { path: string };
    expect(path).toBe(join(out, files.zip.split("/").pop()!));
    expect(readFileSync(path, "utf8")).toBe("zip of batch 1");
    expect(await db.auditLog.count({ where: { action: "letters.download", entityId: String(batch.id) } })).toBe(1);
    const bad = await runCli(["letters", "download", String(batch.id), "--out", out, "--file", "docx"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--file must be zip, pdf or manifest/);
    expect(existsSync(join(out, "docx"))).toBe(false);
  });

  it("should mark a batch handed over once, refusing a date that is not one", async () => {
    const badDate = await runCli(["letters", "handed-over", String(batch.id), "--on", "3. desember"], env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/not a date/);
    const done = await runCli(["letters", "handed-over", String(batch.id), "--on", "2026-12-02", "--json"], env);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: "handed_over", handedOverOn: "2026-12-02", handedOverBy: "system:cli" });
    const again = await runCli(["letters", "handed-over", String(batch.id)], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already handed over on 2026-12-02/);
  });

  it("should show a draft letter campaign's expected letters and postage in `campaign status`", async () => {
    const draft = await createCampaign(db, {
      name: "Kontingent", purpose: "service", channels: ["email", "letter"], channelMode: "first-available",
      audience: { rules: { field: "status", op: "eq", value: "active" } },
      content: {
        email: { subject: "Hei", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei</mj-text></mj-column></mj-section></mj-body></mjml>" },
        letter: { returnLine: "NTL, Postboks 1, 0101 OSLO", place: "Oslo", body: "Hei {{member.firstName}}." },
      },
    }, systemClock);
    const json = await runCli(["campaign", "status", String(draft.id), "--json"], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      state: "draft", channelMode: "first-available", split: { email: 0, letter: 0 },
      expected: { split: { channels: { email: 0, letter: 1 }, none: 0 }, letters: { letters: 1, pages: 1, postage: 17.5, belowBulkMinimum: true } },
    });
    const text = await runCli(["campaign", "status", String(draft.id)], env);
    expect(text.stdout).toMatch(/Expected split \(one message per member, first available channel\): email 0, letter 1; no channel: 0/);
    expect(text.stdout).toMatch(/Letters: 1 \(1 page\(s\) each: 1 pages, 1 sheets\) in 1 print batch\(es\), postage about 17,50/);
  });

  it("should record returned letters, and exit 2 when no member number is known", async () => {
    const result = await runCli(["letters", "returned", member.memberNumber, "404", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ marked: ["91001"], alreadyInvalid: [], noAddress: [], unknown: ["404"] });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).addressInvalidAt).not.toBeNull();
    const unknown = await runCli(["letters", "returned", "404"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/none of the member numbers is known/);
  });
});
