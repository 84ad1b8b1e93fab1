// Print-ready A4 letters with pdfkit. One PDFDocument can hold any number of letters, so a
// print batch is rendered straight into one merged PDF (no PDF merging afterwards), while we
// note where each letter starts and how many pages it has.
//
// Layout (millimetres from the top-left corner of A4, 210 × 297):
//   organisation head (above the window) logo x 20, y 12, at most 55 × 16;
//                                        name and return address right-aligned, x 110–190, y 12–40
//   window box (C5/C4 window envelope)   x 20–105, y 45–90
//     return line, 7 pt, underlined      x 22, y 46 (only letters without the organisation head)
//     recipient address, 10.5 pt         x 22, y 52 (at most 7 lines, so it ends by y 85)
//   place and date, right-aligned        y 95, right margin 20
//   body                                 from y 110 on page 1, y 25 on later pages, left 25, right 20, bottom 25
//   contact line (every page), 7.5 pt     y 285, left
//   "Side n av m" (letters > 1 page)     y 285, right-aligned
import { DomainError } from "../errors.ts";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import type PDFDocumentType from "pdfkit";
import type { LetterAddress } from "./context.ts";
import type { LetterHead } from "./layout.ts";

const MM = 72 / 25.4;
export const WINDOW_BOX_MM = { left: 20, right: 105, top: 45, bottom: 90 } as const;
const LAYOUT = {
  returnLine: { x: 22, y: 46, size: 7 },
  address: { x: 22, y: 52, width: 82, size: 10.5, maxLines: 7 },
  dateLine: { y: 95, size: 10.5 },
  body: { firstTop: 110, top: 25, left: 25, right: 20, bottom: 25, size: 10.5 },
  pageNumber: { y: 285, size: 8 },
  head: { logo: { x: 20, y: 12, width: 55, height: 16 }, text: { left: 110, right: 20, y: 12, size: 8.5, maxLines: 6 } },
  contactLine: { y: 285, size: 7.5, width: 140 },
} as const;

export class MissingAddressError extends DomainError {
  override name = "MissingAddressError";
  constructor(message: string) {
    super("invalid", message);
  }
}

/** What pdfkit's registerFont takes: a file's bytes, or (pdfkit ≥ 0.16) a parsed fontkit font. */
type FontSource = Parameters<PDFKit.PDFDocument["registerFont"]>[1];

let fonts: { regular: FontSource; bold: FontSource } | undefined;
/**
 * Parsed once per process and shared by every document: given bytes, pdfkit would parse the font
 * (and rebuild its glyph and layout caches) for each letter, which was most of a letter's
 * rendering time and memory. Resolved through the package so any working directory works.
 */
function fontData(): { regular: FontSource; bold: FontSource } {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const parse = (file: string) => fontkit.create(readFileSync(require.resolve(file))) as unknown as FontSource;
    fonts = { regular: parse("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"), bold: parse("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf") };
  }
  return fonts;
}

export interface LetterLayoutOptions {
  returnLine: string;
  place: string;
  /** Already formatted (nb-NO, Europe/Oslo). */
  dateText: string;
  /** PDF metadata date (from the injected clock, so output is reproducible). */
  creationDate: Date;
  /** The organisation's head and contact line (a build's letters); without it, the template's return line in the window. */
  head?: LetterHead & { logoPng: Buffer | null };
}

export interface LetterPiece {
  address: LetterAddress;
  /** Rendered Markdown-like text. */
  body: string;
}

type Block = { kind: "h1" | "h2" | "p"; text: string } | { kind: "list"; items: string[] };

/** `# `/`## ` headings, `- ` list items, paragraphs separated by blank lines; lines within a paragraph join. */
export function parseBody(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/)) {
    const lines = chunk.split("\n").map((l) => l.trim()).filter(Boolean);
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ kind: "p", text: paragraph.join(" ") });
      paragraph = [];
    };
    for (const line of lines) {
      const heading = /^(#{1,2})\s+(.*)$/.exec(line);
      if (heading) {
        flush();
        blocks.push({ kind: heading[1] === "#" ? "h1" : "h2", text: heading[2]! });
      } else if (/^[-*]\s+/.test(line)) {
        flush();
        const last = blocks[blocks.length - 1];
        const item = line.replace(/^[-*]\s+/, "");
        if (last?.kind === "list") last.items.push(item);
        else blocks.push({ kind: "list", items: [item] });
      } else {
        const last = blocks[blocks.length - 1];
        // A line right after a list item continues that item.
        if (paragraph.length === 0 && last?.kind === "list" && lines.indexOf(line) > 0) {
          last.items[last.items.length - 1] += ` ${line}`;
        } else paragraph.push(line);
      }
    }
    flush();
  }
  return blocks;
}

export interface LetterBatchResult {
  pdf: Buffer;
  /** Per letter, in order: first page (1-based) and page count. */
  placements: Array<{ firstPage: number; pageCount: number }>;
  pages: number;
}

// pdfkit (with fontkit and its tables) is loaded on the first letter: the delivery workers of
// email and SMS never render one and need not carry it.
let pdfkit: Promise<typeof PDFDocumentType> | undefined;
const loadPdfkit = () => (pdfkit ??= import("pdfkit").then((m) => m.default));

