// Cutting a campaign's letters into print batches: in the given (postcode) order, a batch takes
// letters while its pages stay within the limit. A letter longer than the limit on its own gets a
// batch of its own rather than being split (a letter is never divided between two files).
export interface Sized {
  pages: number;
}

export function cutIntoBatches<T extends Sized>(letters: readonly T[], maxPages: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let pages = 0;
  for (const letter of letters) {
    if (current.length > 0 && pages + letter.pages > maxPages) {
      batches.push(current);
      current = [];
      pages = 0;
    }
    current.push(letter);
    pages += letter.pages;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Sheets of paper for a letter of `pages` pages. */
export function sheetsFor(pages: number, duplex: boolean): number {
  return duplex ? Math.ceil(pages / 2) : pages;
}
