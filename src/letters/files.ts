// Where letters live under LETTER_DIR. Paths in the database are relative to it, so the directory
// can move (a new volume) without rewriting rows. Names carry ids only, never names of members.
import { unlink } from "node:fs/promises";
import { isAbsolute, join, normalize, resolve } from "node:path";

export const letterPieceFile = (campaignId: number, deliveryId: bigint) => `campaign-${campaignId}/letters/${deliveryId}.pdf`;

export function printBatchFiles(campaignId: number, number: number) {
  const stem = `campaign-${campaignId}/budstikke-c${campaignId}-b${number}`;
  return { pdf: `${stem}.pdf`, manifest: `${stem}-manifest.csv`, zip: `${stem}.zip` };
}

/** The absolute path of a stored relative path; refuses one that would leave LETTER_DIR. */
export function inLetterDir(letterDir: string, relative: string): string {
  const clean = normalize(relative);
  if (isAbsolute(clean) || clean.startsWith("..")) throw new Error(`not a path inside LETTER_DIR: ${relative}`);
  return join(resolve(letterDir), clean);
}

/** Removes a stored letter file; true when it was there. A file already gone is fine; other errors are thrown. */
export async function removeLetterFile(letterDir: string, relative: string): Promise<boolean> {
  try {
    await unlink(inLetterDir(letterDir, relative));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
