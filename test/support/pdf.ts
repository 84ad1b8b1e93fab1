// Reads PDFs in tests with pdfjs (an npm package), so `npm install && npm test` needs no system
// tools. Text items come with their positions; pages are counted by the document itself.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface Word {
  text: string;
  page: number;
  /** Points, origin at the top-left corner of the page (like pdftotext -bbox). */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfText {
  pages: number;
  words: Word[];
  /** Each page's text, lines in reading order (top to bottom), items joined by spaces. */
  pageTexts: string[];
  text: string;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/**
 * Words with approximate boxes: a text run is split at spaces and its width shared out by
 * characters, and the box spans the font's ascent and descent (0.8 and 0.2 of its size). Exact at
 * the ends of each run, which is what "inside the window box" checks need.
 */
export async function readPdf(data: Uint8Array): Promise<PdfText> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  try {
    const words: Word[] = [];
    const pageTexts: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const height = page.view[3]! - page.view[1]!;
      const content = await page.getTextContent();
      const lines = new Map<number, string[]>();
      for (const raw of content.items) {
        if (!("str" in raw)) continue;
        const item = raw as TextItem;
        const [, , , size = 0, x = 0, baseline = 0] = item.transform;
        const top = height - baseline;
        const key = Math.round(top);
        lines.set(key, [...(lines.get(key) ?? []), item.str]);
        const perChar = item.str.length > 0 ? item.width / item.str.length : 0;
        let offset = 0;
        for (const part of item.str.split(/(\s+)/)) {
          if (part.trim() !== "") {
            words.push({
              text: part, page: p,
              xMin: x + offset * perChar, xMax: x + (offset + part.length) * perChar,
              yMin: top - 0.8 * Math.abs(size), yMax: top + 0.2 * Math.abs(size),
            });
          }
          offset += part.length;
        }
      }
      pageTexts.push([...lines].sort((a, b) => a[0] - b[0]).map(([, parts]) => parts.join(" ").replace(/\s+/g, " ").trim()).join("\n"));
    }
    return { pages: doc.numPages, words, pageTexts, text: pageTexts.join("\n\f") };
  } finally {
    await doc.destroy();
  }
}
