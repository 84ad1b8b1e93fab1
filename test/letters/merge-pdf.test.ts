import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mergePdfFiles, PdfMergeError } from "../../src/letters/merge-pdf.ts";
import { renderLetters, type LetterLayoutOptions } from "../../src/templates/letter.ts";
import { readPdf } from "../support/pdf.ts";

const dir = mkdtempSync(join(tmpdir(), "budstikke-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const layout: LetterLayoutOptions = {
  returnLine: "Avsender: Fagforeningen, Postboks 1, 0101 OSLO",
  place: "Oslo",
  dateText: "3. desember 2026",
  creationDate: new Date("2026-12-03T08:00:00Z"),
};

/** A one-letter PDF as the letter channel renders it: `paragraphs` long enough to fill `pages` pages. */
async function letter(n: number, paragraphs: number): Promise<Buffer> {
  const body = [`# Brev nummer ${n}`, ...Array.from({ length: paragraphs }, (_, i) => `Avsnitt ${i + 1} i brev ${n}. ${"Æøå tariff og uravstemning. ".repeat(25)}`)].join("\n\n");
  const { pdf } = await renderLetters([{ address: { name: `Medlem ${n}`, lines: [`Gate ${n}`, "0150 OSLO"] }, body }], layout);
  return pdf;
}

describe("mergePdfFiles", () => {
  it("should write every page of every letter, in order, into one PDF that a reader opens", async () => {
    const letters = await Promise.all([letter(1, 1), letter(2, 12), letter(3, 1), letter(4, 25), letter(5, 2)]);
    const ownPages = await Promise.all(letters.map(async (pdf) => (await readPdf(pdf)).pages));
    expect(ownPages.some((p) => p > 1)).toBe(true);
    const path = join(dir, "batch.pdf");

    const merged = await mergePdfFiles(path, letters);

    const total = ownPages.reduce((a, b) => a + b, 0);
    expect(merged.pages).toBe(total);
    let first = 1;
    expect(merged.placements).toEqual(ownPages.map((pageCount) => {
      const placement = { firstPage: first, pageCount };
      first += pageCount;
      return placement;
    }));
    const read = await readPdf(readFileSync(path));
    expect(read.pages).toBe(total);
    // Each letter starts on its own placement's page, with its own address and heading.
    merged.placements.forEach((placement, i) => {
      const page = read.pageTexts[placement.firstPage - 1]!;
      expect(page).toContain(`Medlem ${i + 1}`);
      expect(page).toContain(`Brev nummer ${i + 1}`);
    });
    expect(read.text).toContain("Æøå tariff og uravstemning.");
    expect(merged.bytes).toBe(readFileSync(path).length);
    // Names and addresses: readable by the owner only.
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("should take the letters one at a time from an async source", async () => {
    async function* fromDisk() {
      for (let n = 1; n <= 30; n++) {
        const file = join(dir, `letter-${n}.pdf`);
        writeFileSync(file, await letter(n, 1));
        yield readFileSync(file);
      }
    }
    const path = join(dir, "thirty.pdf");
    const merged = await mergePdfFiles(path, fromDisk());
    const read = await readPdf(readFileSync(path));
    expect(read.pages).toBe(merged.pages);
    expect(read.pageTexts[merged.placements[29]!.firstPage - 1]).toContain("Medlem 30");
  });

  it("should refuse an input that is not a PDF, naming which, and leave no file behind", async () => {
    const good = await letter(1, 1);
    const failing = join(dir, "failing");
    mkdirSync(failing);
    await expect(mergePdfFiles(join(failing, "bad.pdf"), [good, Buffer.from("not a pdf at all")])).rejects.toThrow(PdfMergeError);
    await expect(mergePdfFiles(join(failing, "bad.pdf"), [good, Buffer.from("not a pdf at all")])).rejects.toThrow(/input 2/);
    // Neither a half-written batch at the path nor its temp file: nothing can be handed over by mistake.
    expect(readdirSync(failing)).toEqual([]);
  });

  it("should refuse to write an empty print batch", async () => {
    await expect(mergePdfFiles(join(dir, "empty.pdf"), [])).rejects.toThrow(/no inputs/);
  });
});
