// The organisation's logo, uploaded as PNG or SVG and stored by Budstikke itself (never
// hot-linked: a member's mail client or browser fetches it from us, and no third party learns
// who opened what). Emails, letters and member pages always use a PNG: many mail clients show
// no SVG, pdfkit draws none, and an SVG served from our origin could carry script. An SVG is
// therefore rendered to PNG once, at upload (resvg: no network, no script), and only the PNG is
// ever served.
import { createHash } from "node:crypto";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";

export const LOGO_MAX_BYTES = 1024 * 1024;
/** Pixel height an SVG is rendered at: a 48 px header logo stays sharp on 3× screens. */
const SVG_RENDER_HEIGHT = 160;
const PNG_MAX_SIDE = 4000;

export class LogoError extends DomainError {
  override name = "LogoError";
  constructor(message: string) {
    super("invalid", message);
  }
}

export interface StoredLogo {
  id: number;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 2048).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head);
}

/** Checks an upload and returns the PNG to show, with its size. Throws LogoError with what is wrong. */
export async function prepareLogo(bytes: Buffer): Promise<{ type: "image/png" | "image/svg+xml"; png: Buffer; width: number; height: number }> {
  if (bytes.length === 0) throw new LogoError("the logo file is empty");
  if (bytes.length > LOGO_MAX_BYTES) throw new LogoError(`the logo is ${Math.ceil(bytes.length / 1024)} KiB; at most ${LOGO_MAX_BYTES / 1024} KiB is allowed`);
  const png = pngSize(bytes);
  if (png) {
    if (png.width === 0 || png.height === 0 || png.width > PNG_MAX_SIDE || png.height > PNG_MAX_SIDE) {
      throw new LogoError(`the PNG is ${png.width}×${png.height} pixels; each side must be 1–${PNG_MAX_SIDE}`);
    }
    return { type: "image/png", png: bytes, ...png };
  }
  if (!looksLikeSvg(bytes)) throw new LogoError("the logo must be a PNG or an SVG file");
  const { Resvg } = await import("@resvg/resvg-js");
  let rendered;
  try {
    rendered = new Resvg(bytes, { fitTo: { mode: "height", value: SVG_RENDER_HEIGHT }, font: { loadSystemFonts: true } }).render();
  } catch (error) {
    throw new LogoError(`the SVG could not be read: ${(error as Error).message}`);
  }
  if (rendered.width === 0 || rendered.height === 0) throw new LogoError("the SVG has no size (set width and height or a viewBox)");
  return { type: "image/svg+xml", png: rendered.asPng(), width: rendered.width, height: rendered.height };
}

/** Stores a logo (the same file twice is one row) and returns its id and PNG size. */
export async function storeLogo(db: Db, bytes: Buffer, now: Date): Promise<StoredLogo> {
  const prepared = await prepareLogo(bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const select = { id: true, width: true, height: true } as const;
  const existing = await db.organisationLogo.findUnique({ where: { sha256 }, select });
  if (existing) return existing;
  return db.organisationLogo.upsert({
    where: { sha256 },
    create: {
      sha256, originalType: prepared.type, original: new Uint8Array(bytes), png: new Uint8Array(prepared.png),
      width: prepared.width, height: prepared.height, createdAt: now,
    },
    update: {},
    select,
  });
}

/** The PNG of a logo, for serving and for letters. */
export async function logoPng(db: Db, logoId: number): Promise<Buffer | null> {
  const row = await db.organisationLogo.findUnique({ where: { id: logoId }, select: { png: true } });
  return row ? Buffer.from(row.png) : null;
}
