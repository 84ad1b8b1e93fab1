// Acceptance: a letter campaign to 1,000 members, end to end: claimed and consent-checked at send
// time, each letter rendered to its own PDF, collated into print batches by postcode, handed over.
import { mkdtempSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { inLetterDir } from "../../src/letters/files.ts";
import { listPrintBatches, markHandedOver, printBatchDownload, recordReturnedLetters } from "../../src/letters/service.ts";
import { readPdf } from "../support/pdf.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const letterDir = mkdtempSync(join(tmpdir(), "budstikke-letters-"));
const MAX_PAGES = 300;
const h = await startHarness({ members: 1000, env: { LETTER_DIR: letterDir, LETTER_BATCH_MAX_PAGES: String(MAX_PAGES) } });
afterAll(() => h.close());

const LETTER = {
  letter: {
    returnLine: "NTL, Postboks 9123 Grønland, 0133 OSLO",
    place: "Oslo",
    nb: { body: "# Uravstemning\n\nHei {{member.firstName}}.\n\nFrist {{data.deadline}}." },
  },
};

interface ManifestRow {
  sequence: string;
  member_number: string;
  first_page: string;
  pages: string;
  sheets: string;
  postcode: string;
}

describe("when a campaign goes to 1,000 members by letter", () => {
  let campaignId: number;
  const admin = systemActor("test");

  it("should render a letter for each member with a usable address, and collate them into print batches by postcode", async () => {
    // Some members without a complete postal address: no street line, no postcode, or one marked invalid.
    const ids = (await h.db.member.findMany({ where: { status: { not: "resigned" } }, orderBy: { id: "asc" }, select: { id: true } })).map((m) => m.id);
    await h.db.member.updateMany({ where: { id: { in: ids.slice(100, 110) } }, data: { addressLine: null } });
    await h.db.member.updateMany({ where: { id: { in: ids.slice(200, 205) } }, data: { postcode: null } });
    await h.db.member.updateMany({ where: { id: { in: ids.slice(300, 304) } }, data: { addressInvalidAt: new Date() } });
    const members = await h.db.member.findMany({ orderBy: { id: "asc" } });
    const live = members.filter((m) => m.status !== "resigned");
    const optedOut = live.filter((m) => m.addressLine && m.postcode && !m.addressInvalidAt).slice(0, 7);
    for (const m of optedOut) {
      await recordConsentEvent(h.db, { memberId: m.id, purpose: "all", channel: "letter", action: "opt_out", source: "staff", actor: "test", at: new Date() });
    }
    campaignId = await h.launch({ channels: ["letter"], content: LETTER });
    const status = await h.waitFor(campaignId, allDone, 120_000);

    const out = new Set(optedOut.map((m) => m.id));
    const addressed = live.filter((m) => m.addressLine?.trim() && m.postcode && !m.addressInvalidAt && !out.has(m.id));
    const noAddress = live.filter((m) => !(m.addressLine?.trim() && m.postcode));
    const invalid = live.filter((m) => m.addressLine?.trim() && m.postcode && m.addressInvalidAt);
    expect(addressed.length).toBeGreaterThan(800);
    expect(noAddress.length).toBe(15);
    expect(status.channels.letter).toMatchObject({
      total: 1000, sent: addressed.length, rendered: 0, pending: 0, sending: 0, failed: 0,
      skippedByReason: {
        resigned: members.length - live.length, no_address: noAddress.length, address_invalid: invalid.length, opted_out_channel: optedOut.length,
      },
    });

    const batches = await h.db.printBatch.findMany({ where: { campaignId }, orderBy: { number: "asc" } });
    expect(batches.length).toBeGreaterThan(1);
    const manifests: ManifestRow[] = [];
    for (const batch of batches) {
      expect(batch.pages).toBeLessThanOrEqual(MAX_PAGES);
      const pdf = await PDFDocument.load(readFileSync(inLetterDir(letterDir, batch.pdfFile)));
      const rows = parse(readFileSync(inLetterDir(letterDir, batch.manifestFile)), { columns: true }) as ManifestRow[];
      // The PDF, read back, has exactly the pages the manifest's letters add up to.
      expect(pdf.getPageCount()).toBe(batch.pages);
      expect(rows.reduce((n, r) => n + Number(r.pages), 0)).toBe(batch.pages);
      expect(rows.map((r) => Number(r.sequence))).toEqual(rows.map((_, i) => i + 1));
      expect(rows.length).toBe(batch.letters);
      // Each letter starts where the previous one ended.
      let page = 1;
      for (const r of rows) {
        expect(Number(r.first_page)).toBe(page);
        expect(Number(r.sheets)).toBe(Math.ceil(Number(r.pages) / 2));
        page += Number(r.pages);
      }
      const zip = readFileSync(inLetterDir(letterDir, batch.zipFile));
      expect(zip.subarray(0, 2).toString()).toBe("PK");
      expect(zip.includes(Buffer.from(batch.pdfFile.split("/").pop()!))).toBe(true);
      expect(zip.includes(Buffer.from(batch.manifestFile.split("/").pop()!))).toBe(true);
      manifests.push(...rows);
    }
    // Everyone with an address exactly once, nobody else; in postcode order across the batches.
    expect(manifests.map((r) => r.member_number).sort()).toEqual(addressed.map((m) => m.memberNumber).sort());
    const postcodes = manifests.map((r) => r.postcode || "~");
    expect(postcodes).toEqual([...postcodes].sort());
    // The manifest holds what the print house needs and no name or street address.
    expect(Object.keys(manifests[0]!)).toEqual(["sequence", "member_number", "first_page", "pages", "sheets", "postcode"]);

    // The first letter of the first batch is addressed to the manifest's first member, in the window.
    const first = addressed.find((m) => m.memberNumber === manifests[0]!.member_number)!;
    const text = await readPdf(readFileSync(inLetterDir(letterDir, batches[0]!.pdfFile)));
    expect(text.pageTexts[0]).toContain(`${first.firstName} ${first.lastName}`);
    expect(text.pageTexts[0]).toContain(first.postcode!);

    // The one-letter files are gone once collated (they hold addresses).
    expect(readdirSync(join(letterDir, `campaign-${campaignId}`, "letters")).filter((f) => f.endsWith(".pdf"))).toEqual([]);
  });

  it("should list batches with postage, audit a download, and deliver a batch's letters when it is handed over", async () => {
    const listed = await listPrintBatches(h, admin, { campaignId });
    expect(listed.every((b) => b.postage > 0 && b.status === "ready")).toBe(true);
    const batch = listed.find((b) => b.number === 1)!;
    const file = await printBatchDownload(h, admin, batch.id, "zip");
    expect(existsSync(file.path)).toBe(true);
    expect(await h.db.auditLog.count({ where: { action: "letters.download", entityId: String(batch.id) } })).toBe(1);

    await expect(markHandedOver(h, admin, batch.id, { on: "2999-01-01" })).rejects.toThrow(/future/);
    const handed = await markHandedOver(h, admin, batch.id, { on: "2026-12-03" });
    expect(handed).toMatchObject({ status: "handed_over", handedOverOn: "2026-12-03" });
    const delivered = await h.db.$queryRawUnsafe<Array<{ status: string; n: number }>>(
      `SELECT d.status::text AS status, count(*)::int AS n FROM delivery d JOIN letter_piece lp ON lp.delivery_id = d.id
       WHERE lp.print_batch_id = $1 GROUP BY 1`, batch.id,
    );
    expect(delivered).toEqual([{ status: "delivered", n: batch.letters }]);
    await expect(markHandedOver(h, admin, batch.id)).rejects.toThrow(/already handed over/);
  });

  it("should mark the postal address invalid for a returned letter, and report unknown member numbers", async () => {
    const [piece] = await h.db.$queryRawUnsafe<Array<{ member_number: string; member_id: number; delivery_id: bigint }>>(
      `SELECT m.member_number, m.id AS member_id, lp.delivery_id FROM letter_piece lp JOIN member m ON m.id = lp.member_id
       WHERE lp.campaign_id = $1 ORDER BY lp.sequence LIMIT 1`, campaignId,
    );
    const result = await recordReturnedLetters(h, admin, [piece!.member_number, "NO-SUCH-MEMBER"]);
    expect(result).toEqual({ marked: [piece!.member_number], alreadyInvalid: [], noAddress: [], unknown: ["NO-SUCH-MEMBER"] });
    const member = await h.db.member.findUniqueOrThrow({ where: { id: piece!.member_id } });
    expect(member.addressInvalidAt).not.toBeNull();
    const delivery = await h.db.delivery.findUniqueOrThrow({ where: { id: piece!.delivery_id } });
    expect(delivery.status).toBe("bounced");
    // A second report of the same letter changes nothing more.
    expect(await recordReturnedLetters(h, admin, [piece!.member_number])).toMatchObject({ marked: [], alreadyInvalid: [piece!.member_number] });
  });
});
