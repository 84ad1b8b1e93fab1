// Collating a print batch: many one-letter PDFs become one print-ready PDF, written to a file as
// it goes. pdfkit's memory grows with the size of a document, and pdf-lib holds a whole document
// until it is saved, so neither may hold a 2,000-page batch. Here only one letter is parsed at a
// time: its pages are copied (with fonts and images) into a small scratch document whose object
// numbers continue after those already written, and the scratch objects go straight to the file.
// Only the byte offset of each object and the page references stay in memory; the page tree and
// cross-reference table are written at the end.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { PDFDocument, PDFName, PDFRef, type PDFObject } from "pdf-lib";
import { tempPathBeside } from "../atomic-write.ts";

/** The merged document's catalog and page tree have fixed numbers, written last. */
const CATALOG = 1;
const PAGE_TREE = 2;

export interface MergedPdf {
  /** Pages in the merged file. */
  pages: number;
  /** Per input, in order: its first page (1-based) and its page count, for the manifest. */
  placements: Array<{ firstPage: number; pageCount: number }>;
  bytes: number;
}

export class PdfMergeError extends Error {
  override name = "PdfMergeError";
}

/**
 * Writes the inputs' pages, in order, into one PDF at `path`. An input that is not a readable
 * PDF fails the whole merge (a print batch with a letter missing must not be handed over). The
 * file appears at `path` only when complete (written beside it, then renamed) and is readable by
 * its owner only: it holds names and addresses. A failed merge leaves nothing behind.
 */
export async function mergePdfFiles(path: string, inputs: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<MergedPdf> {
  const tmp = await tempPathBeside(path);
  const out = createWriteStream(tmp, { mode: 0o600 });
  const failed = once(out, "error").then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  let offset = 0;
  const write = async (chunk: Buffer) => {
    if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
    offset += chunk.length;
  };
  try {
    const xref: number[] = [];
    const kids: PDFRef[] = [];
    const placements: MergedPdf["placements"] = [];
    // The binary comment line tells transfer tools the file is binary (PDF 32000-1, 7.5.2).
    await write(Buffer.from("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "latin1"));
    let nextObject = PAGE_TREE + 1;
    for await (const input of inputs) {
      const source = await PDFDocument.load(input, { updateMetadata: false }).catch((error: unknown) => {
        throw new PdfMergeError(`input ${placements.length + 1} is not a readable PDF: ${(error as Error).message}`);
      });
      const scratch = await PDFDocument.create({ updateMetadata: false });
      const own = new Set(scratch.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber));
      scratch.context.largestObjectNumber = nextObject - 1;
      const pages = await scratch.copyPages(source, source.getPageIndices());
      if (pages.length === 0) throw new PdfMergeError(`input ${placements.length + 1} has no pages`);
      placements.push({ firstPage: kids.length + 1, pageCount: pages.length });
      for (const page of pages) {
        page.node.set(PDFName.of("Parent"), PDFRef.of(PAGE_TREE));
        kids.push(page.ref);
      }
      for (const [ref, object] of scratch.context.enumerateIndirectObjects()) {
        if (own.has(ref.objectNumber)) continue; // the scratch document's own catalog and page tree
        xref[ref.objectNumber] = offset;
        await write(Buffer.concat([Buffer.from(`${ref.objectNumber} 0 obj\n`, "latin1"), bytesOf(object), Buffer.from("\nendobj\n", "latin1")]));
        nextObject = Math.max(nextObject, ref.objectNumber + 1);
      }
    }
    if (kids.length === 0) throw new PdfMergeError("nothing to merge: no inputs");
    xref[CATALOG] = offset;
    await write(Buffer.from(`${CATALOG} 0 obj\n<< /Type /Catalog /Pages ${PAGE_TREE} 0 R >>\nendobj\n`, "latin1"));
    xref[PAGE_TREE] = offset;
    await write(Buffer.from(`${PAGE_TREE} 0 obj\n<< /Type /Pages /Count ${kids.length} /Kids [${kids.map((k) => `${k.objectNumber} 0 R`).join(" ")}] >>\nendobj\n`, "latin1"));
    const xrefAt = offset;
    // Each entry is exactly 20 bytes (PDF 32000-1, 7.5.4); numbers never used are free entries.
    const entries = ["0000000000 65535 f \n"];
    for (let n = 1; n < nextObject; n++) entries.push(xref[n] === undefined ? "0000000000 00001 f \n" : `${String(xref[n]).padStart(10, "0")} 00000 n \n`);
    await write(Buffer.from(`xref\n0 ${nextObject}\n${entries.join("")}trailer\n<< /Size ${nextObject} /Root ${CATALOG} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1"));
    out.end();
    await Promise.race([once(out, "finish"), failed]);
    await rename(tmp, path);
    return { pages: kids.length, placements, bytes: offset };
  } catch (error) {
    // The stream opens its file asynchronously: unlinking before it has closed could race the open.
    out.destroy();
    if (!out.closed) await once(out, "close");
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

function bytesOf(object: PDFObject): Buffer {
  const buffer = Buffer.alloc(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return buffer;
}
