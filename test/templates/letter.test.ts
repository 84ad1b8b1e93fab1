import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { WINDOW_BOX_MM } from "../../src/templates/letter.ts";
import { readPdf } from "../support/pdf.ts";
import { compile, contextFor, newsletterFixture } from "./support.ts";

const clock = new ManualClock(new Date("2026-11-26T23:30:00Z")); // already 27 November in Oslo
const MM = 72 / 25.4;

/** True when the font is embedded as a subset (what `pdffonts` shows as emb yes, sub yes). */
const embedsSubsetFont = (pdf: Buffer, name: string) =>
  new RegExp(`/BaseFont /[A-Z]{6}\\+${name}\\b`).test(pdf.toString("latin1")) && pdf.toString("latin1").includes("/FontFile2");

describe("when a letter is rendered", () => {
  it("should place the recipient's name and address inside the window box, with æøå intact", async () => {
    const t = await compile(newsletterFixture());
    const ctx = contextFor("nb");
    ctx.address = { name: "Åse Kjærsti Ødegård", lines: ["Bjørkeveien 7", "7011 TRONDHEIM"] };
    const pdf = await t.renderLetter(ctx, { clock });
    const read = await readPdf(pdf);
    const all = read.words;
    const box = { left: WINDOW_BOX_MM.left * MM, right: WINDOW_BOX_MM.right * MM, top: WINDOW_BOX_MM.top * MM, bottom: WINDOW_BOX_MM.bottom * MM };
    for (const expected of ["Åse", "Kjærsti", "Ødegård", "Bjørkeveien", "7", "7011", "TRONDHEIM"]) {
      const w = all.find((x) => x.text === expected && x.yMin < box.bottom);
      expect(w, expected).toBeDefined();
      expect(w!.xMin).toBeGreaterThanOrEqual(box.left);
      expect(w!.xMax).toBeLessThanOrEqual(box.right);
      expect(w!.yMin).toBeGreaterThanOrEqual(box.top);
      expect(w!.yMax).toBeLessThanOrEqual(box.bottom);
    }
    // The return line is in the window too, above the name.
    const ret = all.find((w) => w.text === "Grønland,")!;
    expect(ret.yMin).toBeGreaterThanOrEqual(box.top);
    expect(ret.yMax).toBeLessThanOrEqual(all.find((w) => w.text === "Åse")!.yMin + 0.5);
    const text = read.text;
    expect(text).toMatch(/Oslo, 27\. november 2026/);
    expect(text).toContain("Vårkampanjen"); // the # heading is {{campaign.name}}
    expect(text).toContain("Dette får du");
    expect(text).not.toContain("Side 1 av");
    expect(read.pages).toBe(1);
    expect(embedsSubsetFont(pdf, "DejaVuSans")).toBe(true);
  });

  it("should number the pages of a letter longer than one page", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `## Punkt ${i + 1}\n\nDette er avsnitt ${i + 1} om lønn, særavtaler og pensjon for {{member.firstName}}.`).join("\n\n");
    const t = await compile({ name: "Lang", purpose: "service", letter: { returnLine: "NTL, Postboks 9123 Grønland, 0133 OSLO", place: "Oslo", nb: { body: long } } });
    const read = await readPdf(await t.renderLetter(contextFor("nb"), { clock }));
    const pages = read.pages;
    expect(pages).toBeGreaterThan(1);
    const text = read.text;
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Side ${n} av ${pages}`);
  });
});

describe("when a print batch is built", () => {
  it("should produce one merged PDF whose manifest page counts match it", async () => {
    const t = await compile(newsletterFixture());
    const longBody = { ...newsletterFixture(), purpose: "service" as const };
    longBody.letter!.nb.body = Array.from({ length: 30 }, (_, i) => `Avsnitt ${i + 1} med litt tekst som fyller siden for {{member.firstName}}.`).join("\n\n");
    const tLong = await compile(longBody);
    const items = Array.from({ length: 5 }, (_, i) => {
      const context = contextFor(i % 2 ? "nn" : "nb", { firstName: `Medlem${i}` });
      context.address = { name: `Medlem${i} Ås`, lines: [`Storgata ${i + 1}`, "0155 OSLO"] };
      return { memberNumber: `M${i}`, context };
    });
    const short = await t.buildPrintBatch(items, { clock });
    const batch = await readPdf(short.pdf);
    expect(batch.pages).toBe(short.pages);
    const rows = short.manifestCsv.trim().split("\n");
    expect(rows[0]).toBe("member_number,first_page,page_count");
    const parsed = rows.slice(1).map((r) => r.split(","));
    expect(parsed.map((r) => r[0])).toEqual(["M0", "M1", "M2", "M3", "M4"]);
    expect(parsed.reduce((sum, r) => sum + Number(r[2]), 0)).toBe(short.pages);
    // Each letter's first page carries that member's name in the window.
    const all = batch.words;
    parsed.forEach(([, first], i) => {
      expect(all.some((w) => w.page === Number(first) && w.text === `Medlem${i}` && w.yMin < WINDOW_BOX_MM.bottom * MM)).toBe(true);
    });

    const mixed = await tLong.buildPrintBatch(items, { clock });
    const m = mixed.manifest;
    expect(m.every((row) => row.pageCount > 1)).toBe(true);
    for (let i = 1; i < m.length; i++) expect(m[i]!.firstPage).toBe(m[i - 1]!.firstPage + m[i - 1]!.pageCount);
    expect((await readPdf(mixed.pdf)).pages).toBe(m[m.length - 1]!.firstPage + m[m.length - 1]!.pageCount - 1);
  });
});
