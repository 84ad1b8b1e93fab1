// The brand colour never costs contrast (WCAG 2.1 SC 1.4.3, 4.5:1 for normal text).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brandShades, contrast, FOOTER_BACKGROUND, FOOTER_TEXT, PAGE_BACKGROUND, BODY_TEXT } from "../../src/organisation/colours.ts";

const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, "0")}`);

describe("contrast", () => {
  it("should give the WCAG ratios of known pairs", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBe(1);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});

describe("brand shades", () => {
  it("should keep yellow #ffff00 as the button colour with black text, and darken it for links", () => {
    const shades = brandShades("#ffff00");
    expect(shades).toMatchObject({ brand: "#ffff00", onBrand: "#000000", adjusted: true });
    expect(contrast(shades.brand, shades.onBrand)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(shades.link, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(shades.link, FOOTER_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });

  it("should leave a dark brand colour as it is", () => {
    expect(brandShades("#1F4E79")).toEqual({ brand: "#1f4e79", onBrand: "#ffffff", link: "#1f4e79", adjusted: false });
  });

  it("should reach 4.5:1 for buttons and links whatever the colour", () => {
    fc.assert(
      fc.property(hex, (colour) => {
        const shades = brandShades(colour);
        expect(contrast(shades.brand, shades.onBrand)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(shades.link, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(shades.link, FOOTER_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
      }),
      { numRuns: 2000 },
    );
  });

  it("should draw the layout's own text at 4.5:1 or more", () => {
    expect(contrast(FOOTER_TEXT, FOOTER_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(BODY_TEXT, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });
});
