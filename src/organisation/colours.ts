// The shades an email, a letter and a member page draw in, derived from the brand colour so
// that text keeps a contrast of at least 4.5:1 (WCAG 2.1 SC 1.4.3) whatever colour the union
// chose: text on the brand colour is black or white (one of them always reaches 4.58:1), and
// the brand colour as text (links) is darkened step by step until it reaches 4.5:1 on the
// lightest background it is drawn on.
export const MIN_CONTRAST = 4.5;

/** Backgrounds the layouts use; links must read on all of them. */
export const PAGE_BACKGROUND = "#ffffff";
export const FOOTER_BACKGROUND = "#f3f4f6";
export const FOOTER_TEXT = "#374151";
export const BODY_TEXT = "#1f2937";

export interface BrandShades {
  /** The colour as chosen (#rrggbb). */
  brand: string;
  /** Text on the brand colour: #000000 or #ffffff, whichever contrasts more. */
  onBrand: string;
  /** The brand colour, darkened if needed, for links and accents on white and on the footer. */
  link: string;
  /** Whether `link` differs from `brand`. */
  adjusted: boolean;
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2.1 relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The brand colour scaled towards black until it contrasts at least MIN_CONTRAST with every background. */
export function darkenFor(brand: string, backgrounds: readonly string[]): string {
  const base = channels(brand);
  for (let step = 0; step <= 100; step++) {
    const candidate = toHex(base.map((c) => c * (1 - step / 100)) as [number, number, number]);
    if (backgrounds.every((bg) => contrast(candidate, bg) >= MIN_CONTRAST)) return candidate;
  }
  return "#000000";
}

export function brandShades(brand: string): BrandShades {
  const colour = brand.toLowerCase();
  const onBrand = contrast(colour, "#000000") >= contrast(colour, "#ffffff") ? "#000000" : "#ffffff";
  const link = darkenFor(colour, [PAGE_BACKGROUND, FOOTER_BACKGROUND]);
  return { brand: colour, onBrand, link, adjusted: link !== colour };
}
