// Postage from the configured price table (LETTER_POSTAGE: `sheets:price` steps, NOK). Letters are
// priced by weight, and the weight follows the sheets. A print batch of fewer than
// LETTER_BULK_MINIMUM letters does not get the bulk rate the table assumes: the review warns.
export interface PostageStep {
  maxSheets: number;
  price: number;
}

export function parsePostageTable(table: string): PostageStep[] {
  return table
    .split(",")
    .map((pair) => {
      const [sheets, price] = pair.split(":");
      return { maxSheets: Number(sheets), price: Number(price) };
    })
    .sort((a, b) => a.maxSheets - b.maxSheets);
}

/** The price of one letter, or null when it is heavier than the table goes. */
export function postageFor(sheets: number, steps: readonly PostageStep[]): number | null {
  return steps.find((s) => sheets <= s.maxSheets)?.price ?? null;
}

export interface PostageEstimate {
  /** NOK, rounded to øre. */
  total: number;
  /** Letters heavier than the price table goes (priced by hand). */
  unpriced: number;
}

/** Postage of letters given by their sheet counts, as `sheets → letters`. */
export function estimatePostage(lettersBySheets: ReadonlyMap<number, number>, steps: readonly PostageStep[]): PostageEstimate {
  let total = 0;
  let unpriced = 0;
  for (const [sheets, letters] of lettersBySheets) {
    const price = postageFor(sheets, steps);
    if (price === null) unpriced += letters;
    else total += price * letters;
  }
  return { total: Math.round(total * 100) / 100, unpriced };
}