/** Renders letters into one PDF. */
export async function renderLetters(letters: LetterPiece[], layout: LetterLayoutOptions): Promise<LetterBatchResult> {
  const PDFDocument = await loadPdfkit();
  const { regular, bold } = fontData();
  const doc = new PDFDocument({
    size: "A4",
    autoFirstPage: false,
    bufferPages: true,
    margins: { top: LAYOUT.body.top * MM, left: LAYOUT.body.left * MM, right: LAYOUT.body.right * MM, bottom: LAYOUT.body.bottom * MM },
    info: { Title: "Budstikke", Producer: "Budstikke", Creator: "Budstikke", CreationDate: layout.creationDate },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("Body", regular);
  doc.registerFont("Bold", bold);

  const placements: LetterBatchResult["placements"] = [];
  for (const letter of letters) {
    const first = doc.bufferedPageRange().count;
    doc.addPage();
    drawFirstPageHead(doc, letter.address, layout);
    drawBody(doc, parseBody(letter.body));
    placements.push({ firstPage: first + 1, pageCount: doc.bufferedPageRange().count - first });
  }
  for (const { firstPage, pageCount } of placements) {
    for (let i = 0; i < pageCount; i++) drawPageFooter(doc, firstPage - 1 + i, i + 1, pageCount, layout.head?.contactLine);
  }
  const pages = doc.bufferedPageRange().count;
  doc.end();
  return done.then((pdf) => ({ pdf, placements, pages }));
}

function drawFirstPageHead(doc: PDFKit.PDFDocument, address: LetterAddress, layout: LetterLayoutOptions): void {
  const r = LAYOUT.returnLine;
  const a = LAYOUT.address;
  const width = a.width * MM;
  if (layout.head) drawOrganisationHead(doc, layout.head);
  else {
    doc.font("Body").fontSize(r.size).text(layout.returnLine, r.x * MM, r.y * MM, {
      width, height: r.size * 1.3, lineBreak: false, ellipsis: true, underline: true,
    });
  }
  doc.fontSize(a.size);
  const lines = [address.name, ...address.lines].filter((l) => l.trim()).slice(0, a.maxLines);
  const lineHeight = doc.currentLineHeight(true);
  lines.forEach((line, i) => {
    doc.text(line, a.x * MM, a.y * MM + i * lineHeight, { width, height: lineHeight, lineBreak: false, ellipsis: true });
  });
  const right = doc.page.width - LAYOUT.body.right * MM;
  const left = LAYOUT.body.left * MM;
  doc.fontSize(LAYOUT.dateLine.size).text(`${layout.place}, ${layout.dateText}`, left, LAYOUT.dateLine.y * MM, {
    width: right - left, align: "right", lineBreak: false,
  });
  doc.x = left;
  doc.y = LAYOUT.body.firstTop * MM;
}

function drawBody(doc: PDFKit.PDFDocument, blocks: Block[]): void {
  const left = LAYOUT.body.left * MM;
  const width = doc.page.width - left - LAYOUT.body.right * MM;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const size = LAYOUT.body.size;
  for (const block of blocks) {
    switch (block.kind) {
      case "h1":
      case "h2": {
        const headingSize = block.kind === "h1" ? 14 : 12;
        // Keep a heading with at least two lines of what follows.
        if (doc.y + headingSize * 1.4 + size * 2.6 > bottom()) doc.addPage();
        doc.font("Bold").fontSize(headingSize).text(block.text, left, doc.y, { width });
        doc.moveDown(0.35);
        break;
      }
      case "p":
        doc.font("Body").fontSize(size).text(block.text, left, doc.y, { width, lineGap: 1.5 });
        doc.moveDown(0.6);
        break;
      case "list": {
        const indent = 5 * MM;
        doc.font("Body").fontSize(size);
        for (const item of block.items) {
          if (doc.y + doc.currentLineHeight(true) > bottom()) doc.addPage();
          const y = doc.y;
          doc.text("•", left + 1.5 * MM, y, { lineBreak: false });
          doc.text(item, left + indent, y, { width: width - indent, lineGap: 1.5 });
          doc.moveDown(0.2);
        }
        doc.moveDown(0.4);
        break;
      }
    }
  }
}

/**
 * The logo at the top left and the organisation's name and address at the top right, all above
 * the window (y < 45 mm): the window shows the recipient and nothing else.
 */
function drawOrganisationHead(doc: PDFKit.PDFDocument, head: LetterHead & { logoPng: Buffer | null }): void {
  const { logo, text } = LAYOUT.head;
  if (head.logoPng) doc.image(head.logoPng, logo.x * MM, logo.y * MM, { fit: [logo.width * MM, logo.height * MM] });
  const left = text.left * MM;
  const width = doc.page.width - text.right * MM - left;
  const lines = [head.name, ...head.addressLines].slice(0, text.maxLines);
  doc.fontSize(text.size);
  const lineHeight = doc.currentLineHeight(true);
  lines.forEach((line, i) => {
    doc.font(i === 0 ? "Bold" : "Body").text(line, left, text.y * MM + i * lineHeight, { width, align: "right", lineBreak: false, ellipsis: true });
  });
  doc.font("Body");
}

/** The contact line (letters with the organisation head) and "Side n av m" (letters of more than one page). */
function drawPageFooter(doc: PDFKit.PDFDocument, pageIndex: number, n: number, total: number, contactLine: string | undefined): void {
  if (total === 1 && !contactLine) return;
  doc.switchToPage(pageIndex);
  // Writing below the bottom margin would make pdfkit start a new page: lift the margin while we write.
  const margin = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  const left = LAYOUT.body.left * MM;
  const right = doc.page.width - LAYOUT.body.right * MM;
  if (contactLine) {
    const c = LAYOUT.contactLine;
    doc.font("Body").fontSize(c.size).text(contactLine, left, c.y * MM, { width: c.width * MM, lineBreak: false, ellipsis: true });
  }
  if (total > 1) {
    doc.font("Body").fontSize(LAYOUT.pageNumber.size).text(`Side ${n} av ${total}`, left, LAYOUT.pageNumber.y * MM, {
      width: right - left, align: "right", lineBreak: false,
    });
  }
  doc.page.margins.bottom = margin;
}
